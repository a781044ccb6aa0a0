#include "reports/bench/nomination_bound.h"

#include <algorithm>
#include <vector>

namespace natlab::reports::bench {
namespace {

// The node's uplink: (parent, delay); nullopt for the internet core.
std::optional<std::pair<std::string, Duration>> uplink(const sim::Scenario& s, const std::string& node) {
  if (const auto* h = s.find_host(node)) return std::make_pair(h->behind, h->link.delay);
  if (const auto* n = s.find_nat(node)) return std::make_pair(n->behind, n->link.delay);
  if (const auto* v = s.find_server(node)) return std::make_pair(std::string("internet"), v->link.delay);
  return std::nullopt;
}

// node, parent, ..., internet with the cumulative delay to each.
std::vector<std::pair<std::string, Duration>> to_root(const sim::Scenario& s, const std::string& node) {
  std::vector<std::pair<std::string, Duration>> chain{{node, Duration{0}}};
  Duration acc{0};
  std::string cur = node;
  for (int guard = 0; guard < 64; ++guard) {
    auto up = uplink(s, cur);
    if (!up) break;
    acc += up->second;
    cur = up->first;
    chain.emplace_back(cur, acc);
  }
  return chain;
}

// The server whose address (or relay address) a relayed candidate is on.
const sim::Server* server_at(const sim::Scenario& s, const std::string& address) {
  auto ep = Endpoint::parse(address);
  if (!ep) return nullptr;
  for (const auto& v : s.servers)
    if (v.address == ep->address) return &v;
  return nullptr;
}

}  // namespace

Duration one_way_delay(const sim::Scenario& s, const std::string& a, const std::string& b) {
  const auto ca = to_root(s, a), cb = to_root(s, b);
  for (const auto& [na, da] : ca) {
    for (const auto& [nb, db] : cb) {
      if (na == nb) return da + db;  // the lowest common ancestor comes first
    }
  }
  return ca.back().second + cb.back().second;
}

Duration gathering_bound(const sim::Scenario& s, const sim::Agent& agent) {
  Duration slowest{0};
  for (const auto& name : agent.stun) slowest = std::max(slowest, 2 * one_way_delay(s, agent.host, name));
  for (const auto& t : agent.turn) slowest = std::max(slowest, 4 * one_way_delay(s, agent.host, t.server));
  return agent.start + slowest;
}

std::optional<NominationBound> nomination_bound(const sim::Scenario& s, const sim::Session& session,
                                                const sim::SessionRun& run) {
  const sim::Agent* c = s.find_agent(session.controlling);
  const sim::Agent* d = s.find_agent(session.controlled);
  auto sel = run.selected.find(session.controlling);
  if (!c || !d || sel == run.selected.end()) return std::nullopt;
  NominationBound b;
  const Duration offer_arrives = gathering_bound(s, *c) + session.signaling_delay;
  b.answer_arrives = std::max(offer_arrives, gathering_bound(s, *d)) + session.signaling_delay;

  // host [-> the TURN server of a relayed local] [-> that of a relayed remote] -> host
  std::vector<std::string> hops{c->host};
  if (sel->second.local.type == "relay") {
    if (const auto* v = server_at(s, sel->second.local.address)) hops.push_back(v->name);
  }
  if (sel->second.remote.type == "relay") {
    if (const auto* v = server_at(s, sel->second.remote.address)) hops.push_back(v->name);
  }
  hops.push_back(d->host);
  Duration one_way{0};
  for (std::size_t i = 1; i < hops.size(); ++i) one_way += one_way_delay(s, hops[i - 1], hops[i]);
  b.path_rtt = 2 * one_way;
  b.round_trips = c->nomination == sim::Nomination::Aggressive ? 1 : 2;
  b.nominated = b.answer_arrives + b.round_trips * b.path_rtt;
  return b;
}

}  // namespace natlab::reports::bench
