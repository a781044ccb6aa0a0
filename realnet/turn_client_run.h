#pragma once
// One scripted TURN client session on the real network, as `natlab
// turn-client` runs it: allocate, create a permission for the peer,
// optionally bind a channel, relay `count` datagrams to a peer that echoes
// them and receive them back through the relay, then deallocate. natlab's
// sans-IO TurnClient does the protocol; realnet::Driver the sockets.
#include <cstdint>
#include <optional>
#include <string>

#include <asio/io_context.hpp>

#include "common/ip.h"
#include "common/time.h"

namespace natlab::realnet {

struct TurnClientRun {
  Endpoint server;
  std::string username;
  std::string password;
  std::string realm;  // expected REALM; empty: whatever the server names
  // The echoing peer; unset: an echo socket of our own on 127.0.0.1.
  std::optional<Endpoint> peer;
  int count = 5;
  std::size_t payload_size = 100;  // bytes per datagram (at least 16)
  bool channel = false;            // ChannelBind, then ChannelData
  // RFC 5766 2.1: UDP, or one TCP connection to the server (the relay is
  // UDP either way).
  Transport transport = Transport::Udp;
  // How long each step may take: a safety net against a silent server.
  Duration step_timeout = std::chrono::seconds(5);
};

struct TurnClientOutcome {
  bool ok = false;  // every datagram came back
  std::optional<Endpoint> relayed;
  std::optional<Endpoint> mapped;
  Endpoint peer;
  int sent = 0;
  int received = 0;
  int received_as_channel_data = 0;
  int received_as_data_indication = 0;
  std::optional<std::uint16_t> channel;
  bool deallocated = false;  // the server confirmed LIFETIME 0
  std::string failed_step;   // "allocate", "permission", "channel", "relay", "deallocate"
  std::string error;         // what went wrong there
};

TurnClientOutcome run_turn_client(asio::io_context& io, const TurnClientRun& run);

// One line: "relayed A mapped M peer P sent N received N via channel-data
// (channel 0x4000) deallocated", or "FAILED at <step>: <error>; ...".
std::string summary(const TurnClientOutcome& o);

}  // namespace natlab::realnet
