#include "agents/turn/client_events.h"

namespace natlab::turn {

namespace {
template <class... F>
struct Overloaded : F... {
  using F::operator()...;
};
template <class... F>
Overloaded(F...) -> Overloaded<F...>;
}  // namespace

const char* event_name(const ClientEvent& e) {
  return std::visit(Overloaded{
                        [](const Allocated&) { return "Allocated"; },
                        [](const AllocateFailed&) { return "AllocateFailed"; },
                        [](const Refreshed&) { return "Refreshed"; },
                        [](const RefreshFailed&) { return "RefreshFailed"; },
                        [](const AllocationExpired&) { return "AllocationExpired"; },
                        [](const PermissionCreated&) { return "PermissionCreated"; },
                        [](const PermissionFailed&) { return "PermissionFailed"; },
                        [](const ChannelBound&) { return "ChannelBound"; },
                        [](const ChannelBindFailed&) { return "ChannelBindFailed"; },
                        [](const Deallocated&) { return "Deallocated"; },
                        [](const DataReceived&) { return "DataReceived"; },
                    },
                    e);
}

}  // namespace natlab::turn
