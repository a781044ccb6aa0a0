// RFC 5245 7.2.1.3: "If the source transport address of the request does not
// match any existing remote candidates, it represents a new peer reflexive
// remote candidate. This candidate is constructed as follows: The priority of
// the candidate is set to the PRIORITY attribute from the request. The type
// of the candidate is set to peer reflexive. The foundation of the candidate
// is set to an arbitrary value, different from the foundation for all other
// remote candidates. ... The component ID of this candidate is set to the
// component ID for the local candidate to which the request was sent."
//
// Judged on every remote-candidate-learned event against the checks that
// reached the agent (last hops, relayed ones unwrapped) from that address:
// one of them, sent to a base of the candidate's component before the
// event, carries the candidate's priority. (A check that arrives before the
// answer is answered at once and its 7.2.1.3 step runs when the answer comes,
// 7.2, so the check may be well before the event.)
#include <map>

#include "agents/stun/attributes.h"
#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

// The component of the agent's base (host or relayed candidate) at `at`.
std::optional<int> base_component(const std::vector<cand::CandidateEvent>& gathered, const Endpoint& at) {
  for (const auto& g : gathered) {
    const auto t = g.candidate.type;
    if ((t == ice::CandidateType::Host || t == ice::CandidateType::Relayed) && g.candidate.address == at)
      return g.candidate.component;
  }
  return std::nullopt;
}

// When the call of `agent` that was on at `t` began: back-to-back calls
// (sessions[].start) are separate ICE sessions, each with its own candidates.
Time call_start(const TraceView& trace, const std::string& agent, Time t) {
  Time start{};
  for (const auto& s : trace.scenario().sessions)
    if ((s.controlling == agent || s.controlled == agent) && Time{s.start} <= t && Time{s.start} > start)
      start = Time{s.start};
  return start;
}

// Foundations of the remote candidates the agent knew, in the same call,
// before `before`: the peer's description, then the peer-reflexive ones
// learned earlier.
std::vector<std::pair<std::string, std::string>> known_remote(const TraceView& trace, const std::string& agent,
                                                              const std::vector<cand::Description>& received,
                                                              const std::vector<cand::CandidateEvent>& learned,
                                                              const Json* before) {
  const Time since = call_start(trace, agent, TraceView::time_of(*before));
  std::vector<std::pair<std::string, std::string>> out;  // foundation, description
  for (const auto& d : received) {
    if (trace.index_of(*d.record) > trace.index_of(*before) || TraceView::time_of(*d.record) < since) continue;
    for (const auto& c : d.candidates) out.emplace_back(c.foundation, cand::describe(c) + " of " + d.event);
  }
  for (const auto& l : learned) {
    if (l.record == before) break;
    if (TraceView::time_of(*l.record) < since) continue;
    out.emplace_back(l.candidate.foundation, "learned " + cand::describe(l.candidate));
  }
  return out;
}

Verdict judge_prflx(const TraceView& trace) {
  // Checks that reached a host, by host and logical source, in trace order.
  std::map<std::pair<std::string, Endpoint>, std::vector<const StunOnWire*>> arrived;
  for (const StunOnWire& m : trace.received_stun())
    if (m.is_ice_check()) arrived[{m.packet->to, m.src.value_or(m.packet->src)}].push_back(&m);
  std::map<std::string, std::vector<cand::Description>> received;
  for (auto& d : cand::descriptions(trace, false)) received[d.agent].push_back(std::move(d));

  std::string summary;
  for (const AgentInfo& a : trace.agents()) {
    const auto learned = cand::learned_by(trace, a.name);
    if (learned.empty()) continue;
    const auto gathered = cand::gathered_by(trace, a.name);
    for (const auto& l : learned) {
      const ice::Candidate& r = l.candidate;
      const std::string what = a.name + ": learned remote " + cand::describe(r);
      if (r.type != ice::CandidateType::PeerReflexive) {
        return Verdict::fail(what + ", not of type prflx; " + trace.where_record(*l.record));
      }
      const Time when = TraceView::time_of(*l.record);
      const StunOnWire* latest = nullptr;
      bool priority_matches = false;
      auto from = arrived.find({a.host, r.address});
      for (const StunOnWire* m : from == arrived.end() ? std::vector<const StunOnWire*>{} : from->second) {
        if (m->packet->t > when) break;
        auto component = base_component(gathered, m->dst.value_or(m->packet->dst));
        if (!component || *component != r.component) continue;
        latest = m;
        auto p = m->message.get<stun::Priority>();
        if (p && p->value == r.priority) priority_matches = true;
      }
      if (!latest) {
        return Verdict::fail(what + ", but no check from " + r.address.to_string() + " to a component " +
                             std::to_string(r.component) + " base of the agent arrived before; " +
                             trace.where_record(*l.record));
      }
      if (!priority_matches) {
        auto p = latest->message.get<stun::Priority>();
        return Verdict::fail(what + ", but the check from that address carried PRIORITY " +
                             (p ? std::to_string(p->value) : std::string("(none)")) + " (" + trace.where(*latest) +
                             "); " + trace.where_record(*l.record));
      }
      for (const auto& [foundation, other] : known_remote(trace, a.name, received[a.name], learned, l.record)) {
        if (foundation == r.foundation) {
          return Verdict::fail(what + ", whose foundation is that of remote " + other + "; " +
                               trace.where_record(*l.record));
        }
      }
    }
    cand::append_part(summary, a.name + ": " + std::to_string(learned.size()) + " peer-reflexive remote candidates");
  }
  if (summary.empty()) return Verdict::not_applicable("no agent learned a peer-reflexive remote candidate");
  return Verdict::pass(summary);
}

}  // namespace

Check prflx_remote_priority_check() {
  return Check{"RFC5245-7.2.1.3-prflx-remote-priority", 5245, "7.2.1.3",
               "A peer-reflexive remote candidate learned from a check has that check's PRIORITY, the component of "
               "the local candidate the check was sent to, and a foundation no other remote candidate has.",
               judge_prflx};
}

}  // namespace natlab::reports::checks
