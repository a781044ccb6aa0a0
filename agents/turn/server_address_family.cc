// TurnServer: RFC 6156 REQUESTED-ADDRESS-FAMILY in Allocate, when enabled.
#include "agents/stun/attributes.h"
#include "agents/turn/requested_address_family.h"
#include "agents/turn/server.h"

namespace natlab::turn {

bool TurnServer::check_address_family(const Request& r, const stun::IntegrityKey* key, bool has_token) {
  if (!config_.requested_address_family) return true;  // unknown_required() answered 420 already
  const stun::RawAttribute* at = r.msg.find(kRequestedAddressFamily);
  if (!at) return true;
  // RFC 6156 4.2: a request with both RESERVATION-TOKEN and
  // REQUESTED-ADDRESS-FAMILY is a 400 (the token already fixes the family).
  const RequestedFamily f = parse_requested_family(at->value);
  if (has_token || f == RequestedFamily::Malformed) {
    reject(r, 400, key);
    return false;
  }
  // RFC 6156 4.2: a family the server does not support -> 440. This server
  // relays from one address, so it supports that address's family only.
  const bool ours = (f == RequestedFamily::V4 && config_.relay_address.is_v4()) ||
                    (f == RequestedFamily::V6 && !config_.relay_address.is_v4());
  if (!ours) {
    reject(r, 440, key);
    return false;
  }
  return true;
}

}  // namespace natlab::turn
