// The NAT matrix suite (scenarios/matrix): every file runs through the
// simulator and must meet each of its `expect` items, judged by the same
// evaluator `natlab run` uses. Each file's `description` gives the RFC 4787 /
// RFC 5245 argument for its expected outcome and selected candidate types, so
// a failure here means either the reasoning or the code is wrong: look at the
// trace (NATLAB_MATRIX_TRACE_DIR=/tmp/mx writes one trace.jsonl per file).
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "reports/conformance.h"
#include "reports/expectations.h"
#include "sim/runner.h"
#include "sim/scenario_loader.h"
#include "tests/support/file.h"

namespace natlab::sim {
namespace {

namespace fs = std::filesystem;

const fs::path kMatrixDir = fs::path(NATLAB_SOURCE_DIR) / "scenarios" / "matrix";
const std::vector<std::string> kNatTypes = {"open", "full-cone", "restricted", "port-restricted", "symmetric"};

std::vector<std::string> matrix_files() {
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(kMatrixDir))
    if (e.path().extension() == ".yaml") files.push_back(e.path().filename().string());
  std::sort(files.begin(), files.end());
  return files;
}

std::optional<Scenario> load(const fs::path& file) {
  auto r = load_scenario_file(file.string());
  if (auto* errs = std::get_if<std::vector<LoadError>>(&r)) {
    ADD_FAILURE() << errs->front().to_string();
    return std::nullopt;
  }
  return std::get<Scenario>(r);
}

std::vector<reports::ExpectationResult> run_and_judge(const Scenario& sc, const std::string& trace_dir = "") {
  RunOptions options;
  options.scenario_dir = trace_dir;
  const ScenarioRun run = run_scenario(sc, options);
  EXPECT_TRUE(run.error.empty()) << run.error;
  return reports::evaluate_expectations(sc, run, reports::evaluate_conformance(sc, run));
}

using natlab::testing::slurp;

class ns3Matrix : public ::testing::TestWithParam<std::string> {};

TEST_P(ns3Matrix, MeetsItsExpectations) {
  auto sc = load(kMatrixDir / GetParam());
  ASSERT_TRUE(sc);
  // The suite's contract: every file says how it connects and through what.
  bool outcome = false, selected = false, within = false;
  for (const auto& e : sc->expect) {
    outcome |= e.outcome.has_value();
    selected |= !e.selected.empty();
    within |= e.nominated_within.has_value();
  }
  EXPECT_TRUE(outcome && selected && within) << "each matrix file expects outcome, selected and nominated_within";
  std::string trace_dir;
  if (const char* d = std::getenv("NATLAB_MATRIX_TRACE_DIR"))
    trace_dir = (fs::path(d) / fs::path(GetParam()).stem()).string();
  const auto results = run_and_judge(*sc, trace_dir);
  ASSERT_FALSE(results.empty());
  for (const auto& r : results) EXPECT_TRUE(r.passed) << r.what << ": " << r.detail;
}

INSTANTIATE_TEST_SUITE_P(Files, ns3Matrix, ::testing::ValuesIn(matrix_files()),
                         [](const ::testing::TestParamInfo<std::string>& param_info) {
                           std::string n = fs::path(param_info.param).stem().string();
                           std::replace(n.begin(), n.end(), '-', '_');
                           return n;
                         });

TEST(ns3MatrixSuite, HoldsEveryOrderedPairOfNatTypes) {
  for (const auto& a : kNatTypes)
    for (const auto& b : kNatTypes)
      EXPECT_TRUE(fs::exists(kMatrixDir / (a + "-vs-" + b + ".yaml"))) << a << "-vs-" << b << ".yaml";
}

// A copy of a matrix file with one expected candidate type changed must fail:
// the suite's expectations are real checks, not something that always passes.
class ns3MatrixMutation : public ::testing::Test {
 protected:
  void SetUp() override {
    tmp_ = fs::temp_directory_path() / ("natlab-matrix-" + std::to_string(getpid()));
    fs::remove_all(tmp_);
    fs::create_directories(tmp_);
    const std::string original = slurp(kMatrixDir / "port-restricted-vs-symmetric.yaml");
    const std::string from = "selected: { A: relay, B: prflx }";
    const auto at = original.find(from);
    ASSERT_NE(at, std::string::npos);
    std::string changed = original;
    changed.replace(at, from.size(), "selected: { A: srflx, B: prflx }");
    copy_ = tmp_ / "port-restricted-vs-symmetric.yaml";
    std::ofstream(copy_) << changed;
  }
  void TearDown() override { fs::remove_all(tmp_); }
  fs::path tmp_, copy_;
};

TEST_F(ns3MatrixMutation, ChangedCandidateTypeFailsTheEvaluation) {
  auto sc = load(copy_);
  ASSERT_TRUE(sc);
  int failed = 0;
  for (const auto& r : run_and_judge(*sc)) {
    if (r.passed) continue;
    ++failed;
    EXPECT_EQ(r.what, "call1 selected A=srflx B=prflx");
    EXPECT_EQ(r.detail, "A selected relay, expected srflx");
  }
  EXPECT_EQ(failed, 1);
}

int natlab_run(const fs::path& scenario, const fs::path& out) {
  const std::string cmd = "'" NATLAB_BINARY_DIR "/natlab' run '" + scenario.string() + "' --out '" + out.string() +
                          "' >/dev/null 2>&1";
  const int raw = std::system(cmd.c_str());
  return WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
}

TEST_F(ns3MatrixMutation, NatlabRunExits1OnTheCopyAnd0OnTheOriginal) {
  if (!fs::exists(fs::path(NATLAB_BINARY_DIR) / "natlab")) GTEST_SKIP() << "natlab is not built";
  EXPECT_EQ(natlab_run(copy_, tmp_ / "changed"), 1);
  EXPECT_EQ(natlab_run(kMatrixDir / "port-restricted-vs-symmetric.yaml", tmp_ / "original"), 0);
}

}  // namespace
}  // namespace natlab::sim
