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

}  // namespace natlab::reports::checks
