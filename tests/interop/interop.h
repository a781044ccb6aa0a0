#pragma once
// What the coturn interop tests share: starting natlab-turnd, coturn's
// turnserver and turnutils_peer on 127.0.0.1 with ports chosen at run time,
// each a child process stopped by its PID.
#include <gtest/gtest.h>

#include <memory>
#include <regex>
#include <string>
#include <vector>

#include "common/ip.h"
#include "tests/support/child_process.h"
#include "tests/support/udp_ports.h"

namespace natlab::interop {

using namespace std::chrono_literals;
using test::ChildProcess;

inline const std::string kBinaryDir = NATLAB_BINARY_DIR;

// The credentials every server here knows.
inline const std::string kUser = "interop";
inline const std::string kPassword = "s3cret-pw";
inline const std::string kRealm = "interop.natlab";

struct Server {
  std::unique_ptr<ChildProcess> proc;
  std::uint16_t port = 0;
  std::string failure;  // why it is not up
};

inline bool have(const char* program) { return test::find_program(program).has_value(); }

// natlab-turnd on a kernel-chosen port, read off its log.
inline Server start_natlab_turnd(std::vector<std::string> extra = {}) {
  Server s;
  std::vector<std::string> argv = {kBinaryDir + "/natlab-turnd", "--listen", "127.0.0.1:0", "--user",
                                   kUser + ":" + kPassword, "--realm", kRealm, "--allow-loopback-peers",
                                   "--min-port", "45000", "--max-port", "45999"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  s.proc = ChildProcess::start(argv, s.failure);
  if (!s.proc) return s;
  const std::regex ready("listening on udp 127\\.0\\.0\\.1:([0-9]+)");
  std::smatch m;
  std::string log;
  if (!s.proc->wait_until([&] { return log = s.proc->err(), std::regex_search(log, m, ready); }, 30s)) {
    s.failure = "natlab-turnd did not report its port:\n" + log;
    return s;
  }
  s.port = static_cast<std::uint16_t>(std::stoi(m[1].str()));
  return s;
}

// coturn's turnserver: no configuration file, loopback only, long-term
// credentials, UDP and TCP on one port (no TLS or DTLS), its pid file and
// database in its own directory.
inline Server start_coturn() {
  Server s;
  const auto relay = test::free_udp_range(100);
  if (!relay) {
    s.failure = "no 100 consecutive free UDP ports";
    return s;
  }
  const std::uint16_t port = test::free_udp_port();
  char dir[] = "/tmp/natlab-coturn-XXXXXX";
  if (!mkdtemp(dir)) {
    s.failure = "mkdtemp failed";
    return s;
  }
  const std::string d = dir;
  s.proc = ChildProcess::start(
      {"turnserver", "-n", "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1", "--listening-port",
       std::to_string(port), "--min-port", std::to_string(*relay), "--max-port", std::to_string(*relay + 99),
       "--lt-cred-mech", "--user", kUser + ":" + kPassword, "--realm", kRealm, "--allow-loopback-peers", "--no-tls",
       "--no-dtls", "--no-cli", "--pidfile", d + "/turnserver.pid", "--userdb", d + "/turndb", "--log-file",
       "stdout", "--simple-log"},
      s.failure);
  if (!s.proc) return s;
  if (!test::wait_for_udp_answer(port, 30s)) {
    s.failure = "turnserver does not answer STUN on 127.0.0.1:" + std::to_string(port) + ":\n" + s.proc->out() +
                s.proc->err();
    return s;
  }
  s.port = port;
  return s;
}

// coturn's echo peer, on a free port.
inline Server start_turnutils_peer() {
  Server s;
  const std::uint16_t port = test::free_udp_port();
  s.proc = ChildProcess::start({"turnutils_peer", "-L", "127.0.0.1", "-p", std::to_string(port)}, s.failure);
  if (!s.proc) return s;
  if (!test::wait_for_udp_answer(port, 30s)) {
    s.failure = "turnutils_peer does not echo on 127.0.0.1:" + std::to_string(port) + ":\n" + s.proc->err();
    return s;
  }
  s.port = port;
  return s;
}

}  // namespace natlab::interop
