#include "agents/stun/transaction_set.h"

#include <utility>

namespace natlab::stun {

TransactionId TransactionSet::new_transaction_id(Rng& rng) const {
  TransactionId id{};
  do {
    rng.fill(id);
  } while (live_.count(id) != 0);
  return id;
}

TransactionId TransactionSet::start(Message request, const Endpoint& destination, Time now,
                                    Rng& rng, const EncodeOptions& opts, const Endpoint& local,
                                    std::optional<RetransmitConfig> config) {
  request.transaction_id = new_transaction_id(rng);
  start_raw(encode(request, opts), request.transaction_id, destination, now, local, config);
  return request.transaction_id;
}

bool TransactionSet::start_raw(std::vector<std::uint8_t> bytes, const TransactionId& id,
                               const Endpoint& destination, Time now, const Endpoint& local,
                               std::optional<RetransmitConfig> config) {
  if (live_.count(id) != 0) return false;
  auto [it, inserted] = live_.try_emplace(id, std::move(bytes), id, destination,
                                          config.value_or(defaults_), now, local);
  drain(it->second);
  return inserted;
}

void TransactionSet::drain(ClientTransaction& t) {
  // Copied into one queue as soon as produced, so datagrams of different
  // transactions leave in the order they were made.
  while (auto tx = t.poll_transmit()) out_.push_back(std::move(*tx));
}

void TransactionSet::finish(std::map<TransactionId, ClientTransaction>::iterator it) {
  const ClientTransaction& t = it->second;
  outcomes_.push_back(TransactionOutcome{t.id(), t.state(), t.response(), t.local(),
                                         t.destination(), t.started_at(),
                                         t.completed_at().value_or(t.started_at())});
  live_.erase(it);
}

bool TransactionSet::handle_response(Time now, const Message& m) {
  auto it = live_.find(m.transaction_id);
  if (it == live_.end()) return false;  // RFC 5389 7.3.3: no match, discard
  if (!it->second.handle_response(now, m)) return false;
  finish(it);
  return true;
}

bool TransactionSet::handle_response(Time now, std::span<const std::uint8_t> bytes) {
  DecodeResult r = decode(bytes);
  if (!r) return false;
  return handle_response(now, *r.message);
}

void TransactionSet::handle_timeout(Time now) {
  for (auto it = live_.begin(); it != live_.end();) {
    auto next = std::next(it);
    it->second.handle_timeout(now);
    drain(it->second);
    if (it->second.done()) finish(it);
    it = next;
  }
}

bool TransactionSet::cancel(const TransactionId& id) { return live_.erase(id) != 0; }

std::optional<Transmit> TransactionSet::poll_transmit() {
  if (out_.empty()) return std::nullopt;
  Transmit t = std::move(out_.front());
  out_.pop_front();
  return t;
}

std::optional<Time> TransactionSet::poll_timeout() const {
  std::optional<Time> earliest;
  for (const auto& [id, t] : live_) {
    auto d = t.poll_timeout();
    if (d && (!earliest || *d < *earliest)) earliest = d;
  }
  return earliest;
}

std::optional<TransactionOutcome> TransactionSet::poll_outcome() {
  std::optional<TransactionOutcome> o;
  if (outcomes_.empty()) return o;
  o.emplace(std::move(outcomes_.front()));
  outcomes_.pop_front();
  return o;
}

}  // namespace natlab::stun
