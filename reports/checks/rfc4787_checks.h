#pragma once
// The RFC 4787 checks: the simulated NATs behave as their scenario entry
// configures them. rfc4787_family.cc lists them all.
#include "reports/checks/check.h"

namespace natlab::reports::checks {

Check mapping_behaviour_check();  // RFC4787-4.1-mapping-behaviour      (rfc4787_mapping.cc)
Check port_assignment_check();    // RFC4787-4.2.1-port-assignment      (rfc4787_port_assignment.cc)
Check mapping_timeout_check();    // RFC4787-4.3-mapping-timeout        (rfc4787_timeout.cc)
Check filtering_behaviour_check();  // RFC4787-5-filtering-behaviour    (rfc4787_filtering.cc)

}  // namespace natlab::reports::checks
