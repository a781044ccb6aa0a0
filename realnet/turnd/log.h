#pragma once
// natlab-turnd's log: one line per event on stderr, prefixed with the seconds
// since start and the level. Written at once (no queue), so a burst of
// allocations costs time, never memory.
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

#include "common/time.h"

namespace natlab::turnd {

enum class LogLevel { Error = 0, Warning = 1, Info = 2, Debug = 3 };
std::optional<LogLevel> parse_log_level(std::string_view text);
const char* to_string(LogLevel l);

class Log {
 public:
  Log(std::ostream& out, LogLevel level, std::function<Time()> clock)
      : out_(out), level_(level), clock_(std::move(clock)) {}

  bool enabled(LogLevel l) const { return l <= level_; }
  void write(LogLevel l, std::string_view line);
  void error(std::string_view line) { write(LogLevel::Error, line); }
  void warning(std::string_view line) { write(LogLevel::Warning, line); }
  void info(std::string_view line) { write(LogLevel::Info, line); }
  void debug(std::string_view line) { write(LogLevel::Debug, line); }

 private:
  std::ostream& out_;
  LogLevel level_;
  std::function<Time()> clock_;
};

}  // namespace natlab::turnd
