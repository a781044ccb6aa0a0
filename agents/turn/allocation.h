#pragma once
// One allocation's state (RFC 5766 5): its 5-tuple, relayed transport address,
// the credentials that created it, time-to-expiry, permissions and channels.
#include <cstdint>
#include <string>
#include <vector>

#include "agents/stun/message.h"
#include "agents/turn/channel_table.h"
#include "agents/turn/five_tuple.h"
#include "agents/turn/permission_table.h"
#include "common/ip.h"
#include "common/time.h"

namespace natlab::turn {

struct Allocation {
  FiveTuple tuple;
  Endpoint relayed;
  // RFC 5766 5: "the username and password of the client" — later requests
  // must use the same username (RFC 5766 4, else 441).
  std::string username;
  stun::IntegrityKey key;
  Time expiry{};  // alive while now < expiry
  PermissionTable permissions;
  ChannelTable channels;
  // RFC 5766 6.2 NOTE: a retransmitted Allocate (same 5-tuple, same
  // transaction id) is answered with the original success response, so the
  // allocation keeps its transaction id and those exact bytes.
  stun::TransactionId allocate_transaction{};
  std::vector<std::uint8_t> allocate_response;
};

}  // namespace natlab::turn
