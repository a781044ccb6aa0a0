#include "reports/shard_auto.h"

#include <optional>
#include <string_view>

namespace natlab::reports {
namespace {

constexpr const char* kNoneSet =
    "--shard auto found none of the variables it reads: CI_NODE_INDEX and CI_NODE_TOTAL (GitLab CI "
    "parallel), JOB_COMPLETION_INDEX and NATLAB_SHARD_COUNT (Kubernetes Indexed Job), "
    "SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_MIN and SLURM_ARRAY_TASK_COUNT (Slurm job array); "
    "elsewhere pass --shard K/N";

// An unset or empty variable counts as absent.
std::optional<std::string> var(const Getenv& getenv, const char* name) {
  const char* v = getenv(name);
  if (v == nullptr || *v == '\0') return std::nullopt;
  return std::string(v);
}

// Reads a variable that must be present and a number; on failure the message.
std::variant<std::size_t, std::string> required(const Getenv& getenv, const char* name, const char* why) {
  auto v = var(getenv, name);
  if (!v) return std::string("--shard auto: ") + why + " but " + name + " is not set";
  auto n = parse_decimal(*v);
  if (!n) return std::string("--shard auto: ") + name + "='" + *v + "' is not a whole number";
  return *n;
}

std::string assignment(const char* name, std::size_t value) { return std::string(name) + "=" + std::to_string(value); }

std::variant<AutoShard, std::string> shard_or_error(std::size_t k, std::size_t n, std::string source) {
  if (n < 1 || k < 1 || k > n) {
    return "--shard auto: " + source + " gives shard " + std::to_string(k) + "/" + std::to_string(n) +
           "; need 1 <= K <= N";
  }
  return AutoShard{Shard{k, n}, std::move(source)};
}

// GitLab CI `parallel: N`: CI_NODE_INDEX counts from 1.
std::variant<AutoShard, std::string> gitlab(const Getenv& getenv) {
  const char* why = "CI_NODE_INDEX is set (GitLab CI parallel)";
  auto k = required(getenv, "CI_NODE_INDEX", why);
  if (auto* e = std::get_if<std::string>(&k)) return *e;
  auto n = required(getenv, "CI_NODE_TOTAL", why);
  if (auto* e = std::get_if<std::string>(&n)) return *e;
  std::size_t kk = std::get<std::size_t>(k), nn = std::get<std::size_t>(n);
  return shard_or_error(kk, nn, assignment("CI_NODE_INDEX", kk) + " " + assignment("CI_NODE_TOTAL", nn) +
                                    " (GitLab CI parallel)");
}

// Kubernetes Indexed Job: JOB_COMPLETION_INDEX counts from 0; Kubernetes does
// not put spec.completions in the environment, so the Job's spec passes it.
std::variant<AutoShard, std::string> kubernetes(const Getenv& getenv) {
  const char* why = "JOB_COMPLETION_INDEX is set (Kubernetes Indexed Job; set NATLAB_SHARD_COUNT to the "
                    "Job's spec.completions)";
  auto index = required(getenv, "JOB_COMPLETION_INDEX", why);
  if (auto* e = std::get_if<std::string>(&index)) return *e;
  auto n = required(getenv, "NATLAB_SHARD_COUNT", why);
  if (auto* e = std::get_if<std::string>(&n)) return *e;
  std::size_t i = std::get<std::size_t>(index), nn = std::get<std::size_t>(n);
  return shard_or_error(i + 1, nn, assignment("JOB_COMPLETION_INDEX", i) + " " +
                                       assignment("NATLAB_SHARD_COUNT", nn) + " (Kubernetes Indexed Job)");
}

// Slurm job array: task ids run from SLURM_ARRAY_TASK_MIN in steps of
// SLURM_ARRAY_TASK_STEP (1 unless the range has one), so --array=1-4 and
// --array=0-3 both make shards 1..4.
std::variant<AutoShard, std::string> slurm(const Getenv& getenv) {
  const char* why = "SLURM_ARRAY_TASK_ID is set (Slurm job array)";
  auto id = required(getenv, "SLURM_ARRAY_TASK_ID", why);
  if (auto* e = std::get_if<std::string>(&id)) return *e;
  auto min = required(getenv, "SLURM_ARRAY_TASK_MIN", why);
  if (auto* e = std::get_if<std::string>(&min)) return *e;
  auto n = required(getenv, "SLURM_ARRAY_TASK_COUNT", why);
  if (auto* e = std::get_if<std::string>(&n)) return *e;
  std::size_t step = 1;
  if (var(getenv, "SLURM_ARRAY_TASK_STEP")) {
    auto s = required(getenv, "SLURM_ARRAY_TASK_STEP", why);
    if (auto* e = std::get_if<std::string>(&s)) return *e;
    step = std::get<std::size_t>(s);
  }
  std::size_t ii = std::get<std::size_t>(id), mm = std::get<std::size_t>(min), nn = std::get<std::size_t>(n);
  std::string source = assignment("SLURM_ARRAY_TASK_ID", ii) + " " + assignment("SLURM_ARRAY_TASK_MIN", mm) + " " +
                       assignment("SLURM_ARRAY_TASK_COUNT", nn);
  if (step != 1) source += " " + assignment("SLURM_ARRAY_TASK_STEP", step);
  source += " (Slurm job array)";
  if (step == 0 || ii < mm || (ii - mm) % step != 0) {
    return "--shard auto: " + source + " is not one of evenly spaced task ids; use a range such as --array=1-" +
           std::to_string(nn);
  }
  return shard_or_error((ii - mm) / step + 1, nn, std::move(source));
}

}  // namespace

std::variant<AutoShard, std::string> shard_from_environment(const Getenv& getenv) {
  if (var(getenv, "CI_NODE_INDEX")) return gitlab(getenv);
  if (var(getenv, "JOB_COMPLETION_INDEX")) return kubernetes(getenv);
  if (var(getenv, "SLURM_ARRAY_TASK_ID")) return slurm(getenv);
  return std::string(kNoneSet);
}

}  // namespace natlab::reports
