#include "realnet/turnd/log.h"

#include <cstdio>

namespace natlab::turnd {

std::optional<LogLevel> parse_log_level(std::string_view t) {
  if (t == "error") return LogLevel::Error;
  if (t == "warning" || t == "warn") return LogLevel::Warning;
  if (t == "info") return LogLevel::Info;
  if (t == "debug") return LogLevel::Debug;
  return std::nullopt;
}

const char* to_string(LogLevel l) {
  switch (l) {
    case LogLevel::Error: return "error";
    case LogLevel::Warning: return "warning";
    case LogLevel::Info: return "info";
    case LogLevel::Debug: return "debug";
  }
  return "?";
}

void Log::write(LogLevel l, std::string_view line) {
  if (!enabled(l)) return;
  char stamp[32];
  std::snprintf(stamp, sizeof stamp, "%.3f", to_ms(clock_()) / 1000.0);
  // One write per line, flushed: lines of a crash are not lost, and another
  // process reading the pipe sees whole lines.
  std::string s;
  s.reserve(line.size() + 32);
  s.append(stamp).append(" ").append(to_string(l)).append(": ").append(line).append("\n");
  out_ << s << std::flush;
}

}  // namespace natlab::turnd
