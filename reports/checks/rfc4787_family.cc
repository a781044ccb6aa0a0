#include "reports/checks/check.h"
#include "reports/checks/rfc4787_checks.h"

namespace natlab::reports::checks {

std::vector<Check> rfc4787_checks() {
  return {mapping_behaviour_check(), port_assignment_check(), mapping_timeout_check(), filtering_behaviour_check()};
}

}  // namespace natlab::reports::checks
