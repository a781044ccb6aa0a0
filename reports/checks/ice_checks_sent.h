#pragma once
// The connectivity checks each ICE agent put on the wire: first hops leaving
// its host from one of its sockets, relayed ones unwrapped from the TURN
// framing they left in.
#include <map>
#include <string>
#include <vector>

#include "reports/checks/trace_view.h"

namespace natlab::reports::checks {

struct SentCheck {
  const StunOnWire* stun = nullptr;
  bool retransmit = false;  // same transaction ID as an earlier check of this agent
};

// Agent name -> its checks in trace order. Agents that sent none are absent.
std::map<std::string, std::vector<SentCheck>> checks_by_agent(const TraceView& trace);

// Two consecutive new checks of one agent. Retransmissions are left out: they
// follow the RTO, not Ta (RFC 5245 16).
struct CheckGap {
  const SentCheck* previous = nullptr;
  const SentCheck* next = nullptr;
  Duration gap{};  // between the two records' times
};
std::vector<CheckGap> new_check_gaps(const std::vector<SentCheck>& checks);

}  // namespace natlab::reports::checks
