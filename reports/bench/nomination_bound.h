#pragma once
// The earliest a session's pair can be nominated on the simulated network,
// whatever the agents do: the measure that `natlab bench` puts beside every
// nomination time. Made of propagation delays only (the links' `delay`;
// jitter, loss, serialisation and Ta pacing are what the gap is made of):
//   gathering: the slowest of the agent's STUN Binding round trips (1 RTT)
//              and TURN allocations (2 RTTs: 401, then the authenticated
//              Allocate; RFC 5766 6.2), from the agent's `start`;
//   signalling: the offer leaves when the controlling agent has gathered;
//              the answer when it has arrived and the controlled agent has
//              gathered; each takes the session's signaling_delay;
//   checks: from the answer's arrival, on the selected path (host [-> TURN]
//           [-> TURN] -> host): aggressive nomination 1 RTT (the first check
//           carries USE-CANDIDATE, RFC 5245 8.1.1.2), regular 2 RTTs (a check
//           makes the pair valid, a second one with USE-CANDIDATE nominates
//           it, 8.1.1.1).
#include <optional>
#include <string>

#include "common/time.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace natlab::reports::bench {

// One-way propagation delay between two nodes of the scenario (hosts,
// servers, NATs, "internet"): the sum of the link delays on the tree path.
Duration one_way_delay(const sim::Scenario& scenario, const std::string& a, const std::string& b);

// Earliest time (from the start of the run) the agent can have gathered.
Duration gathering_bound(const sim::Scenario& scenario, const sim::Agent& agent);

struct NominationBound {
  Duration answer_arrives{0};
  Duration path_rtt{0};
  int round_trips = 0;      // 1 aggressive, 2 regular
  Duration nominated{0};    // answer_arrives + round_trips * path_rtt
};

// nullopt when the session selected no pair (nothing to bound).
std::optional<NominationBound> nomination_bound(const sim::Scenario& scenario, const sim::Session& session,
                                                const sim::SessionRun& run);

}  // namespace natlab::reports::bench
