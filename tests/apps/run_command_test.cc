// `natlab run` and `natlab merge` as CI runs them: subprocesses, their exit
// status, standard error, and the files they leave.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "tests/apps/natlab_process.h"

namespace {

namespace fs = std::filesystem;
using Json = nlohmann::ordered_json;

using natlab::testing::Exit;
using natlab::testing::slurp;

// A fresh folder per test (tests/apps/natlab_process.h), named as the tests
// here name their output folders.
class NatlabRun : public natlab::testing::NatlabProcess {
 protected:
  std::string out(const std::string& name) { return path(name); }
};

std::string last_line(const std::string& text) {
  std::string t = text;
  if (!t.empty() && t.back() == '\n') t.pop_back();
  auto nl = t.rfind('\n');
  return nl == std::string::npos ? t : t.substr(nl + 1);
}

TEST_F(NatlabRun, InvalidFileExits2AndSimulatesNothing) {
  Exit r = natlab("run scenarios/examples/full-cone-pair.yaml tests/sim/data/bad/unknown-nat-type.yaml --out " +
                 out("o"));
  EXPECT_EQ(r.status, 2) << r.err;
  EXPECT_NE(r.err.find("tests/sim/data/bad/unknown-nat-type.yaml:6:11: error: unknown NAT type 'fullcone'"),
            std::string::npos)
      << r.err;
  EXPECT_FALSE(fs::exists(out("o"))) << "nothing may be simulated or written";
}

TEST_F(NatlabRun, MalformedShardIsAUsageError) {
  for (const char* bad : {"0/2", "3/2", "1-2", "x"}) {
    Exit r = natlab(std::string("run scenarios --shard ") + bad + " --out " + out("o"));
    EXPECT_EQ(r.status, 2) << bad << ": " << r.err;
    EXPECT_NE(r.err.find("--shard must be K/N"), std::string::npos) << r.err;
  }
  EXPECT_FALSE(fs::exists(out("o")));
}

TEST_F(NatlabRun, UnknownOptionIsAUsageError) {
  EXPECT_EQ(natlab("run scenarios --frobnicate").status, 2);
  EXPECT_EQ(natlab("run scenarios --jobs 0").status, 2);
  EXPECT_EQ(natlab("run").status, 2);
}

TEST_F(NatlabRun, ExampleWritesResultsJunitAndReport) {
  Exit r = natlab("run scenarios/examples/port-restricted-vs-symmetric-turn.yaml --out " + out("o"));
  ASSERT_TRUE(r.status == 0 || r.status == 1) << r.status << "\n" << r.err;
  Json doc = Json::parse(slurp(out("o/results.json")));
  EXPECT_EQ(doc["natlab"], 1);
  std::vector<std::string> keys;
  for (const auto& [k, v] : doc["summary"].items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"scenarios", "passed", "failed", "errors"}));
  ASSERT_EQ(doc["scenarios"].size(), 1u);
  const Json& s = doc["scenarios"][0];
  keys.clear();
  for (const auto& [k, v] : s.items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"file", "name", "seed", "status", "sessions", "expectations",
                                            "conformance", "artifacts"}));
  EXPECT_EQ(s["file"], "scenarios/examples/port-restricted-vs-symmetric-turn.yaml");
  EXPECT_EQ(s["name"], "port-restricted vs symmetric falls back to TURN");
  EXPECT_EQ(s["seed"], 1);
  ASSERT_EQ(s["sessions"].size(), 1u);
  keys.clear();
  for (const auto& [k, v] : s["sessions"][0].items()) keys.push_back(k);
  EXPECT_EQ(keys, (std::vector<std::string>{"name", "outcome", "selected", "times_ms", "checks"}));
  // The single file's id is its stem; its trace is where artifacts say.
  EXPECT_EQ(s["artifacts"]["trace"], "port-restricted-vs-symmetric-turn/trace.jsonl");
  EXPECT_TRUE(fs::is_regular_file(out("o/port-restricted-vs-symmetric-turn/trace.jsonl")));
  EXPECT_FALSE(fs::exists(out("o/port-restricted-vs-symmetric-turn/.natlab-result.json")));
  EXPECT_EQ(s["status"], "pass") << r.err;
  EXPECT_EQ(r.status, 0);
  EXPECT_EQ(last_line(r.err), "1 passed, 0 failed");
  EXPECT_NE(slurp(out("o/junit.xml")).find("<testsuites name=\"natlab\""), std::string::npos);
  EXPECT_NE(slurp(out("o/report.html")).find("<!DOCTYPE html>"), std::string::npos);
}

