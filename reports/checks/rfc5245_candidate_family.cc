#include "reports/checks/check.h"
#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_pacing.h"

namespace natlab::reports::checks {

std::vector<Check> rfc5245_candidate_checks() {
  return {pacing_check(),
          candidate_priority_check(),
          sdp_candidate_priority_check(),
          foundation_check(),
          related_address_check(),
          sdp_candidates_check(),
          credentials_check()};
}

}  // namespace natlab::reports::checks
