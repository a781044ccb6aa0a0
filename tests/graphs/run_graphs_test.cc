// `natlab run` draws a graph per scenario unless --no-graphs, and lists it in results.json.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "tests/support/file.h"

namespace {

namespace fs = std::filesystem;

using natlab::testing::slurp;

class RunGraphs : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    tmp_ = fs::temp_directory_path() / ("natlab-run-graphs-" + std::to_string(getpid()) + "-" + info->name());
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);
  }
  void TearDown() override { fs::remove_all(tmp_); }

  int natlab(const std::string& args) {
    const std::string cmd = "cd '" NATLAB_SOURCE_DIR "' && '" NATLAB_BINARY_DIR "/natlab' " + args + " 2>'" +
                            (tmp_ / "stderr.txt").string() + "' >/dev/null";
    const int raw = std::system(cmd.c_str());
    return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
  }
  nlohmann::json results(const std::string& out) { return nlohmann::json::parse(slurp(tmp_ / out / "results.json")); }

  fs::path tmp_;
};

TEST_F(RunGraphs, GraphPerScenarioListedInArtifacts) {
  ASSERT_EQ(natlab("run scenarios/matrix/port-restricted-vs-symmetric.yaml -q --out " + (tmp_ / "o").string()), 0)
      << slurp(tmp_ / "stderr.txt");
  const fs::path dir = tmp_ / "o" / "port-restricted-vs-symmetric";
  EXPECT_TRUE(fs::is_regular_file(dir / "graph.svg"));
  EXPECT_TRUE(fs::is_regular_file(dir / "graph.dot"));
  const auto r = results("o");
  const auto& artifacts = r["scenarios"][0]["artifacts"];
  EXPECT_EQ(artifacts["graph"], "port-restricted-vs-symmetric/graph.svg");
  EXPECT_FALSE(artifacts.contains("graphs")) << "one session: no per-session graphs";
  EXPECT_EQ(slurp(tmp_ / "stderr.txt").find("warning"), std::string::npos);
}

TEST_F(RunGraphs, NoGraphsDrawsNoneAndRemovesOldOnes) {
  const std::string out = (tmp_ / "o").string();
  ASSERT_EQ(natlab("run scenarios/examples/full-cone-pair.yaml -q --out " + out), 0);
  const fs::path dir = tmp_ / "o" / "full-cone-pair";
  ASSERT_TRUE(fs::is_regular_file(dir / "graph.svg"));
  ASSERT_EQ(natlab("run scenarios/examples/full-cone-pair.yaml -q --no-graphs --out " + out), 0);
  EXPECT_FALSE(fs::exists(dir / "graph.svg"));
  EXPECT_FALSE(fs::exists(dir / "graph.dot"));
  EXPECT_FALSE(results("o")["scenarios"][0]["artifacts"].contains("graph"));
}

TEST_F(RunGraphs, GraphThatCannotBeWrittenIsAWarningAndNoArtifact) {
  // A folder where graph.svg should go (not natlab's, so it survives the
  // clearing before the run) makes writing the graph fail.
  const fs::path dir = tmp_ / "o" / "full-cone-pair";
  fs::create_directories(dir / "graph.svg");
  std::ofstream(dir / "graph.svg" / "keep") << "x";
  ASSERT_EQ(natlab("run scenarios/examples/full-cone-pair.yaml -q --out " + (tmp_ / "o").string()), 0)
      << "the scenario still passes";
  const std::string err = slurp(tmp_ / "stderr.txt");
  EXPECT_NE(err.find("natlab run: warning: full-cone-pair: no path-selection graph: "), std::string::npos) << err;
  EXPECT_FALSE(fs::exists(dir / "graph.dot")) << "no half of a graph is left";
  const auto entry = results("o")["scenarios"][0];
  EXPECT_EQ(entry["status"], "pass");
  EXPECT_FALSE(entry["artifacts"].contains("graph"));
  EXPECT_TRUE(entry["artifacts"].contains("trace"));
}

TEST_F(RunGraphs, SameRunSameGraphBytes) {
  ASSERT_EQ(natlab("run scenarios/examples/nat-behind-nat.yaml -q --out " + (tmp_ / "a").string()), 0);
  ASSERT_EQ(natlab("run scenarios/examples/nat-behind-nat.yaml -q --out " + (tmp_ / "b").string()), 0);
  for (const char* f : {"graph.svg", "graph.dot"}) {
    const std::string a = slurp(tmp_ / "a" / "nat-behind-nat" / f);
    EXPECT_FALSE(a.empty()) << f;
    EXPECT_EQ(a, slurp(tmp_ / "b" / "nat-behind-nat" / f)) << f;
  }
}

}  // namespace
