#include "reports/graphs/topology_path.h"

#include <algorithm>
#include <optional>

namespace natlab::reports::graphs {

namespace {

constexpr const char* kInternet = "internet";

// What each scenario node sits behind: hosts and NATs as the file says,
// servers on the internet.
std::string parent_of(const sim::Scenario& sc, const std::string& node) {
  if (const auto* h = sc.find_host(node)) return h->behind;
  if (const auto* n = sc.find_nat(node)) return n->behind;
  if (sc.find_server(node)) return kInternet;
  return {};
}

// The node, then everything it sits behind, ending at the internet. Bounded:
// the loader rejects cycles, but a path is no reason to hang on a bad model.
std::vector<std::string> chain(const sim::Scenario& sc, const std::string& node) {
  std::vector<std::string> out;
  for (std::string n = node; !n.empty() && out.size() <= sc.nats.size() + 2; n = parent_of(sc, n)) {
    out.push_back(n);
    if (n == kInternet) break;
  }
  return out;
}

// Nodes from `from` to `to` (both included): up to the nearest node both sit
// behind, then down. The internet itself is no step.
std::vector<std::string> tree_path(const sim::Scenario& sc, const std::string& from, const std::string& to) {
  const auto up = chain(sc, from), down = chain(sc, to);
  std::vector<std::string> out;
  for (const auto& n : up) {
    auto meet = std::find(down.begin(), down.end(), n);
    if (meet == down.end()) {
      out.push_back(n);
      continue;
    }
    if (n != kInternet) out.push_back(n);
    for (auto it = std::make_reverse_iterator(meet); it != down.rend(); ++it) out.push_back(*it);
    return out;
  }
  return out;  // no common node: a broken model; keep what is known
}

std::optional<std::string> ip_of(const std::string& address) {
  auto ep = Endpoint::parse(address);
  if (!ep) return std::nullopt;
  return ep->address.to_string();
}

// The TURN server whose address a candidate is on: a relayed address.
std::optional<std::string> relay_server(const sim::Scenario& sc, const std::string& address) {
  auto ip = ip_of(address);
  if (!ip) return std::nullopt;
  for (const auto& s : sc.servers) {
    if (s.turn && s.address.to_string() == *ip) return s.name;
  }
  return std::nullopt;
}

PathStep step_for(const sim::Scenario& sc, const std::string& node) {
  PathStep s;
  s.name = node;
  if (const auto* h = sc.find_host(node)) {
    s.kind = StepKind::Host;
    s.detail = h->address.to_string();
  } else if (const auto* n = sc.find_nat(node)) {
    s.kind = StepKind::Nat;
    s.detail = std::string(nat::to_string(n->config.type)) + " " + n->config.public_address.to_string();
  } else if (const auto* v = sc.find_server(node)) {
    s.kind = StepKind::Server;
    s.detail = v->address.to_string();
  }
  return s;
}

// Whether a candidate's IP address belongs to the node of a step.
bool on_node(const sim::Scenario& sc, const PathStep& step, const std::string& ip) {
  if (const auto* h = sc.find_host(step.name)) return h->address.to_string() == ip;
  if (const auto* n = sc.find_nat(step.name)) return n->config.public_address.to_string() == ip;
  if (const auto* v = sc.find_server(step.name)) {
    return v->address.to_string() == ip || (v->alternate_address && v->alternate_address->to_string() == ip);
  }
  return false;
}

}  // namespace

std::vector<PathStep> topology_path(const sim::Scenario& sc, const PathEnd& local, const PathEnd& remote) {
  // Waypoints; a relayed candidate puts its server on the way, and two
  // relayed candidates on one server put it there twice (two allocations).
  std::vector<std::string> points{local.host};
  if (auto s = relay_server(sc, local.address)) points.push_back(*s);
  if (auto s = relay_server(sc, remote.address)) points.push_back(*s);
  points.push_back(remote.host);

  std::vector<PathStep> steps{step_for(sc, points.front())};
  for (std::size_t i = 1; i < points.size(); ++i) {
    auto nodes = tree_path(sc, points[i - 1], points[i]);
    if (nodes.size() <= 1) nodes = {points[i]};  // the same node again: the second allocation
    else nodes.erase(nodes.begin());
    for (const auto& n : nodes) steps.push_back(step_for(sc, n));
  }

  // Label the steps the candidates are on: the local one searching from the
  // agent's end, the remote one from the peer's end (a server met twice holds
  // one allocation at each visit).
  auto mark = [&](const PathEnd& end, const char* side, bool from_front) {
    auto ip = ip_of(end.address);
    if (!ip) return;
    const std::string text = std::string(side) + " " + end.type + " " + end.address;
    if (from_front) {
      for (auto& s : steps)
        if (on_node(sc, s, *ip)) return s.candidates.push_back(text);
    } else {
      for (auto it = steps.rbegin(); it != steps.rend(); ++it)
        if (on_node(sc, *it, *ip)) return it->candidates.push_back(text);
    }
  };
  mark(local, "local", true);
  mark(remote, "remote", false);
  return steps;
}

const char* to_string(StepKind k) {
  switch (k) {
    case StepKind::Host: return "host";
    case StepKind::Nat: return "nat";
    case StepKind::Server: return "server";
  }
  return "host";
}

}  // namespace natlab::reports::graphs
