// RFC 5245 5.8: "When the timer fires, and there is no triggered check to be
// sent, the agent MUST choose an ordinary check as follows: Find the highest
// priority pair in that check list that is in the Waiting state. If there is
// such a pair: Send a STUN check ... If there is no such pair: Find the
// highest priority pair in that check list that is in the Frozen state ..."
// with pair priorities from 5.7.2: "Let G be the priority for the candidate
// provided by the controlling agent. Let D be the priority for the candidate
// provided by the controlled agent. pair priority = 2^32*MIN(G,D) +
// 2*MAX(G,D) + (G>D?1:0)".
//
// The trace does not carry pair priorities; this check recomputes them from
// the exchanged candidates: the local candidate is the agent's host or
// relayed candidate at the pair's local address (5.7.3 replaced
// server-reflexive ones by their base), the remote one comes from the
// peer's description or a remote-candidate-learned event; G is the
// controlling agent's, following role switches (role-conflict events).
// Then, for every ordinary check (check-sent, not triggered, not a
// retransmission), no pair that was Waiting when it was picked (pair-state
// events up to the pair's move to In-Progress) may have a higher priority.
//
// Why "among Waiting pairs" and not "in decreasing priority overall": 5.7.4
// starts only one pair per foundation in Waiting (lowest component, highest
// priority); the rest stay Frozen until a check of their foundation succeeds
// (7.1.3.2.3) or no Waiting pair is left (5.8). So a high-priority pair of a
// foundation that is still Frozen rightly waits while lower-priority Waiting
// pairs of other foundations are checked, and the sequence of checks can go
// up again whenever a success unfreezes pairs. Frozen pairs are invisible in
// the trace until they leave Frozen, so the second half of 5.8 (the
// highest-priority Frozen pair when none is Waiting) is not judged here.
//
// 8.1.2 lets an agent drop Waiting and Frozen pairs of a component once it
// has nominated a pair for it, without an event: from a nominated or
// selected-pair event on, the Waiting pairs of that component are forgotten
// until they show up again.
#include <map>
#include <variant>

#include "agents/ice/checklist.h"
#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

struct PairInfo {
  Endpoint local, remote;
  int component = 1;
  std::string state;
};

// The candidates an agent knows at one point of its event stream.
struct Known {
  std::vector<ice::Candidate> local, remote, learned;
  ice::Role role = ice::Role::Controlling;

  static const ice::Candidate* best(const std::vector<ice::Candidate>& list, const Endpoint& at, int component,
                                    bool bases_only) {
    const ice::Candidate* found = nullptr;
    for (const auto& c : list) {
      if (c.address != at || c.component != component) continue;
      if (bases_only && c.type != ice::CandidateType::Host && c.type != ice::CandidateType::Relayed) continue;
      if (!found || c.priority > found->priority) found = &c;
    }
    return found;
  }
  const ice::Candidate* local_of(const PairInfo& p) const { return best(local, p.local, p.component, true); }
  const ice::Candidate* remote_of(const PairInfo& p) const {
    const ice::Candidate* r = best(remote, p.remote, p.component, false);
    const ice::Candidate* l = best(learned, p.remote, p.component, false);
    return r ? r : l;
  }
};

std::string pair_text(int id, const PairInfo& p) {
  return "pair " + std::to_string(id) + " " + p.local.to_string() + " -> " + p.remote.to_string();
}

// The pair's priority, or why it cannot be computed.
std::variant<std::uint64_t, std::string> priority_of(const Known& k, int id, const PairInfo& p) {
  const ice::Candidate* l = k.local_of(p);
  const ice::Candidate* r = k.remote_of(p);
  if (!l) return pair_text(id, p) + ": its local side is no host or relayed candidate of the agent";
  if (!r) return pair_text(id, p) + ": its remote side is no candidate the peer signalled or a check revealed";
  // RFC 5245 5.7.2: G is the controlling agent's candidate.
  return k.role == ice::Role::Controlling ? ice::pair_priority(l->priority, r->priority)
                                          : ice::pair_priority(r->priority, l->priority);
}

// The check on the wire for a check-sent event, to point at.
std::string wire_of(const TraceView& trace, const AgentInfo& a, const Json& event, const PairInfo& p) {
  const Time t = TraceView::time_of(event);
  for (const StunOnWire& m : trace.sent_stun()) {
    if (m.packet->t < t || !m.is_ice_check() || m.packet->from != a.host) continue;
    if (m.src.value_or(m.packet->src) == p.local && m.dst.value_or(m.packet->dst) == p.remote) return trace.where(m);
  }
  return trace.where_record(event);
}

struct AgentResult {
  std::optional<std::string> failure;
  int ordinary = 0, triggered = 0;
};

