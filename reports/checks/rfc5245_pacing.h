#pragma once
#include "reports/checks/check.h"

namespace natlab::reports::checks {
Check pacing_check();  // RFC5245-16-pacing
}