TEST_F(NatlabRun, SeedOptionOverridesTheFile) {
  natlab("run scenarios/examples/full-cone-pair.yaml --seed 99 --quiet --out " + out("o"));
  Json doc = Json::parse(slurp(out("o/results.json")));
  EXPECT_EQ(doc["scenarios"][0]["seed"], 99);
}

TEST_F(NatlabRun, JsonAndJunitOptionsMoveThoseFiles) {
  natlab("run scenarios/examples/full-cone-pair.yaml --quiet --out " + out("o") + " --json " + out("r.json") +
         " --junit " + out("j.xml"));
  EXPECT_TRUE(fs::is_regular_file(out("r.json")));
  EXPECT_TRUE(fs::is_regular_file(out("j.xml")));
  EXPECT_FALSE(fs::exists(out("o/results.json")));
  EXPECT_TRUE(fs::is_regular_file(out("o/report.html")));
}

TEST_F(NatlabRun, StaleArtifactsGoUserFilesStay) {
  natlab("run scenarios/examples/full-cone-pair.yaml --pcap --quiet --out " + out("o"));
  ASSERT_TRUE(fs::is_directory(out("o/full-cone-pair/pcap")));
  std::ofstream(out("o/full-cone-pair/graph.svg")) << "<svg/>";  // as if an older run drew one
  std::ofstream(out("o/full-cone-pair/keep.txt")) << "mine";
  // --no-graphs: this run draws none, so a graph.svg could only be the old one.
  natlab("run scenarios/examples/full-cone-pair.yaml --quiet --no-graphs --out " + out("o"));
  Json doc = Json::parse(slurp(out("o/results.json")));
  const Json& artifacts = doc["scenarios"][0]["artifacts"];
  EXPECT_FALSE(artifacts.contains("graph")) << artifacts.dump();
  EXPECT_FALSE(fs::exists(out("o/full-cone-pair/graph.svg")));
  EXPECT_FALSE(artifacts.contains("pcap")) << artifacts.dump();
  EXPECT_FALSE(fs::exists(out("o/full-cone-pair/pcap")));
  EXPECT_TRUE(fs::exists(out("o/full-cone-pair/keep.txt")));
}

TEST_F(NatlabRun, PcapFilesAreListedAsArtifacts) {
  natlab("run scenarios/examples/full-cone-pair.yaml --pcap --quiet --out " + out("o"));
  Json doc = Json::parse(slurp(out("o/results.json")));
  const Json& pcaps = doc["scenarios"][0]["artifacts"]["pcap"];
  ASSERT_TRUE(pcaps.is_array());
  ASSERT_FALSE(pcaps.empty());
  for (const auto& p : pcaps) EXPECT_TRUE(fs::is_regular_file(out("o/" + p.get<std::string>()))) << p;
}

TEST_F(NatlabRun, UnwritableResultsAreAnInternalError) {
  std::ofstream(out("file")) << "not a folder";
  Exit r = natlab("run scenarios/examples/full-cone-pair.yaml --quiet --out " + out("o") + " --json " +
                  out("file/results.json"));
  EXPECT_EQ(r.status, 3) << r.err;
  EXPECT_NE(r.err.find("natlab run: internal error: cannot write"), std::string::npos) << r.err;
}

TEST_F(NatlabRun, QuietLeavesOnlyTheSummary) {
  Exit r = natlab("run scenarios/matrix --quiet --out " + out("o"));
  EXPECT_EQ(r.err, last_line(r.err) + "\n") << r.err;
  // Not a terminal: one line per scenario otherwise.
  Exit loud = natlab("run scenarios/examples --out " + out("p"));
  EXPECT_NE(loud.err.find("[1/3] "), std::string::npos) << loud.err;
  EXPECT_NE(loud.err.find("[3/3] "), std::string::npos) << loud.err;
}

