// RFC 5245 16 (RFC 8445 14.2 for agents on that profile): new connectivity
// check transactions, ordinary and triggered alike, are at least Ta apart.
#include <algorithm>
#include <cstdio>

#include "reports/checks/ice_checks_sent.h"
#include "reports/checks/rfc5245_pacing.h"

namespace natlab::reports::checks {
namespace {

// Rounding of link transmission times in the trace.
constexpr Duration kPacingSlack = std::chrono::microseconds(1);

std::string ms(Duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(d.count()) / 1e6);
  return buf;
}

Verdict judge_pacing(const TraceView& trace) {
  const auto by_agent = checks_by_agent(trace);
  if (by_agent.empty()) return Verdict::not_applicable("no agent sent a connectivity check");
  std::string summary;
  for (const auto& [name, checks] : by_agent) {
    const AgentInfo* agent = trace.agent(name);
    // RFC 5245 16: Ta MUST NOT be lower than 20 ms (5 ms under RFC 8445 14.2),
    // whatever the agent was configured with.
    const Duration ta = std::max(agent->config->ta, sim::ta_floor(agent->config->rfc));
    std::optional<Duration> min_gap;
    const int transactions =
        static_cast<int>(std::count_if(checks.begin(), checks.end(), [](const SentCheck& c) { return !c.retransmit; }));
    for (const CheckGap& g : new_check_gaps(checks)) {
      if (!min_gap || g.gap < *min_gap) min_gap = g.gap;
      // A trace record is when a packet starts to leave; the first check
      // may have waited behind other packets on the host's link, so the
      // agent may have sent it as early as that busy period began.
      const Duration widest = g.next->stun->packet->t - g.previous->stun->packet->busy_since;
      if (widest + kPacingSlack < ta) {
        return Verdict::fail(name + ": two checks " + ms(g.gap) + " apart, less than Ta " + ms(ta) + ": first " +
                             trace.where(*g.previous->stun) + "; second " + trace.where(*g.next->stun));
      }
    }
    if (!summary.empty()) summary += "; ";
    summary += name + ": " + std::to_string(transactions) + " checks";
    if (min_gap) summary += ", min interval " + ms(*min_gap) + " >= Ta " + ms(ta);
  }
  return Verdict::pass(summary);
}

}  // namespace

Check pacing_check() {
  return Check{"RFC5245-16-pacing", 5245, "16",
               "An agent starts a new connectivity check, ordinary or triggered, no sooner than Ta after its "
               "previous one, and Ta is at least 20 ms (5 ms for RFC 8445 agents).",
               judge_pacing};
}

}  // namespace natlab::reports::checks
