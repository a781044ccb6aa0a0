#include "reports/graphs/check_transactions.h"

#include <deque>
#include <map>
#include <utility>

#include "reports/checks/ice_checks_sent.h"
#include "reports/graphs/session_scope.h"

namespace natlab::reports::graphs {

namespace {

using checks::StunOnWire;

// A request leaves the host when the agent's event says so, or a little
// later behind other packets on the host's link; never a second later.
constexpr Duration kMaxSendLag = std::chrono::seconds(1);

bool is_binding_response(const stun::Message& m) {
  return m.method_enum() == stun::Method::Binding && (m.cls == stun::Class::Success || m.cls == stun::Class::Error);
}

std::string addr(const std::optional<Endpoint>& ep) { return ep ? ep->to_string() : std::string(); }

std::optional<std::uint32_t> pair_of(const nlohmann::json& r) {
  auto it = r.find("pair");
  if (it == r.end() || !it->is_number_unsigned()) return std::nullopt;
  return it->get<std::uint32_t>();
}

}  // namespace

AgentChecks agent_checks(const checks::TraceView& trace, const std::string& agent) {
  AgentChecks out;
  const checks::AgentInfo* info = trace.agent(agent);
  if (!info) return out;

  // The agent's requests on the wire, by logical (source, destination).
  std::map<std::pair<std::string, std::string>, std::deque<const StunOnWire*>> on_wire;
  const auto all = checks::checks_by_agent(trace);
  if (auto it = all.find(agent); it != all.end()) {
    for (const auto& c : it->second) on_wire[{addr(c.stun->src), addr(c.stun->dst)}].push_back(c.stun);
  }

  std::map<stun::TransactionId, std::size_t> by_tid;
  for (const auto* r : trace.events_of(agent, "check-sent")) {
    const auto pair = pair_of(*r);
    if (!pair) continue;
    const Time t = checks::TraceView::time_of(*r);
    auto& queue = on_wire[{field(*r, "local"), field(*r, "remote")}];
    while (!queue.empty() && queue.front()->packet->t < t) queue.pop_front();  // sent without an event: not ours to time
    if (queue.empty() || queue.front()->packet->t > t + kMaxSendLag) continue;
    const stun::TransactionId tid = queue.front()->message.transaction_id;
    queue.pop_front();
    auto [it, fresh] = by_tid.emplace(tid, out.transactions.size());
    if (fresh) out.transactions.push_back(CheckTransaction{tid, *pair, field(*r, "local"), field(*r, "remote"), {}});
    out.transactions[it->second].sent.push_back(t);
  }

  // When the peer first answered each transaction, and when that answer first
  // reached the agent's host on one of its sockets.
  std::map<stun::TransactionId, Time> answered_at;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (is_binding_response(m.message) && by_tid.count(m.message.transaction_id))
      answered_at.emplace(m.message.transaction_id, m.packet->t);
  }
  struct Arrival {
    Time t;
    std::size_t transaction;
    bool used = false;
  };
  std::vector<Arrival> arrivals;
  std::map<stun::TransactionId, bool> arrived;
  for (const StunOnWire& m : trace.received_stun()) {
    if (!is_binding_response(m.message) || m.packet->to != info->host) continue;
    auto tx = by_tid.find(m.message.transaction_id);
    if (tx == by_tid.end() || !arrived.emplace(tx->first, true).second) continue;
    arrivals.push_back(Arrival{m.packet->t, tx->second});
  }

  for (const auto* r : trace.events_of(agent, "check-response")) {
    CheckAnswer a;
    a.record = r;
    a.pair = pair_of(*r).value_or(0);
    const Time t = checks::TraceView::time_of(*r);
    Arrival* best = nullptr;
    for (auto& arr : arrivals) {
      if (arr.used || arr.t > t || out.transactions[arr.transaction].pair != a.pair) continue;
      if (!best || arr.t >= best->t) best = &arr;
    }
    if (best) {
      best->used = true;
      a.transaction = best->transaction;
      const CheckTransaction& tx = out.transactions[best->transaction];
      Time request = tx.sent.front();
      if (auto ans = answered_at.find(tx.tid); ans != answered_at.end()) {
        for (Time s : tx.sent)
          if (s <= ans->second) request = s;
      }
      a.rtt = t - request;
    }
    out.answers.push_back(a);
  }
  return out;
}

}  // namespace natlab::reports::graphs
