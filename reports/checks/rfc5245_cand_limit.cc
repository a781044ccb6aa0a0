// RFC 5245 5.7.3: "in order to limit the attacks described in Section 18.5.2,
// an agent MUST limit the total number of connectivity checks the agent
// performs across all check lists to a specific value, and this value MUST be
// configurable. A default of 100 is RECOMMENDED." Agents enforce it on the
// check list, dropping the lowest-priority pairs (as RFC 8445 6.1.2.5 spells
// out), so it bounds the pairs checked rather than the transactions (a pair
// may be checked again: triggered checks, the nominating check of 8.1.1.1).
// The check list itself is not on the wire; what is, is the pairs an agent
// checked: each distinct (local, remote) pair of its checks (relayed ones by
// relayed address and peer), retransmissions and repeated checks of one pair
// counting once. natlab agents use the default limit of 100.
#include <set>

#include "reports/checks/ice_checks_sent.h"
#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

constexpr std::size_t kCheckListLimit = 100;

Verdict judge_limit(const TraceView& trace) {
  const auto by_agent = checks_by_agent(trace);
  if (by_agent.empty()) return Verdict::not_applicable("no agent sent a connectivity check");
  std::string summary;
  for (const auto& [name, checks] : by_agent) {
    std::set<std::pair<Endpoint, Endpoint>> pairs;
    for (const SentCheck& c : checks) {
      const StunOnWire& m = *c.stun;
      pairs.insert({m.src.value_or(m.packet->src), m.dst.value_or(m.packet->dst)});
      if (pairs.size() > kCheckListLimit) {
        return Verdict::fail(name + ": checks on " + std::to_string(pairs.size()) + " distinct candidate pairs, more "
                             "than the limit of " + std::to_string(kCheckListLimit) + "; the first beyond it: " +
                             trace.where(m));
      }
    }
    cand::append_part(summary, name + ": " + std::to_string(pairs.size()) + " pairs checked");
  }
  return Verdict::pass(summary + " (limit " + std::to_string(kCheckListLimit) + ")");
}

}  // namespace

Check checklist_limit_check() {
  return Check{"RFC5245-5.7.3-checklist-limit", 5245, "5.7.3",
               "An agent checks at most 100 distinct candidate pairs (the RECOMMENDED default limit on its "
               "connectivity checks).",
               judge_limit};
}

}  // namespace natlab::reports::checks
