#include "reports/graphs/graph_builder.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "agents/ice/checklist.h"
#include "reports/graphs/check_transactions.h"
#include "reports/graphs/session_scope.h"
#include "reports/graphs/topology_path.h"

namespace natlab::reports::graphs {

namespace {

using nlohmann::json;

int type_rank(const std::string& type) {
  static const char* const order[] = {"host", "srflx", "prflx", "relay"};
  for (int i = 0; i < 4; ++i)
    if (type == order[i]) return i;
  return 4;
}

template <typename T>
std::optional<T> number(const json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number_integer()) return std::nullopt;
  return it->get<T>();
}

const json* object(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_object() ? &*it : nullptr;
}

struct Selected {
  std::string local_type, local, base, remote_type, remote;
  std::string transport = "udp";
};

std::string transport_of(const json& candidate) {
  const std::string t = field(candidate, "transport");
  return t.empty() ? "udp" : t;
}

// One agent of the session, with what the trace says it did in it.
struct Side {
  std::string name, host, role;
  SessionScope scope;
  AgentGroup group;
  std::vector<PairEdge> edges;
  std::map<int, Selected> selected;  // component -> latest selected pair
  int components = 1;
};

std::string final_role(const checks::TraceView& trace, const SessionScope& scope, std::string role) {
  // RFC 5245 7.1.3.1 / 7.2.1.1: a role conflict may switch the agent's role.
  // The record names no session, so only an agent in one session is followed.
  if (!scope.sole_session()) return role;
  for (const auto* r : trace.events_of(scope.agent(), "role-conflict")) {
    const std::string after = field(*r, "role_after");
    if (!after.empty()) role = after;
  }
  return role;
}

void gather_candidates(const checks::TraceView& trace, Side& side) {
  std::map<std::tuple<int, std::string, std::string>, CandidateNode> by_key;  // (component, transport, address)
  for (const auto* r : trace.events_of(side.name, "candidate-gathered")) {
    const json* c = object(*r, "candidate");
    if (!c || !side.scope.owns_candidate(*c)) continue;
    CandidateNode n;
    n.agent = side.name;
    n.component = number<int>(*c, "component").value_or(1);
    n.type = field(*c, "type");
    n.address = field(*c, "address");
    n.transport = transport_of(*c);
    n.tcptype = field(*c, "tcptype");
    n.priority = number<std::uint32_t>(*c, "priority");
    by_key.insert_or_assign({n.component, n.transport, n.address}, n);
  }
  for (const auto& entry : by_key) side.group.candidates.push_back(entry.second);
  std::sort(side.group.candidates.begin(), side.group.candidates.end(), [](const auto& a, const auto& b) {
    return std::tuple(a.component, type_rank(a.type), a.address, a.transport != "udp") <
           std::tuple(b.component, type_rank(b.type), b.address, b.transport != "udp");
  });
}

std::optional<std::uint32_t> local_priority(const Side& side, int component, const std::string& transport,
                                            const std::string& address) {
  for (const auto& c : side.group.candidates)
    if (c.component == component && c.transport == transport && c.address == address) return c.priority;
  return std::nullopt;
}

// The pairs the agent reported, with their checks, answers and final state.
std::map<std::uint32_t, PairEdge> checked_pairs(const checks::TraceView& trace, const Side& side) {
  std::map<std::uint32_t, PairEdge> pairs;
  auto pair_for = [&](const json& r) -> PairEdge* {
    const auto id = number<std::uint32_t>(r, "pair");
    if (!id || !side.scope.owns(field(r, "local"))) return nullptr;
    PairEdge& e = pairs[*id];
    if (e.agent.empty()) {
      e.agent = side.name;
      e.pair = *id;
      e.component = number<int>(r, "component").value_or(1);
      e.local = field(r, "local");  // the local candidate's base (trace-format.md)
      e.remote = field(r, "remote");
    }
    return &e;
  };
  for (const auto* r : trace.events_of(side.name, "pair-state")) {
    if (PairEdge* e = pair_for(*r)) {
      e->state = field(*r, "to");
      // The events name addresses only, which a UDP and a TCP candidate may
      // share: an ICE-TCP pair's say "transport": "tcp" (trace-format.md).
      e->transport = r->value("transport", std::string("udp"));
    }
  }
  for (const auto* r : trace.events_of(side.name, "check-sent")) {
    if (PairEdge* e = pair_for(*r)) ++e->checks_sent;
  }
  const AgentChecks checks = agent_checks(trace, side.name);
  for (const auto& a : checks.answers) {
    if (!a.transaction || !a.rtt || !side.scope.owns(checks.transactions[*a.transaction].local)) continue;
    if (auto it = pairs.find(a.pair); it != pairs.end())
      it->second.rtt_ms.push_back(std::chrono::duration<double, std::milli>(*a.rtt).count());
  }
  return pairs;
}

// The selected pair when it is no checked pair: the valid pair the check
// whose response mapped the agent to the selected local address produced
// (RFC 5245 7.1.3.2.2).
PairEdge valid_pair(const checks::TraceView& trace, const Side& side, const std::map<std::uint32_t, PairEdge>& pairs,
                    int component, const Selected& s) {
  PairEdge v;
  v.agent = side.name;
  v.component = component;
  v.local = s.local;
  v.remote = s.remote;
  v.transport = s.transport;
  v.state = "succeeded";
  v.selected = v.valid_pair_only = true;
  for (const auto* r : trace.events_of(side.name, "check-response")) {
    auto it = pairs.find(number<std::uint32_t>(*r, "pair").value_or(0));
    if (it != pairs.end() && it->second.local == s.base && it->second.remote == s.remote &&
        it->second.transport == s.transport &&
        it->second.component == component && field(*r, "mapped") == s.local &&
        number<int>(*r, "error_code").value_or(-1) == 0) {
      v.generated_by = it->first;
    }
  }
  return v;
}

void gather_pairs(const checks::TraceView& trace, Side& side) {
  std::map<std::uint32_t, PairEdge> pairs = checked_pairs(trace, side);
  side.group.pairs_on_list = static_cast<int>(pairs.size());

  for (const auto* r : trace.events_of(side.name, "selected-pair")) {
    const json* l = object(*r, "local");
    const json* m = object(*r, "remote");
    if (!l || !m || !side.scope.owns(field(*l, "address"))) continue;
    side.selected[number<int>(*r, "component").value_or(1)] =
        Selected{field(*l, "type"), field(*l, "address"), field(*l, "base"), field(*m, "type"), field(*m, "address"),
                 transport_of(*l)};
  }
  std::vector<PairEdge> valid;
  for (const auto& [component, s] : side.selected) {
    bool checked = false;
    for (auto& entry : pairs) {
      PairEdge& e = entry.second;
      if (e.component == component && e.local == s.local && e.remote == s.remote && e.transport == s.transport)
        checked = e.selected = true;
    }
    if (!checked) valid.push_back(valid_pair(trace, side, pairs, component, s));
  }

  // A nominated event names the valid pair by number, its local base and its
  // remote address: a checked pair, or a valid pair a check produced.
  for (const auto* r : trace.events_of(side.name, "nominated")) {
    const auto id = number<std::uint32_t>(*r, "pair");
    const std::string local = field(*r, "local"), remote = field(*r, "remote");
    if (!id || !side.scope.owns(local)) continue;
    if (auto it = pairs.find(*id); it != pairs.end() && it->second.local == local && it->second.remote == remote) {
      it->second.nominated = true;
      continue;
    }
    for (auto& v : valid) {
      auto gen = pairs.find(v.generated_by);
      if (gen != pairs.end() && gen->second.local == local && v.remote == remote) {
        v.nominated = true;
        v.pair = *id;
      }
    }
  }

  // RFC 5245 5.7.2: G is the controlling agent's candidate's priority, D the controlled's.
  auto prioritise = [&](PairEdge& e) {
    auto mine = local_priority(side, e.component, e.transport, e.local);
    auto peer = side.scope.remote_priorities().find(transport_key(e.transport, e.remote));
    if (mine && peer != side.scope.remote_priorities().end()) {
      const bool controlling = side.role == "controlling";
      e.priority = ice::pair_priority(controlling ? *mine : peer->second, controlling ? peer->second : *mine);
    }
  };
  // Each valid pair right after the checked pair that produced it.
  for (auto& entry : pairs) {
    PairEdge& e = entry.second;
    if (e.checks_sent > 0) {  // on the list but never checked: not drawn
      prioritise(e);
      side.edges.push_back(e);
    }
    for (auto& v : valid) {
      if (v.generated_by != entry.first) continue;
      prioritise(v);
      side.edges.push_back(v);
    }
  }
  for (auto& v : valid) {  // no check the trace shows produced it
    if (v.generated_by != 0 && pairs.count(v.generated_by)) continue;
    prioritise(v);
    side.edges.push_back(v);
  }
}

// A pair's remote end that the peer never gathered itself: a peer-reflexive
// address the agent learned from the peer's check (RFC 5245 7.2.1.3).
void add_learned_remotes(const Side& side, Side& peer) {
  for (const auto& e : side.edges) {
    const bool known = std::any_of(peer.group.candidates.begin(), peer.group.candidates.end(), [&](const auto& c) {
      return c.component == e.component && c.address == e.remote && c.transport == e.transport;
    });
    if (known) continue;
    CandidateNode n;
    n.agent = peer.name;
    n.component = e.component;
    n.type = "prflx";
    n.address = e.remote;
    n.transport = e.transport;
    for (const auto& [transport, tcptype] : side.scope.remote_kinds(e.remote))
      if (transport == e.transport) n.tcptype = tcptype;
    auto p = side.scope.remote_priorities().find(transport_key(e.transport, e.remote));
    if (p != side.scope.remote_priorities().end()) n.priority = p->second;
    n.learned_by_peer_only = true;
    peer.group.candidates.push_back(n);
  }
}

}  // namespace

