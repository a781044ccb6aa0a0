#pragma once
// A pool of forked worker processes. ns-3 keeps its simulator as process-wide
// state, so every scenario runs in a fresh child; a child that crashes takes
// only its own scenario down.
#include <cstddef>
#include <functional>
#include <string>

namespace natlab::apps {

struct WorkerExit {
  std::size_t index = 0;
  int raw_status = 0;     // as from waitpid
  double seconds = 0.0;   // wall time, for progress display only
};

// Runs body(i) for i in [0, count) in child processes, at most `parallel` at a
// time, started in index order. body's return value is the child's exit code;
// an exception in it is exit code 70. on_done runs in the parent as children
// finish, in completion order (callers must not let that order reach output
// files). Throws std::system_error if fork or waitpid fails.
void run_in_workers(std::size_t count, unsigned parallel, const std::function<int(std::size_t)>& body,
                    const std::function<void(const WorkerExit&)>& on_done);

// "" for a clean exit 0; otherwise e.g. "worker killed by signal 11 (Segmentation fault)".
std::string describe_exit(int raw_status);

}  // namespace natlab::apps
