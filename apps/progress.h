#pragma once
// Progress of `natlab run` on standard error. On a terminal one live line is
// rewritten per finished scenario (failures stay on screen); otherwise, e.g.
// in CI logs, one line per scenario. Wall-clock seconds appear here only,
// never in results files.
#include <cstddef>
#include <string>

namespace natlab::apps {

class Progress {
 public:
  Progress(std::size_t total, bool quiet, bool terminal) : total_(total), quiet_(quiet), terminal_(terminal) {}
  // "[3/25] matrix-prc-sym pass 0.41 s"
  void finished(const std::string& id, const std::string& status, double seconds);
  // Clears the live line and prints the summary line.
  void done(const std::string& summary_line);

 private:
  std::size_t total_, count_ = 0;
  bool quiet_, terminal_;
  bool live_line_ = false;
};

std::string progress_line(std::size_t n, std::size_t total, const std::string& id, const std::string& status,
                          double seconds);

}  // namespace natlab::apps
