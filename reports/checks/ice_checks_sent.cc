#include "reports/checks/ice_checks_sent.h"

#include <set>

namespace natlab::reports::checks {

std::map<std::string, std::vector<SentCheck>> checks_by_agent(const TraceView& trace) {
  std::map<std::string, std::vector<SentCheck>> out;
  std::map<std::string, std::set<stun::TransactionId>> seen;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (!m.is_ice_check() || trace.node_kind(m.packet->from) != NodeKind::Host) continue;
    const AgentInfo* a = trace.agent_by_socket(trace.local_socket(m, true));
    if (!a || a->host != m.packet->from) continue;
    const bool again = !seen[a->name].insert(m.message.transaction_id).second;
    out[a->name].push_back(SentCheck{&m, again});
  }
  return out;
}

std::vector<CheckGap> new_check_gaps(const std::vector<SentCheck>& checks) {
  std::vector<CheckGap> out;
  const SentCheck* previous = nullptr;
  for (const SentCheck& c : checks) {
    if (c.retransmit) continue;
    if (previous) out.push_back(CheckGap{previous, &c, c.stun->packet->t - previous->stun->packet->t});
    previous = &c;
  }
  return out;
}

}  // namespace natlab::reports::checks
