#pragma once
// The public namespace's servers: `natlab stun-server` with RFC 5780 (two
// addresses, two ports) and natlab-turnd, started from the build directory
// and stopped by PID when the lab goes. The namespace is the test's own, so
// the well-known ports are free there.
#include <cstdint>
#include <regex>
#include <string>

#include "tests/netns/lab.h"

namespace natlab::netns {

inline const std::string kBinaryDir = NATLAB_BINARY_DIR;
inline const std::string kSourceDir = NATLAB_SOURCE_DIR;

inline constexpr std::uint16_t kTurnPort = 3478;        // natlab-turnd (STUN and TURN) on kServerIp
inline constexpr std::uint16_t kStunPort = 3479;        // natlab stun-server's primary port
inline constexpr std::uint16_t kStunAltPort = 3480;     // ... and its alternate (RFC 5780 6)
inline const std::string kTurnUser = "alice";
inline const std::string kTurnPassword = "s3cret";
inline const std::string kTurnRealm = "natlab.test";

// True once it has logged all four sockets (it binds them before it logs).
inline bool start_stun_server(Lab& lab, std::string& error) {
  auto* p = lab.start(lab.public_ns(),
                      {kBinaryDir + "/natlab", "stun-server", "--listen", kServerIp + ":" + std::to_string(kStunPort),
                       "--alternate-ip", kAlternateIp, "--alternate-port", std::to_string(kStunAltPort)},
                      error);
  if (!p) return false;
  if (!p->wait_until([&] { return p->err().find("RFC 5780 on") != std::string::npos; }, std::chrono::seconds(30))) {
    error = "natlab stun-server did not start: " + p->err();
    return false;
  }
  return true;
}

// natlab-turnd on kServerIp:kTurnPort, relaying from kServerIp. The peers
// are the routers' public addresses in 203.0.113.0/24, a documentation
// range natlab-turnd refuses by default (RFC 5766 9.2 lets it).
inline bool start_turnd(Lab& lab, std::string& error) {
  auto* p = lab.start(lab.public_ns(),
                      {kBinaryDir + "/natlab-turnd", "--listen", kServerIp + ":" + std::to_string(kTurnPort),
                       "--relay-ip", kServerIp, "--realm", kTurnRealm, "--user", kTurnUser + ":" + kTurnPassword,
                       "--user", "bob:hunter2", "--allowed-peer-ip", kPublicPrefix + "0/24", "--min-port", "49152",
                       "--max-port", "49999"},
                      error);
  if (!p) return false;
  const std::regex ready("listening on udp");
  if (!p->wait_until([&] { return std::regex_search(p->err(), ready); }, std::chrono::seconds(30))) {
    error = "natlab-turnd did not start: " + p->err();
    return false;
  }
  return true;
}

}  // namespace natlab::netns
