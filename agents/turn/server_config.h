#pragma once
// Configuration of a TURN server (RFC 5766) over UDP.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "agents/turn/peer_policy.h"
#include "common/ip.h"
#include "common/time.h"

namespace natlab::turn {

struct TurnServerConfig {
  // Sockets on which clients reach the server (RFC 5766 4: 3478 by default).
  std::vector<Endpoint> listening{Endpoint{IpAddress::v4(0xC0000201), 3478}};
  // Where clients reach it over TCP (RFC 5766 2.1); empty: UDP only. A
  // connection's allocation relays over UDP all the same.
  std::vector<Endpoint> tcp_listening;
  // Bytes a TCP connection may have buffered without forming a whole message.
  std::size_t max_stream_buffer = 4 * (4 + 65535 + 1);
  // The IP address of every relayed transport address.
  IpAddress relay_address = IpAddress::v4(0xC0000201);
  // RFC 5766 6.2 SHOULD: allocate from 49152-65535.
  std::uint16_t relay_port_min = 49152;
  std::uint16_t relay_port_max = 65535;
  // On a real host another process may hold a port of the range: asked
  // before a relayed transport address is handed out, false makes the server
  // try another port (and answer 508 after a few). Unset: every port is
  // usable, as in the simulator.
  std::function<bool(const Endpoint& relayed)> relay_port_usable;

  // Peers it relays to; others get 403 (RFC 5766 9.2, 11.2). Allows all by
  // default: scenarios use documentation addresses.
  PeerPolicy peer_policy = PeerPolicy::allow_all();

  std::string realm = "natlab";
  std::map<std::string, std::string> users;  // username -> password

  Duration default_lifetime = std::chrono::seconds(600);     // RFC 5766 2.2
  Duration max_lifetime = std::chrono::seconds(3600);        // RFC 5766 6.2 RECOMMENDED
  Duration permission_lifetime = std::chrono::seconds(300);  // RFC 5766 8
  Duration channel_lifetime = std::chrono::seconds(600);     // RFC 5766 11
  Duration nonce_lifetime = std::chrono::seconds(600);
  Duration reservation_lifetime = std::chrono::seconds(30);  // RFC 5766 6.2: at least 30 s
  // 0: rebinding after expiry is accepted at once, as RFC 5766 11 lets the
  // server do. 5 min: reject rebinds the client should not have sent yet.
  Duration channel_rebind_guard = Duration::zero();

  std::size_t max_allocations_per_user = 10;  // 486 beyond (RFC 5766 6.2 step 7)
  std::size_t max_allocations = 10000;        // 508 beyond
  std::size_t max_permissions_per_allocation = 256;  // 508 beyond (RFC 5766 9.2)
  std::size_t max_channels_per_allocation = 256;     // 508 beyond (RFC 5766 11.2)
  // Largest application payload relayed either way (IPv4 UDP maximum).
  std::size_t max_payload = 65507;

  // RFC 5766 12: a server over UDP that can set DF honours DONT-FRAGMENT;
  // one that cannot treats it as an unknown comprehension-required attribute.
  bool dont_fragment_supported = true;
  // RFC 6156 4.2: understand REQUESTED-ADDRESS-FAMILY in Allocate (the
  // relay's own family granted, the other one 440). Off: the attribute is an
  // unknown comprehension-required one (420), as for a plain RFC 5766 server.
  bool requested_address_family = false;
  std::string software = "natlab-turn";
  bool fingerprint = true;
};

}  // namespace natlab::turn
