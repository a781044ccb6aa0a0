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
          credentials_check(),
          check_order_check(),
          check_priority_attribute_check(),
          checklist_limit_check(),
          prflx_remote_priority_check(),
          check_from_base_check(),
          checks_after_description_check()};
}

}  // namespace natlab::reports::checks
