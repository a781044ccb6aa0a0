// `natlab turn-probe` as a user calls it: usage errors are status 2 and
// send nothing; a server that never answers fails every case it reaches,
// naming the unanswered request, with status 1 and complete reports.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "agents/turn/probe/cases.h"
#include "tests/support/udp_ports.h"
#include "tests/turn_probe/probe_run.h"

namespace natlab::turn::probe::testing {
namespace {

TEST(TurnProbeCommand, UsageErrorsAreStatus2) {
  const auto dir = test_dir("command");
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"--user", "u", "--password", "p"},                                      // no --server
           {"--server", "127.0.0.1:3478", "--password", "p"},                       // no --user
           {"--server", "not a server", "--user", "u", "--password", "p"},          // no HOST:PORT
           {"--server", "127.0.0.1:3478", "--user", "u", "--password", "p", "--peer-ip", "x"},
           {"--server", "127.0.0.1:3478", "--user", "u", "--password", "p", "--timeout-ms", "0"},
       }) {
    ProbeRun r = run_turn_probe(dir, args);
    EXPECT_EQ(r.status, 2) << args.front() << "\n" << r.err;
    EXPECT_FALSE(std::filesystem::exists(r.dir / "results.json"));
  }
  std::filesystem::remove_all(dir);
}

TEST(TurnProbeCommand, SilentServerFailsEveryCaseWithTheRequestNamed) {
  const auto dir = test_dir("command");
  const std::uint16_t port = natlab::test::free_udp_port();  // nobody listens there
  ProbeRun r = run_turn_probe(dir, {"--server", "127.0.0.1:" + std::to_string(port), "--user", "u", "--password",
                                    "p", "--timeout-ms", "200"});
  EXPECT_EQ(r.status, 1) << r.err;
  ASSERT_TRUE(r.results.is_object()) << r.out << r.err;
  EXPECT_EQ(r.results["summary"]["failed"], 1);
  for (const auto& c : all_cases()) {
    if (c.info.slow) {
      EXPECT_EQ(r.status_of(c.info.id), "not-applicable") << c.info.id;
      continue;
    }
    EXPECT_EQ(r.status_of(c.info.id), "fail") << c.info.id;
    EXPECT_NE(r.detail_of(c.info.id).find("no answer to "), std::string::npos) << r.detail_of(c.info.id);
  }
  const std::string junit = slurp(r.dir / "junit.xml");
  std::size_t testcases = 0;
  for (auto at = junit.find("<testcase"); at != std::string::npos; at = junit.find("<testcase", at + 1)) ++testcases;
  EXPECT_EQ(testcases, all_cases().size() + 2) << "run, conformance all, and one per case";
  EXPECT_NE(slurp(r.dir / "report.html").find("RFC5766-6.2-allocate-authenticated"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace natlab::turn::probe::testing
