#include "apps/progress.h"

#include <cstdio>
#include <iostream>

namespace natlab::apps {

namespace {
constexpr const char* kClearLine = "\r\x1b[K";
}

std::string progress_line(std::size_t n, std::size_t total, const std::string& id, const std::string& status,
                          double seconds) {
  char secs[32];
  std::snprintf(secs, sizeof secs, "%.2f s", seconds);
  return "[" + std::to_string(n) + "/" + std::to_string(total) + "] " + id + " " + status + " " + secs;
}

void Progress::finished(const std::string& id, const std::string& status, double seconds) {
  ++count_;
  if (quiet_) return;
  std::string line = progress_line(count_, total_, id, status, seconds);
  if (!terminal_) {
    std::cerr << line << '\n';
  } else if (status == "pass") {
    std::cerr << kClearLine << line << std::flush;
    live_line_ = true;
  } else {
    std::cerr << kClearLine << line << '\n' << std::flush;
    live_line_ = false;
  }
}

void Progress::done(const std::string& summary_line) {
  if (live_line_) std::cerr << kClearLine;
  live_line_ = false;
  std::cerr << summary_line << '\n' << std::flush;
}

}  // namespace natlab::apps
