#pragma once
// A STUN server core (RFC 5389) with the RFC 5780 behaviour-discovery
// extensions, sans-IO. The caller owns up to four sockets (primary ip/port,
// primary ip/alternate port, alternate ip/primary port, alternate ip/alternate
// port, see local_endpoints()), passes each received datagram with the socket
// it arrived on, and sends each Transmit from the socket it names.
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "agents/stun/message.h"
#include "common/ip.h"
#include "common/time.h"
#include "common/transmit.h"

namespace natlab::stun {

struct ServerConfig {
  Endpoint primary;
  // RFC 5780 6: CHANGE-REQUEST and OTHER-ADDRESS need both a second IP address
  // and a second port; with either missing the server acts as plain RFC 5389.
  std::optional<IpAddress> alternate_ip;
  std::optional<std::uint16_t> alternate_port;
  std::string software = "natlab";
  bool fingerprint = true;
  // RFC 5780 6.1 asks for MAPPED-ADDRESS beside XOR-MAPPED-ADDRESS, for
  // RFC 3489 clients.
  bool mapped_address = true;
};

struct ServerCounters {
  std::uint64_t received = 0;
  std::uint64_t success_responses = 0;
  std::uint64_t error_responses = 0;
  std::uint64_t dropped_malformed = 0;        // not STUN, or the codec refused it
  std::uint64_t dropped_bad_fingerprint = 0;  // FINGERPRINT present but wrong
  std::uint64_t dropped_not_request = 0;      // indications and responses
  std::uint64_t dropped_unknown_local = 0;    // arrived on a socket not ours
};

class StunServer {
 public:
  explicit StunServer(ServerConfig config);

  // True when the server has both an alternate IP and an alternate port.
  bool discovery_capable() const;
  // The sockets the caller must open: 1 without alternates, 4 with both (2
  // with only one of them: the server then still answers on each).
  std::vector<Endpoint> local_endpoints() const;

  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes);
  std::optional<Transmit> poll_transmit();

  const ServerCounters& counters() const { return counters_; }
  const ServerConfig& config() const { return config_; }

 private:
  bool is_local(const Endpoint& ep) const;
  void answer_binding(const Message& req, const Endpoint& local, const Endpoint& remote);
  void send_error(const Message& req, const Endpoint& local, const Endpoint& remote, int code,
                  std::vector<std::uint16_t> unknown = {});
  void send(Message m, const Endpoint& from, const Endpoint& to);

  ServerConfig config_;
  ServerCounters counters_;
  std::deque<Transmit> out_;
};

}  // namespace natlab::stun
