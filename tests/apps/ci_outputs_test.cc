// What CI jobs rely on, through the real binary: shards that together run a
// folder exactly once and merge into the unsharded results; `--shard auto`
// reading a scheduler's variables; junit.xml that xmllint accepts with counts
// that match its testcases; report.html that is well-formed and loads nothing.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <sys/wait.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "tests/apps/natlab_process.h"

namespace natlab::testing {
namespace {

namespace fs = std::filesystem;
using OrderedJson = nlohmann::ordered_json;

// A small folder: scenarios/examples has three files, so shard 1/2 runs two
// and shard 2/2 one.
constexpr const char* kFolder = "scenarios/examples";

// Every variable --shard auto reads, unset, so the tests do not depend on
// where they run (e.g. inside a GitLab parallel job).
constexpr const char* kCleanEnv =
    "env -u CI_NODE_INDEX -u CI_NODE_TOTAL -u JOB_COMPLETION_INDEX -u NATLAB_SHARD_COUNT -u SLURM_ARRAY_TASK_ID "
    "-u SLURM_ARRAY_TASK_MIN -u SLURM_ARRAY_TASK_COUNT -u SLURM_ARRAY_TASK_STEP ";

class CiOutputs : public NatlabProcess {
 protected:
  // `natlab ARGS` with extra environment variables ("A=1 B=2").
  Exit natlab_env(const std::string& vars, const std::string& args) {
    const auto err_file = tmp_ / "stderr.txt";
    const std::string cmd = "cd '" NATLAB_SOURCE_DIR "' && " + std::string(kCleanEnv) + vars + " '" NATLAB_BINARY_DIR
                            "/natlab' " + args + " >/dev/null 2>'" + err_file.string() + "'";
    const int raw = std::system(cmd.c_str());
    Exit r;
    r.status = WIFEXITED(raw) ? WEXITSTATUS(raw) : -1;
    r.err = slurp(err_file);
    return r;
  }

  std::vector<std::string> files_in(const std::string& out_dir) {
    std::vector<std::string> files;
    OrderedJson doc = OrderedJson::parse(slurp(path(out_dir + "/results.json")));
    for (const auto& s : doc["scenarios"]) files.push_back(s["file"].get<std::string>());
    return files;
  }

  // Runs xmllint with ARGS; its exit status and output (stdout and stderr).
  std::pair<int, std::string> xmllint(const std::string& args) {
    const auto out_file = tmp_ / "xmllint.txt";
    const std::string cmd = "xmllint " + args + " >'" + out_file.string() + "' 2>&1";
    const int raw = std::system(cmd.c_str());
    return {WIFEXITED(raw) ? WEXITSTATUS(raw) : -1, slurp(out_file)};
  }

