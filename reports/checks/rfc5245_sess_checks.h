#pragma once
// RFC 5245 checks about connectivity checks and what follows them: their
// contents, roles and role conflicts, responses, nomination, completion,
// keepalives and the selected pairs. rfc5245_session_checks() lists them.
#include "reports/checks/check.h"

namespace natlab::reports::checks {

// rfc5245_sess_requests.cc: what a connectivity check carries (7.1.2).
Check username_check();             // RFC5245-7.1.2.3-username
Check priority_attribute_check();   // RFC5245-7.1.2.1-priority
Check role_attribute_check();       // RFC5245-7.1.2.2-role-attribute
Check use_candidate_role_check();   // RFC5245-7.1.2.1-use-candidate-controlling
Check check_integrity_check();      // RFC5245-7.1.2-integrity-fingerprint

// rfc5245_sess_role_conflict.cc: 487 Role Conflict (7.2.1.1, 7.1.3.1).
Check role_conflict_response_check();  // RFC5245-7.2.1.1-role-conflict
Check role_conflict_retry_check();     // RFC5245-7.1.3.1-487-switch-retry

// rfc5245_sess_responses.cc: answering checks and accepting answers.
Check response_symmetric_check();       // RFC5245-7.2.1.2-response-symmetric
Check success_response_check();         // RFC5245-7.2.1.2-success-response
Check valid_only_if_symmetric_check();  // RFC5245-7.1.3.1-symmetric-success

// rfc5245_sess_nomination.cc: nominating valid pairs (8.1.1).
Check nominated_valid_check();        // RFC5245-8.1.1-nominated-valid
Check regular_nomination_check();     // RFC5245-8.1.1.1-use-candidate-on-valid

// rfc5245_sess_completion.cc: concluding ICE (8.1.2).
Check completed_check();              // RFC5245-8.1.2-completed-nominated
Check stop_checks_check();            // RFC5245-8.1.2-stop-checks

// rfc5245_sess_keepalive.cc (10) and rfc5245_sess_selected.cc (11.1).
Check keepalive_check();              // RFC5245-10-keepalive
Check selected_pairs_check();         // RFC5245-11.1-selected-pairs-agree

}  // namespace natlab::reports::checks