// The same example with one expected candidate type changed (B: srflx where
// the RFC makes it prflx) fails, and so does the run.
TEST_F(NatlabRun, ChangedExpectedCandidateTypeFailsTheRun) {
  Exit r = natlab("run tests/apps/data/wrong-selected-type.yaml --out " + out("o"));
  EXPECT_EQ(r.status, 1) << r.err;
  EXPECT_EQ(last_line(r.err), "0 passed, 1 failed");
  Json doc = Json::parse(slurp(out("o/results.json")));
  const Json& s = doc["scenarios"][0];
  EXPECT_EQ(s["status"], "fail");
  bool found = false;
  for (const auto& e : s["expectations"]) {
    if (e["what"].get<std::string>().find("selected") == std::string::npos) continue;
    found = true;
    EXPECT_EQ(e["status"], "fail");
    EXPECT_NE(e["detail"].get<std::string>().find("B selected prflx, expected srflx"), std::string::npos) << e;
  }
  EXPECT_TRUE(found);
}

TEST_F(NatlabRun, ExitStatusFollowsTheSummary) {
  Exit r = natlab("run scenarios --quiet --out " + out("o"));
  Json doc = Json::parse(slurp(out("o/results.json")));
  int bad = doc["summary"]["failed"].get<int>() + doc["summary"]["errors"].get<int>();
  EXPECT_EQ(r.status, bad > 0 ? 1 : 0) << r.err;
  EXPECT_EQ(doc["summary"]["scenarios"], doc["scenarios"].size());
}

TEST_F(NatlabRun, SameInputGivesSameBytes) {
  Exit a = natlab("run scenarios --jobs 2 --quiet --out " + out("a"));
  Exit b = natlab("run scenarios --jobs 1 --quiet --out " + out("b"));
  EXPECT_EQ(a.status, b.status);
  std::string ra = slurp(out("a/results.json"));
  EXPECT_FALSE(ra.empty());
  EXPECT_EQ(ra, slurp(out("b/results.json")));
  EXPECT_EQ(slurp(out("a/junit.xml")), slurp(out("b/junit.xml")));
  EXPECT_EQ(slurp(out("a/report.html")), slurp(out("b/report.html")));
}

TEST_F(NatlabRun, ShardsMergedEqualTheUnshardedRun) {
  Exit whole = natlab("run scenarios --quiet --out " + out("whole"));
  Exit one = natlab("run scenarios --shard 1/2 --quiet --out " + out("s1"));
  Exit two = natlab("run scenarios --shard 2/2 --quiet --out " + out("s2"));
  Json d1 = Json::parse(slurp(out("s1/results.json")));
  Json d2 = Json::parse(slurp(out("s2/results.json")));
  Json dw = Json::parse(slurp(out("whole/results.json")));
  EXPECT_EQ(d1["scenarios"].size() + d2["scenarios"].size(), dw["scenarios"].size());
  EXPECT_EQ(d1["scenarios"][0]["file"], dw["scenarios"][0]["file"]);  // index 0 is in shard 1
  EXPECT_EQ(d2["scenarios"][0]["file"], dw["scenarios"][1]["file"]);  // index 1 is in shard 2

  Exit merged = natlab("merge " + out("s1") + " " + out("s2") + " --out " + out("m"));
  EXPECT_EQ(merged.status, whole.status) << merged.err;
  EXPECT_EQ(slurp(out("m/results.json")), slurp(out("whole/results.json")));
  EXPECT_EQ(slurp(out("m/junit.xml")), slurp(out("whole/junit.xml")));
  EXPECT_EQ(last_line(merged.err), last_line(whole.err));
  // Artifacts follow the merged results.
  for (const auto& s : dw["scenarios"]) {
    if (s["artifacts"].contains("trace")) {
      EXPECT_TRUE(fs::is_regular_file(out("m/" + s["artifacts"]["trace"].get<std::string>())));
    }
  }
}

TEST_F(NatlabRun, MergeRefusesMissingAndDuplicateInputs) {
  EXPECT_EQ(natlab("merge " + out("nowhere") + " --out " + out("m")).status, 2);
  natlab("run scenarios/matrix --shard 1/2 --quiet --out " + out("s1"));
  Exit r = natlab("merge " + out("s1") + " " + out("s1/results.json") + " --out " + out("m"));
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.err.find("merged twice"), std::string::npos) << r.err;
}

TEST_F(NatlabRun, HelpListsTheCommands) {
  fs::path help = tmp_ / "help.txt";
  std::string cmd = "'" NATLAB_BINARY_DIR "/natlab' --help >'" + help.string() + "'";
  ASSERT_EQ(std::system(cmd.c_str()), 0);
  std::string text = slurp(help);
  for (const char* c : {"run", "check", "merge", "nat-test"}) EXPECT_NE(text.find(c), std::string::npos) << c;
}

}  // namespace
