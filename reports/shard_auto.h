#pragma once
// `--shard auto`: K and N from the variables a job scheduler gives each member
// of a job array, so one job definition runs every shard.
//
//   GitLab CI `parallel: N`   CI_NODE_INDEX (1-based), CI_NODE_TOTAL
//   Kubernetes Indexed Job    JOB_COMPLETION_INDEX (0-based); the count is not
//                             in the environment: NATLAB_SHARD_COUNT (set it to
//                             the Job's spec.completions)
//   Slurm job array           SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN,
//                             SLURM_ARRAY_TASK_COUNT (SLURM_ARRAY_TASK_STEP
//                             when the range has a step, e.g. --array=0-30:10)
//
// Checked in that order; the first scheduler whose index variable is set
// decides. GitHub Actions has no such variables: its matrix passes
// `--shard ${{ matrix.shard }}/N` (docs/commands.md).
#include <functional>
#include <string>
#include <variant>

#include "reports/shard.h"

namespace natlab::reports {

// Like std::getenv: nullptr when the variable is not set. Tests pass a map
// instead of changing the process environment.
using Getenv = std::function<const char*(const char*)>;

struct AutoShard {
  Shard shard;
  std::string source;  // e.g. "CI_NODE_INDEX=2 CI_NODE_TOTAL=4 (GitLab CI parallel)"
};

// The shard, or a usage-error message naming the variables that were
// expected or the one whose value is wrong.
std::variant<AutoShard, std::string> shard_from_environment(const Getenv& getenv);

}  // namespace natlab::reports
