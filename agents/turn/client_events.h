#pragma once
// What a TURN client reports, one plain struct per happening, for the caller
// and the trace. Failures carry the STUN error code, or 0 when there was no
// error response at all (transaction timed out, or a malformed success).
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "common/ip.h"

namespace natlab::turn {

struct Failure {
  int code = 0;        // STUN error code, 0 when none was received
  std::string reason;  // the server's reason phrase, or what went wrong locally
  bool operator==(const Failure&) const = default;
};

struct Allocated {
  Endpoint relayed;
  std::optional<Endpoint> mapped;  // RFC 5766 6.3 says the server adds it; not all do
  std::chrono::seconds lifetime{0};
};
struct AllocateFailed { Failure failure; };
struct Refreshed { std::chrono::seconds lifetime{0}; };
struct RefreshFailed { Failure failure; };
// The allocation ended without a deallocate(): its lifetime ran out, or the
// server said it no longer has it (437).
struct AllocationExpired {};
struct PermissionCreated {
  IpAddress peer;
  bool refresh = false;  // an existing permission was refreshed
};
struct PermissionFailed { IpAddress peer; Failure failure; };
struct ChannelBound {
  Endpoint peer;
  std::uint16_t channel = 0;
  bool refresh = false;
};
struct ChannelBindFailed { Endpoint peer; std::uint16_t channel = 0; Failure failure; };
struct Deallocated {
  bool confirmed = false;  // the server answered the LIFETIME 0 Refresh
};
struct DataReceived {
  Endpoint peer;
  std::vector<std::uint8_t> data;
  std::optional<std::uint16_t> channel;  // set when it came as ChannelData
};

using ClientEvent = std::variant<Allocated, AllocateFailed, Refreshed, RefreshFailed,
                                 AllocationExpired, PermissionCreated, PermissionFailed,
                                 ChannelBound, ChannelBindFailed, Deallocated, DataReceived>;

// Short name of the event kind ("Allocated", ...), for traces and test output.
const char* event_name(const ClientEvent& e);

}  // namespace natlab::turn
