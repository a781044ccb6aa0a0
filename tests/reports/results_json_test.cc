// results.json entries and document, byte for byte as results-format.md lays
// them out (key order included).
#include <gtest/gtest.h>

#include "reports/results_json.h"
#include "tests/reports/fixtures.h"

namespace natlab::reports {
namespace {

using testing::prc_sym_run;
using testing::prc_sym_scenario;

TEST(ResultsJson, ScenarioEntryHasSpecKeysInSpecOrder) {
  Json artifacts = {{"trace", "matrix-prc-sym/trace.jsonl"}};
  Json entry = scenario_entry(prc_sym_scenario(), prc_sym_run(), artifacts);
  // Every check of the catalogue is judged; their contents are tested with the checks.
  ASSERT_TRUE(entry["conformance"].is_array());
  EXPECT_FALSE(entry["conformance"].empty());
  entry["conformance"] = Json::array();
  EXPECT_EQ(entry.dump(),
            R"({"file":"scenarios/matrix/prc-sym.yaml","name":"port-restricted vs symmetric falls back to TURN",)"
            R"("seed":1,"status":"pass","sessions":[{"name":"call1","outcome":"connected","selected":{)"
            R"("A":{"local":{"type":"relay","address":"203.0.113.10:49152","transport":"udp"},)"
            R"("remote":{"type":"prflx","address":"198.51.100.2:40001","transport":"udp"}},)"
            R"("B":{"local":{"type":"srflx","address":"198.51.100.2:40001","transport":"udp"},)"
            R"("remote":{"type":"relay","address":"203.0.113.10:49152","transport":"udp"}}},)"
            R"("times_ms":{"offer":120.0,"answer":170.0,"first_check":190.0,"nominated":412.5,"completed":null},)"
            R"("checks":{"pairs":9,"sent":14,"min_interval_ms":20.0,"retransmits":3}}],)"
            R"("expectations":[{"what":"call1 outcome connected","status":"pass","detail":""},)"
            R"({"what":"call1 selected A=relay B=srflx","status":"pass","detail":""},)"
            R"({"what":"call1 nominated within 3000 ms","status":"pass","detail":""}],)"
            R"("conformance":[],"artifacts":{"trace":"matrix-prc-sym/trace.jsonl"}})");
}

TEST(ResultsJson, DocumentCountsStatusesAndEndsWithNewline) {
  sim::ScenarioRun failing = prc_sym_run();
  failing.sessions[0].outcome = "failed";
  sim::ScenarioRun broken = prc_sym_run();
  broken.error = "ns-3 said no";
  std::vector<Json> entries = {scenario_entry(prc_sym_scenario(), prc_sym_run(), Json::object()),
                               scenario_entry(prc_sym_scenario(), failing, Json::object()),
                               scenario_entry(prc_sym_scenario(), broken, Json::object())};
  Json doc = results_document(entries);
  std::string text = dump_results(doc);
  std::string head =
      "{\n  \"natlab\": 1,\n  \"summary\": {\n    \"scenarios\": 3,\n    \"passed\": 1,\n    \"failed\": 1,\n"
      "    \"errors\": 1\n  },\n  \"scenarios\": [\n";
  EXPECT_EQ(text.substr(0, head.size()), head);
  EXPECT_EQ(text.back(), '\n');
  EXPECT_EQ(doc["scenarios"][1]["status"], "fail");
  EXPECT_EQ(doc["scenarios"][2]["status"], "error");
  EXPECT_EQ(doc["scenarios"][2]["error"], "ns-3 said no");
  EXPECT_FALSE(doc["scenarios"][0].contains("error"));
}

TEST(ResultsJson, SeedIsTheOneTheRunUsed) {
  sim::ScenarioRun run = prc_sym_run();
  run.seed = 42;  // --seed 42 overrode the file's 1
  EXPECT_EQ(scenario_entry(prc_sym_scenario(), run, Json::object())["seed"], 42);
}

TEST(ResultsJson, ErrorEntryKeepsTheShapeOfAnEntry) {
  Json e = error_entry(prc_sym_scenario(), 7, "worker killed by signal 11 (Segmentation fault)", Json::object());
  EXPECT_EQ(e.dump(),
            R"({"file":"scenarios/matrix/prc-sym.yaml","name":"port-restricted vs symmetric falls back to TURN",)"
            R"x("seed":7,"status":"error","error":"worker killed by signal 11 (Segmentation fault)",)x"
            R"("sessions":[],"expectations":[],"conformance":[],"artifacts":{}})");
}

TEST(ResultsJson, ConformanceRequestedByIdIsNotApplicableAndScenarioDoesNotPass) {
  sim::Scenario s = prc_sym_scenario();
  sim::Expectation c;
  c.conformance_ids = {"RFC5245-16-pacing"};
  s.expect.push_back(c);
  Json entry = scenario_entry(s, prc_sym_run(), Json::object());  // a run without a trace
  Json pacing;
  for (const auto& e : entry["conformance"])
    if (e["id"] == "RFC5245-16-pacing") pacing = e;
  ASSERT_TRUE(pacing.is_object());
  EXPECT_EQ(pacing["rfc"], 5245);
  EXPECT_EQ(pacing["section"], "16");
  EXPECT_EQ(pacing["status"], "not-applicable");
  EXPECT_EQ(entry["status"], "fail");
  EXPECT_EQ(entry["expectations"].back().dump(),
            R"({"what":"conformance RFC5245-16-pacing","status":"fail",)"
            R"("detail":"RFC5245-16-pacing not-applicable: no agent sent a connectivity check"})");
}

TEST(ResultsJson, MediaCountsAppearOnlyForSessionsWithMedia) {
  sim::ScenarioRun run = prc_sym_run();
  EXPECT_FALSE(session_json(run.sessions[0]).contains("media"));
  run.sessions[0].media["A"] = {50, 49};
  EXPECT_EQ(session_json(run.sessions[0])["media"].dump(), R"({"A":{"sent":50,"received":49}})");
}

TEST(ResultsJson, InvalidUtf8InANameDoesNotThrow) {
  sim::Scenario s = prc_sym_scenario();
  s.name = "bad \xff name";
  Json doc = results_document({scenario_entry(s, prc_sym_run(), Json::object())});
  EXPECT_NE(dump_results(doc).find("bad \xEF\xBF\xBD name"), std::string::npos);
}

}  // namespace
}  // namespace natlab::reports

namespace natlab::reports {
namespace {

// Every check is judged and listed, but only a `conformance:` expectation
// makes one count toward the scenario's status.
TEST(ResultsJson, ChecksCountOnlyThroughAConformanceExpectation) {
  EXPECT_EQ(scenario_status("", {{"call1 outcome connected", true, ""}}), "pass");
  EXPECT_EQ(scenario_status("", {{"call1 outcome connected", true, ""}, {"conformance all", false, "x failed"}}),
            "fail");
  EXPECT_EQ(scenario_status("the simulator threw", {{"call1 outcome connected", true, ""}}), "error");
}

}  // namespace
}  // namespace natlab::reports
