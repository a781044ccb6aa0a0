#include "reports/checks/check.h"

namespace natlab::reports::checks {

std::vector<Check> rfc4787_checks() { return {}; }

}  // namespace natlab::reports::checks
