// natlab turn-probe against natlab-turnd on 127.0.0.1: natlab's own TURN
// server on real sockets passes every case, the slow ones included (with
// short lifetimes). Without --allow-loopback-peers it refuses the probe's
// loopback peers with 403, and the relaying cases say so as not applicable.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "agents/turn/probe/cases.h"
#include "tests/support/child_process.h"
#include "tests/support/udp_ports.h"
#include "tests/turn_probe/probe_run.h"

namespace natlab::turn::probe::testing {
namespace {

struct Turnd {
  std::uint16_t port = 0;
  std::unique_ptr<natlab::test::ChildProcess> process;
};

Turnd start_turnd(std::vector<std::string> extra) {
  Turnd t;
  t.port = natlab::test::free_udp_port();
  const auto relay = natlab::test::free_udp_range(64);
  EXPECT_TRUE(relay) << "no 64 free consecutive UDP ports";
  const std::uint16_t min = relay.value_or(61000);
  std::vector<std::string> argv = {NATLAB_BINARY_DIR "/natlab-turnd", "--listen", "127.0.0.1:" + std::to_string(t.port),
                                   "--realm", "r", "--user", "u:p", "--relay-ip", "127.0.0.1", "--min-port",
                                   std::to_string(min), "--max-port", std::to_string(min + 63),
                                   "--permission-lifetime", "10", "--channel-lifetime", "20"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  std::string error;
  t.process = natlab::test::ChildProcess::start(argv, error);
  EXPECT_TRUE(t.process) << error;
  if (t.process) {
    EXPECT_TRUE(natlab::test::wait_for_udp_answer(t.port, std::chrono::seconds(30)))
        << "natlab-turnd did not answer STUN on 127.0.0.1:" << t.port << "\n" << t.process->err();
  }
  return t;
}

std::vector<std::string> probe_args(std::uint16_t port) {
  return {"--server", "127.0.0.1:" + std::to_string(port), "--user", "u", "--password", "p", "--realm", "r",
          "--slow", "--permission-lifetime", "10", "--channel-lifetime", "20"};
}

TEST(ProbeAgainstTurnd, EveryCasePasses) {
  const auto dir = test_dir("turnd");
  Turnd turnd = start_turnd({"--allow-loopback-peers"});
  ASSERT_TRUE(turnd.process);
  ProbeRun r = run_turn_probe(dir, probe_args(turnd.port));
  turnd.process->stop();
  std::cout << r.out;
  EXPECT_EQ(r.status, 0) << r.err;
  ASSERT_TRUE(r.results.is_object()) << "no results.json\n" << r.out << r.err;
  EXPECT_EQ(r.results["scenarios"][0]["status"], "pass");
  for (const auto& c : all_cases()) {
    EXPECT_EQ(r.status_of(c.info.id), "pass") << c.info.id << ": " << r.detail_of(c.info.id);
    EXPECT_NE(r.out.find(c.info.id), std::string::npos) << c.info.id << " is not in the table";
  }
  EXPECT_TRUE(std::filesystem::exists(r.dir / "junit.xml"));
  EXPECT_TRUE(std::filesystem::exists(r.dir / "report.html"));
  std::filesystem::remove_all(dir);
}

TEST(ProbeAgainstTurnd, LoopbackPeersRefusedByDefault) {
  const auto dir = test_dir("turnd");
  Turnd turnd = start_turnd({});
  ASSERT_TRUE(turnd.process);
  auto args = probe_args(turnd.port);
  args.erase(std::find(args.begin(), args.end(), "--slow"));
  ProbeRun r = run_turn_probe(dir, args);
  turnd.process->stop();
  EXPECT_EQ(r.status, 0) << "not applicable is no failure\n" << r.out << r.err;
  ASSERT_TRUE(r.results.is_object()) << r.out << r.err;
  // Every case that needs the relay to reach the peer cannot be judged.
  for (const char* id : {"RFC5766-8-relay-needs-permission", "RFC5766-10-send-data-indications",
                         "RFC5766-5-no-relay-without-allocation", "RFC5766-11.2-channel-rebind",
                         "RFC5766-11.4-channeldata-both-ways"}) {
    EXPECT_EQ(r.status_of(id), "not-applicable") << id << ": " << r.detail_of(id);
    EXPECT_NE(r.detail_of(id).find("403"), std::string::npos) << id << ": " << r.detail_of(id);
  }
  EXPECT_EQ(r.status_of("RFC5766-6.2-allocate-authenticated"), "pass");
  EXPECT_EQ(r.status_of("RFC5766-8-permission-lifetime"), "not-applicable");  // skipped, without --slow
  EXPECT_EQ(r.detail_of("RFC5766-8-permission-lifetime").rfind("skipped: ", 0), 0u);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace natlab::turn::probe::testing
