// scenarios/ms-ice2/ms-ice2-vs-rfc-*.yaml, run in the simulator: an
// ms-ice2-legacy agent (MS-ICE2 3.1.4.8.2's alternate FINGERPRINT table) and
// an rfc agent connect when the rfc agent accepts the alternate table and do
// not in the strict file's run; the catalogue names the alternate table for
// the ms-ice2 agent's checks.
#include <gtest/gtest.h>

#include "reports/checks/check.h"
#include "sim/runner.h"
#include "sim/scenario_loader.h"

namespace natlab::reports::checks {
namespace {

struct Outcome {
  std::string session;  // connected | failed
  Verdict tables;       // RFC5389-7.3-fingerprint-tables
  Verdict fingerprint;  // RFC5389-15.5-fingerprint
};

Outcome run(const std::string& file) {
  auto loaded = sim::load_scenario_file(std::string(NATLAB_SOURCE_DIR) + "/scenarios/ms-ice2/" + file);
  if (!std::holds_alternative<sim::Scenario>(loaded)) throw std::runtime_error(file + " does not load");
  const sim::Scenario& scenario = std::get<sim::Scenario>(loaded);
  sim::ScenarioRun r = sim::run_scenario(scenario, sim::RunOptions{"", false, std::nullopt});
  if (!r.error.empty() || r.sessions.size() != 1) throw std::runtime_error(file + ": " + r.error);
  const TraceView view(scenario, r.trace.records());
  return {r.sessions[0].outcome, find_check("RFC5389-7.3-fingerprint-tables")->judge(view),
          find_check("RFC5389-15.5-fingerprint")->judge(view)};
}

bool says(const Verdict& v, const std::string& text) { return v.detail.find(text) != std::string::npos; }

TEST(MsIce2Scenarios, AcceptingRfcAgentConnects) {
  const Outcome o = run("ms-ice2-vs-rfc-accepting.yaml");
  EXPECT_EQ(o.session, "connected");
  ASSERT_EQ(o.tables.status, Status::Pass) << o.tables.detail;
  // A is the ms-ice2-legacy agent: some of its checks match only the alternate table.
  EXPECT_TRUE(says(o.tables, "MS-ICE2 alternate table (3.1.4.8.2)")) << o.tables.detail;
  EXPECT_FALSE(says(o.tables, "dropped")) << o.tables.detail;
  const auto b = o.tables.detail.find("; B: ");
  ASSERT_NE(b, std::string::npos) << o.tables.detail;
  EXPECT_LT(o.tables.detail.find("MS-ICE2 alternate table"), b) << "the alternate table is A's, not B's";
  // Those checks are not RFC 5389 FINGERPRINTs, and the fingerprint check says whose table they match.
  ASSERT_EQ(o.fingerprint.status, Status::Fail) << o.fingerprint.detail;
  EXPECT_TRUE(says(o.fingerprint, "MS-ICE2 3.1.4.8.2's alternate CRC table")) << o.fingerprint.detail;
}

TEST(MsIce2Scenarios, StrictRfcAgentDropsTheAlternateChecksAndDoesNotConnect) {
  const Outcome o = run("ms-ice2-vs-rfc-strict.yaml");
  EXPECT_EQ(o.session, "failed");
  ASSERT_EQ(o.tables.status, Status::Pass) << o.tables.detail;
  EXPECT_TRUE(says(o.tables, "A: ")) << o.tables.detail;
  EXPECT_TRUE(says(o.tables, "MS-ICE2 alternate table (3.1.4.8.2)")) << o.tables.detail;
  EXPECT_TRUE(says(o.tables, "dropped unanswered for its FINGERPRINT")) << o.tables.detail;
}

}  // namespace
}  // namespace natlab::reports::checks
