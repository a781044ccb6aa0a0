#include "reports/checks/check.h"

namespace natlab::reports::checks {

std::vector<Check> rfc5245_session_checks() { return {}; }

}  // namespace natlab::reports::checks
