#include "reports/checks/check.h"
#include "reports/checks/rfc5766_checks.h"

namespace natlab::reports::checks {

std::vector<Check> rfc5766_checks() {
  return {
      relay_needs_permission_check(),     no_relay_without_allocation_check(), permission_lifetime_check(),
      channel_lifetime_check(),           channel_number_range_check(),        channeldata_length_check(),
      channeldata_after_bind_check(),     allocate_authenticated_check(),      stale_nonce_check(),
      client_requests_signed_check(),     server_requires_integrity_check(),   requested_transport_udp_check(),
      unsupported_transport_442_check(),  relayed_address_on_server_check(),   refresh_before_expiry_check(),
      lifetime_zero_deletes_check(),      send_indication_attributes_check(),  data_indication_attributes_check(),
  };
}

}  // namespace natlab::reports::checks
