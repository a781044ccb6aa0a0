#pragma once
// The RFC 5766 (TURN) checks, one factory each, grouped by the file that
// implements them; rfc5766_family.cc lists them all.
#include "reports/checks/check.h"

namespace natlab::reports::checks {

// rfc5766_relay.cc: what the server relays, and when.
Check relay_needs_permission_check();       // RFC5766-8-relay-needs-permission
Check no_relay_without_allocation_check();  // RFC5766-5-no-relay-without-allocation

// rfc5766_permission_lifetime.cc, rfc5766_channel_lifetime.cc
Check permission_lifetime_check();  // RFC5766-8-permission-lifetime
Check channel_lifetime_check();     // RFC5766-11-channel-lifetime

// rfc5766_channels.cc: channel numbers and ChannelData framing.
Check channel_number_range_check();    // RFC5766-11.2-channel-number-range
Check channeldata_length_check();      // RFC5766-11.4-channeldata-length
Check channeldata_after_bind_check();  // RFC5766-11-channeldata-after-bind

// rfc5766_auth.cc: long-term credentials.
Check allocate_authenticated_check();      // RFC5766-6.2-allocate-authenticated
Check stale_nonce_check();                 // RFC5766-4-stale-nonce
Check client_requests_signed_check();      // RFC5766-4-client-requests-signed
Check server_requires_integrity_check();   // RFC5766-4-server-requires-integrity

// rfc5766_allocate.cc: Allocate requests and answers.
Check requested_transport_udp_check();     // RFC5766-6.1-requested-transport-udp
Check unsupported_transport_442_check();   // RFC5766-6.2-unsupported-transport-442
Check relayed_address_on_server_check();   // RFC5766-6.2-relayed-address-on-server

// rfc5766_refresh.cc: allocation lifetimes.
Check refresh_before_expiry_check();  // RFC5766-7-refresh-before-expiry
Check lifetime_zero_deletes_check();  // RFC5766-7.2-lifetime-zero-deletes

// rfc5766_indications.cc: Send and Data indications.
Check send_indication_attributes_check();  // RFC5766-10.1-send-indication-attributes
Check data_indication_attributes_check();  // RFC5766-10.3-data-indication-attributes

}  // namespace natlab::reports::checks
