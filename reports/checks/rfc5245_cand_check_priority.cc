// RFC 5245 7.1.2.1: "The agent MUST include the PRIORITY attribute in its
// Binding request. The attribute MUST be set equal to the priority that would
// be assigned, based on the algorithm in Section 4.1.2, to a peer reflexive
// candidate, should one be learned as a consequence of the check": type
// preference 110 (4.1.2.2), and the local preference and component of the
// candidate the check leaves from (a peer-reflexive candidate learned from it
// has that candidate as its base, 7.1.3.2.1, so the same IP address and hence
// the same local preference, 4.1.2.1).
//
// Judged on the wire: every check an agent sent, relayed ones unwrapped; the
// local candidate is the one at the check's source (the relayed address for
// checks wrapped in TURN framing, the host socket otherwise).
#include "agents/stun/attributes.h"
#include "reports/checks/ice_checks_sent.h"
#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

// The host or relayed candidate at `at` with the transport the check used:
// a UDP and a TCP candidate may share an address (RFC 6544 4.2 gives them
// different local preferences).
const ice::Candidate* base_candidate(const std::vector<cand::CandidateEvent>& gathered, const Endpoint& at,
                                     Transport transport) {
  for (const auto& g : gathered) {
    const auto t = g.candidate.type;
    if ((t == ice::CandidateType::Host || t == ice::CandidateType::Relayed) && g.candidate.address == at &&
        g.candidate.transport == transport)
      return &g.candidate;
  }
  return nullptr;
}

Verdict judge_check_priority(const TraceView& trace) {
  const auto by_agent = checks_by_agent(trace);
  if (by_agent.empty()) return Verdict::not_applicable("no agent sent a connectivity check");
  std::string summary;
  for (const auto& [name, checks] : by_agent) {
    const auto gathered = cand::gathered_by(trace, name);
    int judged = 0, unknown = 0;
    for (const SentCheck& c : checks) {
      const StunOnWire& m = *c.stun;
      // A relayed check whose allocation the trace does not show: its host
      // socket stands in (relayed candidates take the local preference of
      // the host address they were allocated from).
      const Endpoint socket = m.carrier == Carrier::Direct ? trace.local_socket(m, true) : m.src.value_or(m.packet->src);
      const ice::Candidate* local = base_candidate(gathered, socket, m.carrier == Carrier::Direct && m.tcp() ? Transport::Tcp : Transport::Udp);
      if (!local) {
        ++unknown;  // RFC5245-7.1.2-check-from-base judges checks from elsewhere
        continue;
      }
      ++judged;
      const std::uint32_t want = ice::candidate_priority(ice::CandidateType::PeerReflexive, local->component,
                                                         cand::local_preference_of(local->priority));
      auto priority = m.message.get<stun::Priority>();
      if (!priority || priority->value != want) {
        return Verdict::fail(name + ": a check from " + cand::describe(*local) + " carries PRIORITY " +
                             (priority ? std::to_string(priority->value) : std::string("(unreadable)")) +
                             ", but a peer-reflexive candidate with its base would have " + std::to_string(want) +
                             " (type preference 110, local preference " +
                             std::to_string(cand::local_preference_of(local->priority)) + ", component " +
                             std::to_string(local->component) + "); " + trace.where(m));
      }
    }
    std::string part = name + ": " + std::to_string(judged) + " checks";
    if (unknown > 0) part += " (" + std::to_string(unknown) + " from no known base, not judged)";
    cand::append_part(summary, part);
  }
  return Verdict::pass(summary);
}

}  // namespace

Check check_priority_attribute_check() {
  return Check{"RFC5245-7.1.2.1-check-priority", 5245, "7.1.2.1",
               "Every connectivity check carries PRIORITY equal to the priority of a peer-reflexive candidate with "
               "the check's local candidate as base: type preference 110 with that candidate's local preference and "
               "component.",
               judge_check_priority};
}

}  // namespace natlab::reports::checks
