#include "agents/turn/server_events.h"

namespace natlab::turn {

const char* event_name(const ServerEvent& e) {
  static constexpr const char* kNames[] = {"AllocationCreated",   "AllocationRefreshed",
                                           "AllocationDeleted",   "PermissionInstalled",
                                           "PermissionExpired",   "ChannelInstalled",
                                           "ChannelExpired"};
  return kNames[e.index()];
}

const char* to_string(DeleteReason r) {
  switch (r) {
    case DeleteReason::Refresh: return "refresh-lifetime-0";
    case DeleteReason::Expired: return "expired";
    case DeleteReason::ConnectionClosed: return "connection-closed";
  }
  return "?";
}

}  // namespace natlab::turn
