#pragma once
// The outcome of one probe case, in the shape of a conformance entry of
// results.json (docs/results-format.md): id, RFC and section, requirement,
// status and a detail that names the message it judged.
#include <string>

namespace natlab::turn::probe {

enum class CaseStatus { Pass, Fail, NotApplicable, Skipped };
// "pass", "fail", "not-applicable", "skipped"
const char* to_string(CaseStatus s);

struct CaseInfo {
  std::string id;           // RFC<n>-<section>-<slug>, like the conformance catalogue
  int rfc = 5766;
  std::string section;      // "6.2"
  std::string requirement;  // one sentence
  bool slow = false;        // waits for a server timer: run only with --slow
};

struct CaseResult {
  CaseInfo info;
  CaseStatus status = CaseStatus::Fail;
  std::string detail;
};

}  // namespace natlab::turn::probe
