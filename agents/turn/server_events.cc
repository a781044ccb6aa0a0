#include "agents/turn/server_events.h"

namespace natlab::turn {

const char* event_name(const ServerEvent& e) {
  static constexpr const char* kNames[] = {"AllocationCreated",   "AllocationRefreshed",
                                           "AllocationDeleted",   "PermissionInstalled",
                                           "PermissionExpired",   "ChannelInstalled",
                                           "ChannelExpired"};
  return kNames[e.index()];
}

}  // namespace natlab::turn
