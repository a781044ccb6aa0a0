#pragma once
// What a TURN server reports to its caller: the simulator opens a relay
// socket on AllocationCreated and closes it on AllocationDeleted, and traces
// every event.
#include <cstdint>
#include <string>
#include <variant>

#include "agents/turn/five_tuple.h"
#include "common/ip.h"
#include "common/time.h"

namespace natlab::turn {

struct AllocationCreated {
  FiveTuple tuple;
  Endpoint relayed;
  std::string username;
  Time expiry{};
};
struct AllocationRefreshed {
  FiveTuple tuple;
  Endpoint relayed;
  Time expiry{};
};
// LIFETIME 0, time-to-expiry reached, or the client's TCP connection ended.
enum class DeleteReason { Refresh, Expired, ConnectionClosed };
const char* to_string(DeleteReason r);
struct AllocationDeleted {
  FiveTuple tuple;
  Endpoint relayed;
  DeleteReason reason = DeleteReason::Expired;
};
struct PermissionInstalled {
  Endpoint relayed;
  IpAddress peer;
  Time expiry{};
  bool refreshed = false;  // it existed already
};
struct PermissionExpired {
  Endpoint relayed;
  IpAddress peer;
};
struct ChannelInstalled {
  Endpoint relayed;
  std::uint16_t channel = 0;
  Endpoint peer;
  Time expiry{};
  bool refreshed = false;
};
struct ChannelExpired {
  Endpoint relayed;
  std::uint16_t channel = 0;
  Endpoint peer;
};

using ServerEvent = std::variant<AllocationCreated, AllocationRefreshed, AllocationDeleted,
                                 PermissionInstalled, PermissionExpired, ChannelInstalled, ChannelExpired>;

const char* event_name(const ServerEvent& e);

}  // namespace natlab::turn
