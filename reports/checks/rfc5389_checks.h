#pragma once
// The RFC 5389 (STUN) checks, one factory per check; rfc5389_family.cc
// lists them.
#include "reports/checks/check.h"

namespace natlab::reports::checks {

Check well_formed_check();          // RFC5389-6-well-formed
Check fingerprint_check();          // RFC5389-15.5-fingerprint
Check fingerprint_tables_check();   // RFC5389-7.3-fingerprint-tables
Check message_integrity_check();    // RFC5389-15.4-message-integrity
Check rto_check();                  // RFC5389-7.2.1-rto
Check rc_check();                   // RFC5389-7.2.1-rc
Check response_tid_check();         // RFC5389-6-response-transaction
Check response_address_check();     // RFC5389-7.3.1.2-response-address
Check xor_mapped_address_check();   // RFC5389-7.3.1.1-xor-mapped-address
Check unknown_attributes_check();   // RFC5389-7.3.1-unknown-attributes
Check challenge_check();            // RFC5389-10.2.2-challenge
Check retry_after_401_check();      // RFC5389-10.2.3-retry-credentials
Check error_code_check();           // RFC5389-15.6-error-code
Check indication_check();           // RFC5389-7.3.2-indications

}  // namespace natlab::reports::checks
