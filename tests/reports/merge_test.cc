// Joining sharded results: order, recounted summary, refused inputs.
#include <gtest/gtest.h>

#include "reports/merge.h"
#include "reports/results_json.h"
#include "tests/reports/fixtures.h"

namespace natlab::reports {
namespace {

Json entry(const std::string& file, bool pass) {
  sim::Scenario s = testing::prc_sym_scenario();
  s.file = file;
  sim::ScenarioRun run = testing::prc_sym_run();
  if (!pass) run.sessions[0].outcome = "failed";
  return scenario_entry(s, run, Json::object());
}

TEST(Merge, ShardsInterleaveBackIntoSortedOrder) {
  // Sorted like `natlab run` sorts a folder: by path component, so "a/x" comes before "a-b/x".
  Json shard1 = results_document({entry("s/a/x.yaml", true), entry("s/c.yaml", false)});
  Json shard2 = results_document({entry("s/a-b/x.yaml", true)});
  auto merged = merge_results({shard2, shard1}, {"two", "one"});
  ASSERT_TRUE(std::holds_alternative<Json>(merged)) << std::get<std::string>(merged);
  Json m = std::get<Json>(merged);
  Json unsharded = results_document({entry("s/a/x.yaml", true), entry("s/a-b/x.yaml", true), entry("s/c.yaml", false)});
  EXPECT_EQ(m.dump(), unsharded.dump());
  EXPECT_EQ(m["summary"].dump(), R"({"scenarios":3,"passed":2,"failed":1,"errors":0})");
}

TEST(Merge, RefusesTheSameScenarioTwice) {
  Json shard = results_document({entry("s/a.yaml", true)});
  auto merged = merge_results({shard, shard}, {"out1/results.json", "out2/results.json"});
  ASSERT_TRUE(std::holds_alternative<std::string>(merged));
  EXPECT_EQ(std::get<std::string>(merged),
            "out2/results.json: s/a.yaml is also in out1/results.json; was a shard merged twice?");
}

TEST(Merge, RefusesWhatIsNotAResultsFile) {
  EXPECT_EQ(std::get<std::string>(merge_results({Json{{"natlab", 2}}}, {"x"})), "x: not a natlab 1 results file");
  EXPECT_EQ(std::get<std::string>(merge_results({Json::array()}, {"x"})), "x: not a natlab 1 results file");
  EXPECT_EQ(std::get<std::string>(merge_results({Json{{"natlab", 1}}}, {"x"})), "x: no 'scenarios' list");
}

TEST(Merge, EmptyShardsMergeToEmptyResults) {
  auto merged = merge_results({results_document({}), results_document({})}, {"a", "b"});
  EXPECT_EQ(std::get<Json>(merged).dump(),
            R"({"natlab":1,"summary":{"scenarios":0,"passed":0,"failed":0,"errors":0},"scenarios":[]})");
}

}  // namespace
}  // namespace natlab::reports