SessionGraph build_session_graph(const checks::TraceView& trace, const sim::Session& session) {
  const sim::Scenario& sc = trace.scenario();
  auto make_side = [&](const std::string& name, const char* role) {
    const sim::Agent* a = sc.find_agent(name);
    Side s{name, a ? a->host : std::string(), role, SessionScope(trace, session, name), {}, {}, {}, a ? a->components : 1};
    s.role = final_role(trace, s.scope, s.role);
    s.group.name = name;
    s.group.role = s.role;
    s.group.host = s.host;
    gather_candidates(trace, s);
    gather_pairs(trace, s);
    return s;
  };
  Side ing = make_side(session.controlling, "controlling");
  Side ed = make_side(session.controlled, "controlled");
  add_learned_remotes(ing, ed);
  add_learned_remotes(ed, ing);

  SessionGraph g;
  g.session = session.name;
  auto complete = [](const Side& s) { return static_cast<int>(s.selected.size()) >= s.components; };
  g.outcome = complete(ing) && complete(ed) ? "connected" : "failed";
  for (Side* s : {&ing, &ed}) {
    g.agents.push_back(s->group);
    g.pairs.insert(g.pairs.end(), s->edges.begin(), s->edges.end());
  }
  for (const Side* s : {&ing, &ed}) {
    auto it = s->selected.find(1);
    if (it == s->selected.end()) continue;
    const Side& peer = s == &ing ? ed : ing;
    g.path_agent = s->name;
    g.path_local = it->second.local;
    g.path_remote = it->second.remote;
    g.path = topology_path(sc, PathEnd{s->host, it->second.local_type, it->second.local},
                           PathEnd{peer.host, it->second.remote_type, it->second.remote});
    break;
  }
  return g;
}

ScenarioGraph build_scenario_graph(const checks::TraceView& trace) {
  ScenarioGraph g;
  g.scenario = trace.scenario().name;
  for (const auto& s : trace.scenario().sessions) g.sessions.push_back(build_session_graph(trace, s));
  return g;
}

}  // namespace natlab::reports::graphs
