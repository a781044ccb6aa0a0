#include "agents/turn/probe/cases.h"

namespace natlab::turn::probe {

std::vector<CaseDef> all_cases() {
  return {
      allocate_authenticated_case(),    stale_nonce_case(),
      server_requires_integrity_case(), allocate_response_case(),
      second_allocate_case(),           no_allocation_case(),
      unsupported_transport_case(),     unknown_attribute_case(),
      lifetime_capped_case(),           lifetime_zero_case(),
      relay_needs_permission_case(),    send_data_case(),
      no_relay_without_allocation_case(), channel_range_case(),
      channel_7fff_case(),              channel_rebind_case(),
      channel_data_case(),              permission_lifetime_case(),
      channel_lifetime_case(),
  };
}

}  // namespace natlab::turn::probe
