#include "reports/checks/rfc5389_checks.h"

namespace natlab::reports::checks {

std::vector<Check> rfc5389_checks() {
  return {
      well_formed_check(),
      fingerprint_check(),
      fingerprint_tables_check(),
      error_code_check(),
      message_integrity_check(),
      challenge_check(),
      retry_after_401_check(),
      rto_check(),
      rc_check(),
      indication_check(),
      response_tid_check(),
      response_address_check(),
      xor_mapped_address_check(),
      unknown_attributes_check(),
  };
}

}  // namespace natlab::reports::checks
