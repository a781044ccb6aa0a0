// natlab turn-probe against coturn's turnserver on 127.0.0.1: the probe
// runs every case, prints its table and writes its reports; the cases
// coturn passes pass, and where coturn deviates from RFC 5766 the test
// asserts exactly that finding (README.md, "Findings: coturn and RFC 5766").
#include <gtest/gtest.h>

#include <filesystem>
#include <set>
#include <string>

#include "agents/turn/probe/cases.h"
#include "tests/support/child_process.h"
#include "tests/support/udp_ports.h"
#include "tests/turn_probe/probe_run.h"

namespace natlab::turn::probe::testing {
namespace {

// The ids of the cases where coturn 4.6 deviates; every other case passes.
const std::set<std::string> kCoturnDeviations = {
    "RFC5766-4-no-allocation-437",          // CreatePermission, ChannelBind: 400
    "RFC5766-6.2-unsupported-transport-442",  // 400 for a transport it does not know
    "RFC5766-7.2-lifetime-zero-deletes",      // a Refresh right after LIFETIME 0 revives the allocation
    "RFC5766-5-no-relay-without-allocation",  // and relays for a second after LIFETIME 0
    "RFC5766-11.2-channel-0x7fff",            // binds 0x7FFF
};

TEST(ProbeAgainstCoturn, RunsEveryCaseAndFindsItsDeviations) {
  if (!natlab::test::find_program("turnserver")) GTEST_SKIP() << "coturn's turnserver is not installed (scripts/setup installs the coturn package)";
  const auto dir = test_dir("coturn");
  const std::uint16_t port = natlab::test::free_udp_port();
  const auto relay = natlab::test::free_udp_range(64);
  ASSERT_TRUE(relay) << "no 64 free consecutive UDP ports";
  // The usual command line, plus short permission and channel lifetimes so
  // that the slow cases (their expiry) run in seconds.
  std::string error;
  auto coturn = natlab::test::ChildProcess::start({"turnserver", "-n", "--listening-ip", "127.0.0.1", "--relay-ip", "127.0.0.1",
                       "--listening-port", std::to_string(port), "--min-port", std::to_string(*relay), "--max-port",
                       std::to_string(*relay + 63), "--lt-cred-mech", "--user", "u:p", "--realm", "r",
                       "--allow-loopback-peers", "--no-tls", "--no-dtls", "--no-cli", "--permission-lifetime=10", "--channel-lifetime=20",
                       "--pidfile", (dir / "turnserver.pid").string(), "--log-file", "stdout"},
                      error);
  ASSERT_TRUE(coturn) << error;
  ASSERT_TRUE(natlab::test::wait_for_udp_answer(port, std::chrono::seconds(30)))
      << "turnserver did not answer STUN on 127.0.0.1:" << port << "\n" << coturn->out() << coturn->err();

  ProbeRun r = run_turn_probe(dir, {"--server", "127.0.0.1:" + std::to_string(port), "--user", "u", "--password",
                                    "p", "--realm", "r", "--slow", "--permission-lifetime", "10",
                                    "--channel-lifetime", "20"});
  coturn->stop();
  std::cout << r.out;

  // It ran every case, printed the table and wrote the three reports.
  EXPECT_EQ(r.status, 1) << "some cases fail on coturn: exit status 1\n" << r.err;
  ASSERT_TRUE(r.results.is_object()) << "no results.json\n" << r.out << r.err;
  for (const auto& c : all_cases()) {
    EXPECT_NE(r.out.find(c.info.id), std::string::npos) << c.info.id << " is not in the table";
    EXPECT_TRUE(r.cases.count(c.info.id)) << c.info.id << " is not in results.json";
  }
  EXPECT_TRUE(std::filesystem::exists(r.dir / "junit.xml"));
  EXPECT_TRUE(std::filesystem::exists(r.dir / "report.html"));
  EXPECT_EQ(r.results["scenarios"][0]["status"], "fail");

  for (const auto& c : all_cases()) {
    if (kCoturnDeviations.count(c.info.id)) {
      EXPECT_EQ(r.status_of(c.info.id), "fail") << c.info.id << ": coturn no longer deviates? "
                                                << r.detail_of(c.info.id);
    } else {
      EXPECT_EQ(r.status_of(c.info.id), "pass") << c.info.id << ": " << r.detail_of(c.info.id);
    }
  }
  // The findings, each as the detail names it.
  const auto no_allocation = r.detail_of("RFC5766-4-no-allocation-437");
  EXPECT_EQ(no_allocation.find("Refresh"), std::string::npos) << "Refresh gets its 437: " << no_allocation;
  EXPECT_NE(no_allocation.find("CreatePermission error 400"), std::string::npos) << no_allocation;
  EXPECT_NE(no_allocation.find("ChannelBind error 400"), std::string::npos) << no_allocation;
  EXPECT_NE(r.detail_of("RFC5766-6.2-unsupported-transport-442").find("got Allocate error 400"), std::string::npos)
      << r.detail_of("RFC5766-6.2-unsupported-transport-442");
  EXPECT_NE(r.detail_of("RFC5766-7.2-lifetime-zero-deletes").find("expected 437, got Refresh success"),
            std::string::npos)
      << r.detail_of("RFC5766-7.2-lifetime-zero-deletes");
  EXPECT_NE(r.detail_of("RFC5766-5-no-relay-without-allocation").find("still reached the client"), std::string::npos)
      << r.detail_of("RFC5766-5-no-relay-without-allocation");
  EXPECT_NE(r.detail_of("RFC5766-11.2-channel-0x7fff").find("got ChannelBind success"), std::string::npos)
      << r.detail_of("RFC5766-11.2-channel-0x7fff");
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace natlab::turn::probe::testing
