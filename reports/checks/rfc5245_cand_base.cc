// RFC 5245 5.7.3: "Since an agent cannot send requests directly from a
// reflexive candidate, but only from its base, ... For each pair where the
// local candidate is server reflexive, the server reflexive candidate MUST be
// replaced by its base"; 7.1.2 then sends each check from the pair's local
// candidate. Host candidates are their own base; a relayed candidate is its
// own base too (RFC 5245 3), and its checks leave through its TURN server,
// wrapped in a Send indication or ChannelData from the host socket the
// allocation belongs to (or, TURN over TCP, on the client's connection).
//
// Judged twice: on the wire, every check leaving a host on its first hop
// comes from a host candidate (a socket) of an agent on that host, and a
// wrapped one is for a relayed candidate of such an agent; and in the
// agents' check-sent events, the local side is a host or relayed candidate.
#include <map>

#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

// The agents' gathered candidates, parsed once.
class Candidates {
 public:
  explicit Candidates(const TraceView& trace) {
    for (const AgentInfo& a : trace.agents()) {
      by_agent_[a.name] = cand::gathered_by(trace, a.name);
      by_host_[a.host].push_back(&a);
    }
  }
  const std::vector<const AgentInfo*>& on_host(const std::string& host) const {
    static const std::vector<const AgentInfo*> none;
    auto it = by_host_.find(host);
    return it == by_host_.end() ? none : it->second;
  }
  bool is(const std::string& agent, const Endpoint& at, ice::CandidateType type) const {
    auto it = by_agent_.find(agent);
    if (it == by_agent_.end()) return false;
    for (const auto& g : it->second)
      if (g.candidate.type == type && g.candidate.address == at) return true;
    return false;
  }
  // " (the srflx candidate of A)" when `at` is a candidate of one of the
  // agents, to explain where a check came from.
  std::string whose(const std::vector<const AgentInfo*>& agents, const Endpoint& at) const {
    for (const AgentInfo* a : agents) {
      for (const auto& g : by_agent_.at(a->name)) {
        if (g.candidate.address == at)
          return " (the " + std::string(ice::to_string(g.candidate.type)) + " candidate of " + a->name + ")";
      }
    }
    return "";
  }

 private:
  std::map<std::string, std::vector<cand::CandidateEvent>> by_agent_;
  std::map<std::string, std::vector<const AgentInfo*>> by_host_;
};

Verdict judge_from_base(const TraceView& trace) {
  const Candidates candidates(trace);
  int direct = 0, relayed = 0, events = 0;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (!m.is_ice_check() || trace.node_kind(m.packet->from) != NodeKind::Host) continue;
    const auto& on_host = candidates.on_host(m.packet->from);
    if (on_host.empty()) continue;  // not an ICE agent's host
    const Endpoint socket = trace.local_socket(m, true);
    const AgentInfo* owner = trace.agent_by_socket(socket);
    if (!owner && m.carrier != Carrier::Direct && m.tcp() && m.src) {
      // TURN over TCP (RFC 5766 2.1): the wrapped check leaves on the TURN
      // client's connection, from an ephemeral port that is no candidate;
      // its base is the relayed candidate, judged below.
      for (const AgentInfo* a : on_host)
        if (candidates.is(a->name, *m.src, ice::CandidateType::Relayed)) owner = a;
    }
    if (!owner || owner->host != m.packet->from) {
      return Verdict::fail("a check leaves " + m.packet->from + " from " + m.packet->src.to_string() +
                           candidates.whose(on_host, socket) +
                           ", which is not a host candidate (a base) of an agent there; " + trace.where(m));
    }
    if (m.carrier == Carrier::Direct) {
      ++direct;
      continue;
    }
    ++relayed;
    if (m.src && !candidates.is(owner->name, *m.src, ice::CandidateType::Relayed)) {
      return Verdict::fail(owner->name + ": a check " + to_string(m.carrier) + " goes out from relayed address " +
                           m.src->to_string() + candidates.whose(on_host, *m.src) +
                           ", which is not a relayed candidate of the agent; " + trace.where(m));
    }
  }
  for (const AgentInfo& a : trace.agents()) {
    for (const Json* e : trace.events_of(a.name, "check-sent")) {
      ++events;
      auto local = Endpoint::parse(e->value("local", std::string()));
      if (local && (candidates.is(a.name, *local, ice::CandidateType::Host) ||
                    candidates.is(a.name, *local, ice::CandidateType::Relayed)))
        continue;
      return Verdict::fail(a.name + ": a check is sent from " + e->value("local", std::string("(none)")) +
                           candidates.whose({&a}, local.value_or(Endpoint{})) +
                           ", which is not a host or relayed candidate (5.7.3: a server-reflexive local candidate is "
                           "replaced by its base); " + trace.where_record(*e));
    }
  }
  if (direct + relayed + events == 0) return Verdict::not_applicable("no agent sent a connectivity check");
  return Verdict::pass(std::to_string(direct) + " checks from host sockets, " + std::to_string(relayed) +
                       " through TURN from relayed candidates; " + std::to_string(events) +
                       " check-sent events from host or relayed candidates");
}

}  // namespace

Check check_from_base_check() {
  return Check{"RFC5245-7.1.2-check-from-base", 5245, "7.1.2",
               "Every connectivity check leaves from the base of its local candidate: a host socket of the agent, "
               "or a relayed candidate through its TURN server; never from a server-reflexive address.",
               judge_from_base};
}

}  // namespace natlab::reports::checks
