#pragma once
// RFC 5245 checks about candidates, pairs and the order of checks; each lives
// in its own rfc5245_cand_<concept>.cc. rfc5245_candidate_family.cc lists them.
#include "reports/checks/check.h"

namespace natlab::reports::checks {

Check candidate_priority_check();        // RFC5245-4.1.2.1-candidate-priority
Check sdp_candidate_priority_check();    // RFC5245-4.1.2.1-sdp-candidate-priority
Check foundation_check();                // RFC5245-4.1.1.3-foundation
Check related_address_check();           // RFC5245-15.1-related-address
Check sdp_candidates_check();            // RFC5245-4.1.3-sdp-candidates
Check credentials_check();               // RFC5245-15.4-credentials
Check check_order_check();               // RFC5245-5.8-check-order
Check check_priority_attribute_check();  // RFC5245-7.1.2.1-check-priority
Check checklist_limit_check();           // RFC5245-5.7.3-checklist-limit
Check prflx_remote_priority_check();     // RFC5245-7.2.1.3-prflx-remote-priority
Check check_from_base_check();           // RFC5245-7.1.2-check-from-base
Check checks_after_description_check();  // RFC5245-7.1.2.3-remote-credentials-first

}  // namespace natlab::reports::checks
