#include "reports/summary.h"

namespace natlab::reports {

Summary summarize(const Json& scenarios) {
  Summary s;
  for (const auto& entry : scenarios) {
    ++s.scenarios;
    const std::string status = entry.value("status", std::string());
    if (status == "pass") {
      ++s.passed;
    } else if (status == "fail") {
      ++s.failed;
    } else {
      ++s.errors;  // "error", or anything a damaged file says
    }
  }
  return s;
}

Json to_json(const Summary& s) {
  Json j;
  j["scenarios"] = s.scenarios;
  j["passed"] = s.passed;
  j["failed"] = s.failed;
  j["errors"] = s.errors;
  return j;
}

std::string summary_line(const Summary& s) {
  std::string line = std::to_string(s.passed) + " passed, " + std::to_string(s.failed) + " failed";
  if (s.errors > 0) line += ", " + std::to_string(s.errors) + " errors";
  return line;
}

int exit_status_for(const Summary& s) { return s.failed > 0 || s.errors > 0 ? 1 : 0; }

}  // namespace natlab::reports
