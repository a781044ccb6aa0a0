// Graph files in a scenario folder: graph.dot/graph.svg, and per session with
// several sessions; an agent in two sessions is drawn in each with only that
// session's candidates and pairs.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "reports/artifacts.h"
#include "reports/graphs/graph_builder.h"
#include "reports/graphs/graph_files.h"
#include "tests/checks/trace_builder.h"
#include "tests/support/file.h"

namespace natlab::reports::graphs {
namespace {

namespace fs = std::filesystem;
using checks::testing::scenario_from;

// A is in both sessions: controlling in call1 against B, controlled in
// "call 2/x" (a name that is no file name) against C.
const char* kTwoSessions = R"(natlab: 1
name: two sessions
duration: 5s
servers:
  - { name: stun1, address: 203.0.113.10, stun: { port: 3478 } }
nats:
  - { name: nat-a, type: port-restricted, public_address: 198.51.100.1 }
hosts:
  - { name: alice-pc, address: 192.168.1.10, behind: nat-a }
  - { name: bob-pc, address: 203.0.113.20, behind: internet }
  - { name: carol-pc, address: 203.0.113.30, behind: internet }
agents:
  - { name: A, host: alice-pc, stun: [stun1] }
  - { name: B, host: bob-pc }
  - { name: C, host: carol-pc }
sessions:
  - { name: call1, controlling: A, controlled: B }
  - { name: call 2/x, controlling: C, controlled: A }
)";

using natlab::testing::slurp;

class GraphFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() / ("natlab-graphs-" + std::to_string(getpid()) + "-" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static const sim::ScenarioRun& two_sessions_run(const sim::Scenario& sc) {
    static sim::ScenarioRun run = sim::run_scenario(sc, sim::RunOptions{"", false, std::nullopt});
    return run;
  }
  static const sim::Scenario& two_sessions() {
    static sim::Scenario sc = scenario_from(kTwoSessions);
    return sc;
  }

  fs::path dir_;
};

TEST_F(GraphFiles, SessionStemsAreFileNamesAndUnique) {
  auto sc = scenario_from(kTwoSessions);
  EXPECT_EQ(session_file_stems(sc),
            (std::vector<std::pair<std::string, std::string>>{{"call1", "graph-call1"}, {"call 2/x", "graph-call_2_x"}}));
  sc.sessions.push_back(sc.sessions[1]);
  sc.sessions.back().name = "call_2_x";
  EXPECT_EQ(session_file_stems(sc).back().second, "graph-call_2_x-2");
  sc.sessions.resize(1);
  EXPECT_TRUE(session_file_stems(sc).empty()) << "one session: graph.svg only";
  EXPECT_EQ(graph_file_names(sc), (std::vector<std::string>{"graph.dot", "graph.svg"}));
}

TEST_F(GraphFiles, SeveralSessionsGiveOneClusterEachAndAFilePerSession) {
  const auto& sc = two_sessions();
  const auto& run = two_sessions_run(sc);
  ASSERT_TRUE(run.error.empty()) << run.error;
  ASSERT_EQ(write_graphs(dir_.string(), sc, run.trace.records()), "");
  for (const char* name : {"graph.dot", "graph.svg", "graph-call1.dot", "graph-call1.svg", "graph-call_2_x.dot",
                           "graph-call_2_x.svg"}) {
    EXPECT_TRUE(fs::is_regular_file(dir_ / name)) << name;
  }
  const std::string all = slurp(dir_ / "graph.dot");
  EXPECT_NE(all.find("cluster_s0_session"), std::string::npos);
  EXPECT_NE(all.find("cluster_s1_session"), std::string::npos);
  EXPECT_NE(all.find("session call 2/x"), std::string::npos);
  const std::string one = slurp(dir_ / "graph-call1.dot");
  EXPECT_EQ(one.find("cluster_s1"), std::string::npos);
  EXPECT_EQ(one.find("session call 2/x"), std::string::npos);

  // Writing again gives the same bytes.
  const std::string svg = slurp(dir_ / "graph.svg");
  ASSERT_EQ(write_graphs(dir_.string(), sc, run.trace.records()), "");
  EXPECT_EQ(slurp(dir_ / "graph.svg"), svg);

  // results.json lists the per-session graphs under "graphs".
  const auto artifacts = find_artifacts(dir_.parent_path().string(), dir_.filename().string(), {},
                                        session_svg_files(sc));
  const std::string id = dir_.filename().string();
  EXPECT_EQ(artifacts["graph"], id + "/graph.svg");
  ASSERT_TRUE(artifacts.contains("graphs")) << artifacts.dump();
  EXPECT_EQ(artifacts["graphs"]["call1"], id + "/graph-call1.svg");
  EXPECT_EQ(artifacts["graphs"]["call 2/x"], id + "/graph-call_2_x.svg");
}

TEST_F(GraphFiles, AnAgentInTwoSessionsIsSplitBySession) {
  const auto& sc = two_sessions();
  const auto& run = two_sessions_run(sc);
  checks::TraceView trace(sc, run.trace.records());
  const ScenarioGraph g = build_scenario_graph(trace);
  ASSERT_EQ(g.sessions.size(), 2u);
  // The runner gives each (agent, session) its own block of ports.
  const AgentGroup& a1 = g.sessions[0].agents[0];
  const AgentGroup& a2 = g.sessions[1].agents[1];
  ASSERT_EQ(a1.name, "A");
  ASSERT_EQ(a2.name, "A");
  EXPECT_EQ(a1.role, "controlling");
  EXPECT_EQ(a2.role, "controlled");
  ASSERT_FALSE(a1.candidates.empty());
  ASSERT_FALSE(a2.candidates.empty());
  for (const auto& c1 : a1.candidates)
    for (const auto& c2 : a2.candidates) EXPECT_NE(c1.address, c2.address);
  for (int i = 0; i < 2; ++i) {
    const auto& s = g.sessions[i];
    EXPECT_EQ(s.outcome, "connected") << s.session;
    EXPECT_FALSE(s.path.empty()) << s.session;
    for (const auto& e : s.pairs) {
      if (e.agent != "A") continue;
      const auto& mine = i == 0 ? a1 : a2;
      bool local_is_mine = false;
      for (const auto& c : mine.candidates) local_is_mine = local_is_mine || c.address == e.local;
      EXPECT_TRUE(local_is_mine) << s.session << ": A #" << e.pair << " from " << e.local;
    }
  }
}

TEST_F(GraphFiles, UnwritableFolderIsReportedAndLeavesNothing) {
  const auto& sc = two_sessions();
  const auto& run = two_sessions_run(sc);
  const fs::path blocker = dir_ / "file";
  std::ofstream(blocker) << "x";
  const std::string why = write_graphs((blocker / "sub").string(), sc, run.trace.records());
  EXPECT_NE(why, "");
  EXPECT_FALSE(fs::exists(blocker / "sub"));
}

}  // namespace
}  // namespace natlab::reports::graphs
