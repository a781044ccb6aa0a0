// `--shard auto` with the environment passed in, never set: tests run in parallel.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "reports/shard_auto.h"

namespace natlab::reports {
namespace {

using Env = std::map<std::string, std::string>;

std::variant<AutoShard, std::string> from(const Env& env) {
  return shard_from_environment([&env](const char* name) -> const char* {
    auto it = env.find(name);
    return it == env.end() ? nullptr : it->second.c_str();
  });
}

std::string kn(const Env& env) {
  auto r = from(env);
  if (auto* e = std::get_if<std::string>(&r)) return "error: " + *e;
  const Shard& s = std::get<AutoShard>(r).shard;
  return std::to_string(s.k) + "/" + std::to_string(s.n);
}

std::string error(const Env& env) {
  auto r = from(env);
  auto* e = std::get_if<std::string>(&r);
  return e ? *e : "no error";
}

TEST(ShardAuto, GitLabParallelIsOneBased) {
  EXPECT_EQ(kn({{"CI_NODE_INDEX", "1"}, {"CI_NODE_TOTAL", "4"}}), "1/4");
  EXPECT_EQ(kn({{"CI_NODE_INDEX", "4"}, {"CI_NODE_TOTAL", "4"}}), "4/4");
  auto r = from({{"CI_NODE_INDEX", "2"}, {"CI_NODE_TOTAL", "4"}});
  EXPECT_EQ(std::get<AutoShard>(r).source, "CI_NODE_INDEX=2 CI_NODE_TOTAL=4 (GitLab CI parallel)");
}

TEST(ShardAuto, GitLabNeedsTheTotalAndAnIndexInRange) {
  EXPECT_NE(error({{"CI_NODE_INDEX", "2"}}).find("CI_NODE_TOTAL is not set"), std::string::npos);
  EXPECT_NE(error({{"CI_NODE_INDEX", "0"}, {"CI_NODE_TOTAL", "4"}}).find("need 1 <= K <= N"), std::string::npos);
  EXPECT_NE(error({{"CI_NODE_INDEX", "5"}, {"CI_NODE_TOTAL", "4"}}).find("gives shard 5/4"), std::string::npos);
  EXPECT_NE(error({{"CI_NODE_INDEX", "x"}, {"CI_NODE_TOTAL", "4"}}).find("CI_NODE_INDEX='x' is not a whole number"),
            std::string::npos);
}

TEST(ShardAuto, KubernetesIndexIsZeroBasedWithTheCountPassedIn) {
  EXPECT_EQ(kn({{"JOB_COMPLETION_INDEX", "0"}, {"NATLAB_SHARD_COUNT", "3"}}), "1/3");
  EXPECT_EQ(kn({{"JOB_COMPLETION_INDEX", "2"}, {"NATLAB_SHARD_COUNT", "3"}}), "3/3");
  EXPECT_NE(error({{"JOB_COMPLETION_INDEX", "3"}, {"NATLAB_SHARD_COUNT", "3"}}).find("gives shard 4/3"),
            std::string::npos);
  std::string e = error({{"JOB_COMPLETION_INDEX", "1"}});
  EXPECT_NE(e.find("NATLAB_SHARD_COUNT is not set"), std::string::npos) << e;
  EXPECT_NE(e.find("spec.completions"), std::string::npos) << e;
}

TEST(ShardAuto, SlurmArrayCountsFromItsMinimum) {
  Env zero_based{{"SLURM_ARRAY_TASK_ID", "0"}, {"SLURM_ARRAY_TASK_MIN", "0"}, {"SLURM_ARRAY_TASK_COUNT", "4"}};
  EXPECT_EQ(kn(zero_based), "1/4");
  Env one_based{{"SLURM_ARRAY_TASK_ID", "4"}, {"SLURM_ARRAY_TASK_MIN", "1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}};
  EXPECT_EQ(kn(one_based), "4/4");
  // --array=10-40:10 runs ids 10, 20, 30, 40.
  Env stepped{{"SLURM_ARRAY_TASK_ID", "30"},
              {"SLURM_ARRAY_TASK_MIN", "10"},
              {"SLURM_ARRAY_TASK_COUNT", "4"},
              {"SLURM_ARRAY_TASK_STEP", "10"}};
  EXPECT_EQ(kn(stepped), "3/4");
  stepped["SLURM_ARRAY_TASK_ID"] = "25";
  EXPECT_NE(error(stepped).find("not one of evenly spaced task ids"), std::string::npos);
}

TEST(ShardAuto, SlurmNeedsMinAndCount) {
  std::string no_min = error({{"SLURM_ARRAY_TASK_ID", "1"}, {"SLURM_ARRAY_TASK_COUNT", "4"}});
  EXPECT_NE(no_min.find("SLURM_ARRAY_TASK_MIN is not set"), std::string::npos) << no_min;
  std::string no_count = error({{"SLURM_ARRAY_TASK_ID", "1"}, {"SLURM_ARRAY_TASK_MIN", "1"}});
  EXPECT_NE(no_count.find("SLURM_ARRAY_TASK_COUNT is not set"), std::string::npos) << no_count;
}

TEST(ShardAuto, NothingSetNamesEveryVariable) {
  std::string e = error({{"HOME", "/root"}, {"CI_NODE_INDEX", ""}});  // empty counts as unset
  for (const char* name : {"CI_NODE_INDEX", "CI_NODE_TOTAL", "JOB_COMPLETION_INDEX", "NATLAB_SHARD_COUNT",
                           "SLURM_ARRAY_TASK_ID", "SLURM_ARRAY_TASK_MIN", "SLURM_ARRAY_TASK_COUNT", "--shard K/N"}) {
    EXPECT_NE(e.find(name), std::string::npos) << name << " missing from: " << e;
  }
}

TEST(ShardAuto, GitLabWinsOverTheOthers) {
  EXPECT_EQ(kn({{"CI_NODE_INDEX", "2"},
                {"CI_NODE_TOTAL", "2"},
                {"JOB_COMPLETION_INDEX", "0"},
                {"NATLAB_SHARD_COUNT", "5"},
                {"SLURM_ARRAY_TASK_ID", "1"}}),
            "2/2");
}

}  // namespace
}  // namespace natlab::reports
