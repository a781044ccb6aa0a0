#include "agents/turn/probe/case_result.h"

namespace natlab::turn::probe {

const char* to_string(CaseStatus s) {
  switch (s) {
    case CaseStatus::Pass: return "pass";
    case CaseStatus::Fail: return "fail";
    case CaseStatus::NotApplicable: return "not-applicable";
    case CaseStatus::Skipped: return "skipped";
  }
  return "fail";
}

}  // namespace natlab::turn::probe
