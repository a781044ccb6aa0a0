#include "reports/checks/check.h"
#include "reports/checks/rfc5245_pacing.h"

namespace natlab::reports::checks {

std::vector<Check> rfc5245_candidate_checks() { return {pacing_check()}; }

}  // namespace natlab::reports::checks
