// Each kind of `expect` line passes when the run did what it promises and
// fails, with the observed values, when it did not.
#include <gtest/gtest.h>

#include "reports/expectations.h"
#include "tests/reports/fixtures.h"

namespace natlab::reports {
namespace {

using namespace std::chrono_literals;
using testing::prc_sym_run;
using testing::session_expect;

std::vector<ExpectationResult> judge(const sim::Expectation& e, const sim::ScenarioRun& run,
                                     ConformanceReport conformance = {}) {
  sim::Scenario s;
  s.expect.push_back(e);
  return evaluate_expectations(s, run, conformance);
}

TEST(Expectations, OutcomePassesAndFails) {
  auto r = judge(session_expect("connected", {}, std::nullopt), prc_sym_run());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].what, "call1 outcome connected");
  EXPECT_TRUE(r[0].passed);
  EXPECT_EQ(r[0].detail, "");

  sim::ScenarioRun run = prc_sym_run();
  run.sessions[0].outcome = "failed";
  r = judge(session_expect("connected", {}, std::nullopt), run);
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "outcome failed, expected connected");
}

TEST(Expectations, SelectedComparesLocalCandidateTypePerAgent) {
  auto want = std::map<std::string, sim::CandidateType>{{"A", sim::CandidateType::Relay},
                                                        {"B", sim::CandidateType::Srflx}};
  auto r = judge(session_expect(std::nullopt, want, std::nullopt), prc_sym_run());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].what, "call1 selected A=relay B=srflx");
  EXPECT_TRUE(r[0].passed) << r[0].detail;

  sim::ScenarioRun run = prc_sym_run();
  run.sessions[0].selected["A"].local.type = "srflx";
  run.sessions[0].selected["A"].remote.type = "relay";  // the remote type must not count
  r = judge(session_expect(std::nullopt, want, std::nullopt), run);
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "A selected srflx, expected relay");
}

TEST(Expectations, SelectedFailsWhenAnAgentHasNoPair) {
  sim::ScenarioRun run = prc_sym_run();
  run.sessions[0].selected.erase("B");
  auto r = judge(session_expect(std::nullopt, {{"B", sim::CandidateType::Srflx}}, std::nullopt), run);
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "B selected no pair, expected srflx");
}

TEST(Expectations, TransportComparesEveryAgentsSelectedPair) {
  sim::Expectation e;
  e.session = "call1";
  e.transport = Transport::Tcp;
  sim::ScenarioRun run = prc_sym_run();  // both agents on UDP pairs
  auto r = judge(e, run);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].what, "call1 transport tcp");
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "A selected a udp pair, expected tcp; B selected a udp pair, expected tcp");
  run.sessions[0].selected["A"].local.transport = "tcp";
  run.sessions[0].selected["B"].local.transport = "tcp";
  r = judge(e, run);
  EXPECT_TRUE(r[0].passed) << r[0].detail;
  run.sessions[0].selected.clear();
  r = judge(e, run);
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "no agent selected a pair");
}

TEST(Expectations, NominatedWithinMeasuresFromTheOffer) {
  // offer 120 ms, nominated 412.5 ms: 292.5 ms after the offer.
  auto r = judge(session_expect(std::nullopt, {}, 292500us), prc_sym_run());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].what, "call1 nominated within 292.5 ms");
  EXPECT_TRUE(r[0].passed) << r[0].detail;  // exactly at the limit passes

  r = judge(session_expect(std::nullopt, {}, 292ms), prc_sym_run());
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "nominated 292.5 ms after the offer, limit 292 ms");

  // 400 ms is enough from the offer, not from the start of the run.
  r = judge(session_expect(std::nullopt, {}, 400ms), prc_sym_run());
  EXPECT_TRUE(r[0].passed) << r[0].detail;
}

TEST(Expectations, NominatedWithinFailsWithoutNomination) {
  sim::ScenarioRun run = prc_sym_run();
  run.sessions[0].times_ms.nominated.reset();
  auto r = judge(session_expect(std::nullopt, {}, 3s), run);
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "no pair was nominated");
}

TEST(Expectations, EveryKeyIsItsOwnLineInFileOrder) {
  auto r = judge(session_expect("connected", {{"A", sim::CandidateType::Relay}}, 3s), prc_sym_run());
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].what, "call1 outcome connected");
  EXPECT_EQ(r[1].what, "call1 selected A=relay");
  EXPECT_EQ(r[2].what, "call1 nominated within 3000 ms");
}

TEST(Expectations, MissingSessionFailsEveryLine) {
  sim::ScenarioRun run = prc_sym_run();
  run.sessions.clear();
  auto r = judge(session_expect("failed", {}, std::nullopt), run);
  ASSERT_EQ(r.size(), 1u);
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "session call1 has no result in this run");
}

TEST(Expectations, ConformanceAllNeverPassesUnevaluated) {
  sim::Expectation all;
  all.conformance_all = true;
  auto r = judge(all, prc_sym_run());
  ASSERT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].what, "conformance all");
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "not evaluated: the run ended in an error; no trace to judge");
}

TEST(Expectations, ConformanceOnceEvaluated) {
  sim::Expectation all;
  all.conformance_all = true;
  ConformanceReport report{true, {conformance_entry("RFC5245-16-pacing")}};
  report.results[0].status = "not-applicable";
  EXPECT_TRUE(judge(all, prc_sym_run(), report)[0].passed);
  report.results[0].status = "fail";
  report.results[0].detail = "A: min interval 5 ms < Ta 20 ms";
  auto r = judge(all, prc_sym_run(), report);
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "RFC5245-16-pacing failed: A: min interval 5 ms < Ta 20 ms");

  sim::Expectation listed;
  listed.conformance_ids = {"RFC5245-16-pacing"};
  report.results[0].status = "pass";
  EXPECT_TRUE(judge(listed, prc_sym_run(), report)[0].passed);
  listed.conformance_ids = {"RFC5245-7.1-x"};
  r = judge(listed, prc_sym_run(), report);
  EXPECT_FALSE(r[0].passed);
  EXPECT_EQ(r[0].detail, "RFC5245-7.1-x was not checked");
}

TEST(Expectations, FormatMs) {
  EXPECT_EQ(format_ms(3000.0), "3000");
  EXPECT_EQ(format_ms(1500.25), "1500.25");
  EXPECT_EQ(format_ms(0.0005), "0.001");
  EXPECT_EQ(format_ms(-2.5), "-2.5");
}

TEST(Conformance, EntryParsesRfcAndSection) {
  ConformanceResult c = conformance_entry("RFC5245-16-pacing");
  EXPECT_EQ(c.rfc, 5245);
  EXPECT_EQ(c.section, "16");
  c = conformance_entry("RFC5766-6.2");
  EXPECT_EQ(c.rfc, 5766);
  EXPECT_EQ(c.section, "6.2");
  c = conformance_entry("custom-check");
  EXPECT_FALSE(c.rfc.has_value());
  EXPECT_EQ(c.section, "");
}

}  // namespace
}  // namespace natlab::reports
