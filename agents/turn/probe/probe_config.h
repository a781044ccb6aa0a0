#pragma once
// What `natlab turn-probe` is told about the server it probes.
#include <cstdint>
#include <optional>
#include <string>

#include "common/ip.h"
#include "common/time.h"

namespace natlab::turn::probe {

struct ProbeConfig {
  Endpoint server;  // where the server listens for clients (UDP)
  std::string username;
  std::string password;
  // The realm the server is expected to announce; empty: take whatever its
  // 401 says (long-term keys use the realm of the challenge, RFC 5389 10.2.3).
  std::string realm;
  // Run the cases that wait for server timers (permission expiry at 300 s,
  // channel expiry at 600 s).
  bool slow = false;
  // RFC 5766 8: 300 s. Servers configured otherwise are probed with theirs.
  Duration permission_lifetime = std::chrono::seconds(300);
  // RFC 5766 11: 10 minutes.
  Duration channel_lifetime = std::chrono::seconds(600);
  // How long a request is retransmitted (RFC 5389 7.2.1) before the case
  // gives up on an answer, and how long a datagram expected at a socket may take.
  Duration timeout = std::chrono::milliseconds(5000);
  // How long a socket must stay silent for "the server did not relay it".
  // Not a measurement: a datagram that arrives later is still caught,
  // because every case sends distinct payloads and checks which arrived.
  Duration quiet = std::chrono::milliseconds(300);
  std::uint64_t seed = 1;  // transaction ids and payloads
};

}  // namespace natlab::turn::probe
