// natlab-turnd as a process: the port it reports, a TURN session through it,
// and a clean exit (status 0) on SIGTERM and on SIGINT.
#include <gtest/gtest.h>

#include <regex>

#include "agents/turn/client.h"
#include "realnet/driver.h"
#include "realnet/machine.h"
#include "realnet/run.h"
#include "realnet/turn_client_run.h"
#include "tests/support/child_process.h"

namespace natlab::turnd {
namespace {

using namespace std::chrono_literals;
using test::ChildProcess;

const std::string kTurnd = std::string(NATLAB_BINARY_DIR) + "/natlab-turnd";

struct Turnd {
  std::unique_ptr<ChildProcess> proc;
  Endpoint endpoint;
};

// Starts natlab-turnd on a kernel-chosen port and reads the port off its log.
Turnd start(std::vector<std::string> extra = {}) {
  std::vector<std::string> argv = {kTurnd, "--listen", "127.0.0.1:0", "--user", "alice:s3cret", "--realm", "proc.test",
                                   "--min-port", "44000", "--max-port", "44999"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  std::string error;
  Turnd t;
  t.proc = ChildProcess::start(argv, error);
  EXPECT_TRUE(t.proc) << error;
  if (!t.proc) return t;
  const std::regex ready("listening on udp (127\\.0\\.0\\.1:[0-9]+)");
  std::smatch m;
  std::string log;
  const bool up = t.proc->wait_until([&] {
    log = t.proc->err();
    return std::regex_search(log, m, ready);
  }, 30s);
  EXPECT_TRUE(up) << "natlab-turnd did not report its port; log:\n" << log;
  if (up) t.endpoint = *Endpoint::parse(m[1].str());
  return t;
}

TEST(TurndProcess, RelaysAndExitsCleanlyOnSigterm) {
  Turnd t = start({"--allow-loopback-peers"});
  ASSERT_TRUE(t.proc);
  realnet::TurnClientRun r;
  r.server = t.endpoint;
  r.username = "alice";
  r.password = "s3cret";
  r.count = 4;
  r.channel = true;
  asio::io_context io;
  auto o = realnet::run_turn_client(io, r);
  EXPECT_TRUE(o.ok) << realnet::summary(o) << "\n" << t.proc->err();

  EXPECT_EQ(t.proc->stop(SIGTERM), 0) << t.proc->err();
  const std::string log = t.proc->err();
  EXPECT_NE(log.find("info: allocation: client "), std::string::npos) << log;
  EXPECT_NE(log.find("info: channel: relayed "), std::string::npos) << log;
  EXPECT_NE(log.find("(LIFETIME 0)"), std::string::npos) << log;
  EXPECT_NE(log.find("info: shutting down (SIGTERM)"), std::string::npos) << log;
}

TEST(TurndProcess, SigintDeletesAllocationsAndExits0) {
  Turnd t = start({"--allow-loopback-peers"});
  ASSERT_TRUE(t.proc);
  // An allocation left behind: the client's driver goes before it deallocates.
  {
    asio::io_context io;
    turn::TurnClientConfig cc;
    cc.server = t.endpoint;
    cc.local = Endpoint{IpAddress::v4(0x7F000001), 0};
    cc.username = "alice";
    cc.password = "s3cret";
    realnet::Machine<turn::TurnClient> client(cc, Rng(3));
    bool allocated = false;
    client.on_event = [&](const turn::ClientEvent& e) { allocated |= std::holds_alternative<turn::Allocated>(e); };
    realnet::Driver driver(io, client);
    ASSERT_FALSE(driver.start());
    client.get().allocate(driver.now());
    driver.process();
    ASSERT_TRUE(realnet::run_until(io, [&] { return allocated; }, 10s));
  }
  EXPECT_EQ(t.proc->stop(SIGINT), 0) << t.proc->err();
  EXPECT_NE(t.proc->err().find("info: shutting down (SIGINT)"), std::string::npos) << t.proc->err();
  EXPECT_NE(t.proc->err().find("(shutdown)"), std::string::npos) << t.proc->err();
}

TEST(TurndProcess, GarbageDoesNotCrashIt) {
  Turnd t = start({"--log-level", "debug"});
  ASSERT_TRUE(t.proc);
  asio::io_context io;
  asio::ip::udp::socket s(io, asio::ip::udp::endpoint(asio::ip::udp::v4(), 0));
  const auto to = asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), t.endpoint.port);
  Rng rng(42);
  for (int i = 0; i < 500; ++i) {
    std::vector<std::uint8_t> junk(static_cast<std::size_t>(rng.uniform(0, 600)));
    for (auto& b : junk) b = static_cast<std::uint8_t>(rng.next_u32());
    // Half look like STUN or ChannelData by their first byte.
    if (!junk.empty() && i % 2 == 0) junk[0] = static_cast<std::uint8_t>(i % 4 == 0 ? 0x00 : 0x40);
    s.send_to(asio::buffer(junk), to);
  }
  // Still answering afterwards (a STUN Binding, which the TURN port serves too).
  realnet::TurnClientRun r;
  r.server = t.endpoint;
  r.username = "alice";
  r.password = "s3cret";
  r.count = 0;
  auto o = realnet::run_turn_client(io, r);
  EXPECT_EQ(o.failed_step, "permission") << realnet::summary(o);  // loopback peer refused: the server is alive
  EXPECT_TRUE(t.proc->running());
  EXPECT_EQ(t.proc->stop(SIGTERM), 0) << t.proc->err();
  EXPECT_NE(t.proc->err().find("dropped: malformed "), std::string::npos);
}

TEST(TurndProcess, UsageErrorExits2) {
  std::string error;
  auto p = ChildProcess::start({kTurnd, "--user", "nocolon"}, error);
  ASSERT_TRUE(p) << error;
  EXPECT_EQ(p->wait_exit(30s), 2);
  EXPECT_NE(p->err().find("--user wants USER:PASSWORD"), std::string::npos) << p->err();
}

}  // namespace
}  // namespace natlab::turnd