AgentResult judge_agent(const TraceView& trace, const AgentInfo& a, const sim::Session& session) {
  AgentResult out;
  Known k;
  k.role = session.controlling == a.name ? ice::Role::Controlling : ice::Role::Controlled;
  std::map<int, PairInfo> pairs;
  std::map<int, std::vector<int>> waiting_when_picked;
  for (const Json* e : trace.events_of(a.name)) {
    const std::string ev = json_string(*e, "event");
    if (ev == "candidate-gathered" || ev == "remote-candidate-learned") {
      auto c = e->contains("candidate") ? cand::candidate_from_json((*e)["candidate"]) : std::nullopt;
      if (c) (ev == "candidate-gathered" ? k.local : k.learned).push_back(std::move(*c));
    } else if (ev == "offer-received" || ev == "answer-received") {
      k.remote = cand::parse_description_event(*e).candidates;
    } else if (ev == "role-conflict") {
      k.role = json_string(*e, "role_after") == "controlling" ? ice::Role::Controlling : ice::Role::Controlled;
    } else if (ev == "pair-state") {
      const int id = e->value("pair", 0);
      PairInfo& p = pairs[id];
      p.local = Endpoint::parse(json_string(*e, "local")).value_or(Endpoint{});
      p.remote = Endpoint::parse(json_string(*e, "remote")).value_or(Endpoint{});
      p.component = e->value("component", 1);
      if (json_string(*e, "to") == "in-progress") {
        std::vector<int>& w = waiting_when_picked[id];
        w.clear();
        for (const auto& [other, q] : pairs)
          if (other != id && q.state == "waiting") w.push_back(other);
      }
      p.state = json_string(*e, "to");
    } else if (ev == "nominated" || ev == "selected-pair") {
      const int component = e->value("component", 1);
      std::erase_if(pairs, [&](const auto& kv) {
        return kv.second.component == component && (kv.second.state == "waiting" || kv.second.state == "frozen");
      });
    } else if (ev == "check-sent") {
      if (e->value("retransmit", false)) continue;
      if (e->value("triggered", false)) {
        ++out.triggered;
        continue;
      }
      ++out.ordinary;
      const int id = e->value("pair", 0);
      auto it = pairs.find(id);
      if (it == pairs.end()) {
        out.failure = a.name + ": an ordinary check on pair " + std::to_string(id) +
                      ", which no pair-state event put on the check list; " + trace.where_record(*e);
        return out;
      }
      const PairInfo& p = it->second;
      auto mine = priority_of(k, id, p);
      if (auto* why = std::get_if<std::string>(&mine)) {
        out.failure = a.name + ": cannot recompute the priority of " + *why + "; " + trace.where_record(*e);
        return out;
      }
      const std::uint64_t prio = std::get<std::uint64_t>(mine);
      for (int other : waiting_when_picked[id]) {
        auto q = pairs.find(other);
        if (q == pairs.end()) continue;  // dropped since (8.1.2)
        auto theirs = priority_of(k, other, q->second);
        if (auto* why = std::get_if<std::string>(&theirs)) {
          out.failure = a.name + ": cannot recompute the priority of Waiting " + *why + "; " + trace.where_record(*e);
          return out;
        }
        if (std::get<std::uint64_t>(theirs) > prio) {
          out.failure = a.name + " (" + ice::to_string(k.role) + "): ordinary check on " + pair_text(id, p) +
                        " (priority " + std::to_string(prio) + ") while " + pair_text(other, q->second) +
                        " was Waiting with higher priority " + std::to_string(std::get<std::uint64_t>(theirs)) +
                        " (5.8: the highest-priority Waiting pair goes first); " + wire_of(trace, a, *e, p);
          return out;
        }
      }
    }
  }
  return out;
}

Verdict judge_order(const TraceView& trace) {
  std::string summary;
  int judged = 0;
  for (const AgentInfo& a : trace.agents()) {
    if (trace.events_of(a.name, "check-sent").empty()) continue;
    const sim::Session* session = cand::only_session(trace, a.name);
    if (!session) {
      cand::append_part(summary, a.name + ": not judged (in several sessions, whose pairs the trace mixes)");
      continue;
    }
    AgentResult r = judge_agent(trace, a, *session);
    if (r.failure) return Verdict::fail(*r.failure);
    ++judged;
    cand::append_part(summary, a.name + ": " + std::to_string(r.ordinary) + " ordinary checks each on the "
                               "highest-priority Waiting pair, " + std::to_string(r.triggered) + " triggered");
  }
  if (summary.empty()) return Verdict::not_applicable("no agent reported a check-sent event");
  if (judged == 0) return Verdict::not_applicable(summary);
  return Verdict::pass(summary);
}

}  // namespace

Check check_order_check() {
  return Check{"RFC5245-5.8-check-order", 5245, "5.8",
               "Each ordinary (not triggered) connectivity check is for the highest-priority pair in the Waiting "
               "state, pair priorities being 2^32*MIN(G,D) + 2*MAX(G,D) + (G>D?1:0) recomputed from the exchanged "
               "candidates (G the controlling agent's).",
               judge_order};
}

}  // namespace natlab::reports::checks
