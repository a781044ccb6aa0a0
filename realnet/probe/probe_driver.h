#pragma once
// Runs the TURN probe (agents/turn/probe) against a server on the real
// network, through realnet::Driver (probe_machine.h), on the steady clock.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agents/turn/probe/probe.h"
#include "common/ip.h"
#include "realnet/probe/probe_machine.h"

namespace natlab::realnet {

// The local address the host would use to reach `server` (from the routing
// table, no datagram sent), or nullopt when it has no route.
std::optional<IpAddress> local_address_towards(const Endpoint& server);

// Runs every case of `cases`, calling on_result as each finishes.
std::vector<turn::probe::CaseResult> run_probe(const turn::probe::ProbeConfig& config,
                                               std::vector<turn::probe::CaseDef> cases,
                                               const ProbeAddresses& addresses,
                                               const std::function<void(const turn::probe::CaseResult&)>& on_result);

}  // namespace natlab::realnet
