#include "reports/checks/check.h"
#include "reports/checks/rfc5245_sess_checks.h"

namespace natlab::reports::checks {

std::vector<Check> rfc5245_session_checks() {
  return {
      // What a check carries (7.1.2).
      username_check(),
      priority_attribute_check(),
      role_attribute_check(),
      use_candidate_role_check(),
      check_integrity_check(),
      // Role conflicts (7.2.1.1, 7.1.3.1).
      role_conflict_response_check(),
      role_conflict_retry_check(),
      // Responses (7.2.1.2, 7.1.3.1).
      response_symmetric_check(),
      success_response_check(),
      valid_only_if_symmetric_check(),
      // Nomination and completion (8.1.1, 8.1.2).
      nominated_valid_check(),
      regular_nomination_check(),
      completed_check(),
      stop_checks_check(),
      // After completion (10, 11.1).
      keepalive_check(),
      selected_pairs_check(),
  };
}

}  // namespace natlab::reports::checks