  // The number an XPath expression evaluates to in `file`.
  std::string xpath(const std::string& file, const std::string& expression) {
    auto [status, output] = xmllint("--xpath '" + expression + "' '" + file + "'");
    EXPECT_EQ(status, 0) << expression << ": " << output;
    while (!output.empty() && (output.back() == '\n' || output.back() == ' ')) output.pop_back();
    return output;
  }
};

bool have_xmllint() { return std::system("command -v xmllint >/dev/null 2>&1") == 0; }

TEST_F(CiOutputs, ShardsRunEveryScenarioOnceAndMergeToTheUnshardedResults) {
  Exit whole = natlab_env("", std::string("run ") + kFolder + " --quiet --out " + path("whole"));
  Exit one = natlab_env("", std::string("run ") + kFolder + " --shard 1/2 --quiet --out " + path("s1"));
  Exit two = natlab_env("", std::string("run ") + kFolder + " --shard 2/2 --quiet --out " + path("s2"));
  ASSERT_LE(whole.status, 1) << whole.err;
  ASSERT_LE(one.status, 1) << one.err;
  ASSERT_LE(two.status, 1) << two.err;

  std::vector<std::string> all = files_in("whole");
  ASSERT_EQ(all.size(), 3u);
  std::multiset<std::string> ran;
  for (const auto& f : files_in("s1")) ran.insert(f);
  for (const auto& f : files_in("s2")) ran.insert(f);
  EXPECT_EQ(ran, std::multiset<std::string>(all.begin(), all.end())) << "each scenario exactly once";
  EXPECT_EQ(files_in("s1"), (std::vector<std::string>{all[0], all[2]}));  // positions 0 and 2: i mod 2 = 0
  EXPECT_EQ(files_in("s2"), (std::vector<std::string>{all[1]}));

  Exit merged = natlab_env("", "merge " + path("s1") + " " + path("s2") + " --out " + path("m"));
  EXPECT_EQ(merged.status, whole.status) << merged.err;
  // results.json has no wall-clock time in it, so the bytes are equal.
  EXPECT_EQ(slurp(path("m/results.json")), slurp(path("whole/results.json")));
  EXPECT_EQ(slurp(path("m/junit.xml")), slurp(path("whole/junit.xml")));
  // The report draws timelines and graphs from artifacts that merge copied along.
  std::string report = slurp(path("m/report.html"));
  EXPECT_NE(report.find("<svg class=\"tl\""), std::string::npos);
  EXPECT_EQ(report, slurp(path("whole/report.html")));
}

TEST_F(CiOutputs, ShardAutoTakesKAndNFromTheScheduler) {
  // Each of these is shard 2 of 2.
  const std::map<std::string, std::string> schedulers = {
      {"GitLab CI parallel", "CI_NODE_INDEX=2 CI_NODE_TOTAL=2"},
      {"Kubernetes Indexed Job", "JOB_COMPLETION_INDEX=1 NATLAB_SHARD_COUNT=2"},
      {"Slurm job array", "SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=2"},
  };
  Exit fixed = natlab_env("", std::string("run ") + kFolder + " --shard 2/2 --quiet --out " + path("fixed"));
  ASSERT_LE(fixed.status, 1) << fixed.err;
  for (const auto& [name, vars] : schedulers) {
    Exit r = natlab_env(vars, std::string("run ") + kFolder + " --shard auto --out " + path("auto"));
    ASSERT_LE(r.status, 1) << name << ": " << r.err;
    EXPECT_NE(r.err.find("shard 2/2 from "), std::string::npos) << name << ": " << r.err;
    EXPECT_NE(r.err.find("(" + name + ")"), std::string::npos) << r.err;
    EXPECT_EQ(files_in("auto"), files_in("fixed")) << name;
  }
}

TEST_F(CiOutputs, ShardAutoWithoutSchedulerIsAUsageError) {
  Exit r = natlab_env("", std::string("run ") + kFolder + " --shard auto --out " + path("o"));
  EXPECT_EQ(r.status, 2) << r.err;
  for (const char* name : {"CI_NODE_INDEX", "JOB_COMPLETION_INDEX", "NATLAB_SHARD_COUNT", "SLURM_ARRAY_TASK_ID"}) {
    EXPECT_NE(r.err.find(name), std::string::npos) << name << " not named in: " << r.err;
  }
  EXPECT_FALSE(fs::exists(path("o")));
  Exit k8s = natlab_env("JOB_COMPLETION_INDEX=0", std::string("run ") + kFolder + " --shard auto --out " + path("o"));
  EXPECT_EQ(k8s.status, 2);
  EXPECT_NE(k8s.err.find("NATLAB_SHARD_COUNT is not set"), std::string::npos) << k8s.err;
}

// The attributes Jenkins, GitLab and the GitHub reporters read: counts on
// every <testsuite> equal to its testcases, a time on every element, checks
// classed by RFC.
TEST_F(CiOutputs, JunitIsValidXmlWithCountsMatchingItsTestcases) {
  ASSERT_TRUE(have_xmllint()) << "xmllint is missing: scripts/setup installs libxml2-utils";
  Exit r = natlab_env("", std::string("run ") + kFolder + " --quiet --out " + path("o"));
  ASSERT_LE(r.status, 1) << r.err;
  const std::string junit = path("o/junit.xml");
  auto [status, output] = xmllint("--noout '" + junit + "'");
  EXPECT_EQ(status, 0) << output;

  EXPECT_EQ(xpath(junit, "count(/testsuites/testsuite)"), "3");
  for (const char* rule : {"//testsuite[@tests != count(testcase)]",
                           "//testsuite[@failures != count(testcase[failure])]",
                           "//testsuite[@errors != count(testcase[error])]",
                           "//testsuite[@skipped != count(testcase[skipped])]",
                           "//testsuite[not(@name) or not(@time) or not(@file)]",
                           "//testcase[not(@name) or not(@classname) or @time != \"0\"]",
                           "//testcase[count(failure | error | skipped) > 1]",
                           "//failure[not(@message)] | //error[not(@message)]"}) {
    EXPECT_EQ(xpath(junit, std::string("count(") + rule + ")"), "0") << rule;
  }
  EXPECT_EQ(xpath(junit, "count(/testsuites[@tests = count(//testcase)])"), "1");
  EXPECT_EQ(xpath(junit, "count(/testsuites[@failures = count(//testcase[failure])])"), "1");
  // Conformance checks are testcases classed <file>.RFC<n>.
  EXPECT_NE(xpath(junit, "count(//testcase[contains(@classname, \".yaml.RFC\") and starts-with(@name, \"RFC\")])"),
            "0");
  EXPECT_EQ(xpath(junit, "count(//testcase[starts-with(@name, \"RFC\") and not(contains(@classname, \".RFC\"))])"),
            "0");
}

TEST_F(CiOutputs, ReportIsWellFormedAndLoadsNothing) {
  ASSERT_TRUE(have_xmllint()) << "xmllint is missing: scripts/setup installs libxml2-utils";
  Exit r = natlab_env("", std::string("run ") + kFolder + " --quiet --out " + path("o"));
  ASSERT_LE(r.status, 1) << r.err;
  auto [status, output] = xmllint("--noout '" + path("o/report.html") + "'");
  EXPECT_EQ(status, 0) << output;

  const std::string html = slurp(path("o/report.html"));
  for (const char* never : {"<script", "<link", "<img", "<iframe", "<object", "<embed", "@import", "url(", "src="}) {
    EXPECT_EQ(html.find(never), std::string::npos) << never;
  }
  // "http" only as XML namespace names of inline SVG (never fetched).
  for (std::size_t at = html.find("http"); at != std::string::npos; at = html.find("http", at + 1)) {
    std::size_t attr = html.rfind("xmlns", at);
    EXPECT_TRUE(attr != std::string::npos && at - attr <= 14) << html.substr(at > 40 ? at - 40 : 0, 80);
  }
  // Links go to anchors in the page or to files of the run that exist.
  for (std::size_t at = html.find("href=\""); at != std::string::npos; at = html.find("href=\"", at + 1)) {
    std::size_t end = html.find('"', at + 6);
    std::string target = html.substr(at + 6, end - at - 6);
    if (target.rfind("#", 0) == 0) continue;
    EXPECT_TRUE(fs::is_regular_file(path("o/" + target))) << target;
  }
  // Every session has its timeline drawn.
  OrderedJson doc = OrderedJson::parse(slurp(path("o/results.json")));
  std::size_t sessions = 0;
  for (const auto& s : doc["scenarios"]) sessions += s["sessions"].size();
  const std::string timeline = "<svg class=\"tl\"";
  std::size_t drawn = 0;
  for (std::size_t at = html.find(timeline); at != std::string::npos; at = html.find(timeline, at + 1)) ++drawn;
  EXPECT_EQ(drawn, sessions);
}

}  // namespace
}  // namespace natlab::testing
