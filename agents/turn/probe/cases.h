#pragma once
// The probe's cases, in the order they run. Ids follow the conformance
// catalogue (RFC<n>-<section>-<slug>); where a case probes a catalogue
// check's requirement from outside it has that check's id.
#include <vector>

#include "agents/turn/probe/context.h"

namespace natlab::turn::probe {

std::vector<CaseDef> all_cases();

// cases_auth.cc: long-term credentials (RFC 5389 10.2, RFC 5766 4).
CaseDef allocate_authenticated_case();  // RFC5766-6.2-allocate-authenticated
CaseDef stale_nonce_case();             // RFC5766-4-stale-nonce
CaseDef unknown_attribute_case();       // RFC5389-7.3.1-unknown-attributes
CaseDef server_requires_integrity_case();  // RFC5766-4-server-requires-integrity

// cases_allocate.cc: Allocate and Refresh (RFC 5766 6, 7).
CaseDef allocate_response_case();       // RFC5766-6.3-allocate-response-attributes
CaseDef second_allocate_case();         // RFC5766-6.2-second-allocate-437
CaseDef no_allocation_case();           // RFC5766-4-no-allocation-437
CaseDef unsupported_transport_case();   // RFC5766-6.2-unsupported-transport-442
CaseDef lifetime_capped_case();         // RFC5766-7.2-lifetime-capped
CaseDef lifetime_zero_case();           // RFC5766-7.2-lifetime-zero-deletes

// cases_relay.cc: permissions and Send/Data indications (RFC 5766 8, 9, 10).
CaseDef relay_needs_permission_case();  // RFC5766-8-relay-needs-permission
CaseDef send_data_case();               // RFC5766-10-send-data-indications
CaseDef no_relay_without_allocation_case();  // RFC5766-5-no-relay-without-allocation
CaseDef permission_lifetime_case();     // RFC5766-8-permission-lifetime (slow)

// cases_channels.cc: channels (RFC 5766 11).
CaseDef channel_range_case();           // RFC5766-11.2-channel-number-range
CaseDef channel_7fff_case();            // RFC5766-11.2-channel-0x7fff
CaseDef channel_rebind_case();          // RFC5766-11.2-channel-rebind
CaseDef channel_data_case();            // RFC5766-11.4-channeldata-both-ways
CaseDef channel_lifetime_case();        // RFC5766-11-channel-lifetime (slow)

}  // namespace natlab::turn::probe
