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

}  // namespace natlab::reports::checks
