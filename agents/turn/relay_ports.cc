#include "agents/turn/relay_ports.h"

#include <algorithm>

namespace natlab::turn {

RelayPortPool::RelayPortPool(std::uint16_t min_port, std::uint16_t max_port)
    : min_(std::min(min_port, max_port)), max_(std::max(min_port, max_port)) {}

bool RelayPortPool::is_free(std::uint32_t port) const {
  if (port < min_ || port > max_) return false;
  const auto p = static_cast<std::uint16_t>(port);
  return !in_use_.count(p) && !reserved_ports_.count(p);
}

template <class Pred>
std::optional<std::uint16_t> RelayPortPool::probe(Rng& rng, std::uint32_t step, Pred ok) const {
  // Candidates are min_ + k*step' where step' keeps parity when step == 2.
  std::uint32_t first = min_;
  if (step == 2 && first % 2) ++first;
  if (first > max_) return std::nullopt;
  const std::uint32_t count = (max_ - first) / step + 1;
  // RFC 5766 6.2 recommends randomized port assignment (RFC 6056): a random
  // start then a linear scan keeps the choice seeded and the search bounded.
  const std::uint32_t start = static_cast<std::uint32_t>(rng.uniform(0, count - 1));
  for (std::uint32_t i = 0; i < count; ++i) {
    const std::uint32_t port = first + ((start + i) % count) * step;
    if (ok(port)) return static_cast<std::uint16_t>(port);
  }
  return std::nullopt;
}

std::optional<std::uint16_t> RelayPortPool::acquire_any(Rng& rng) {
  auto p = probe(rng, 1, [&](std::uint32_t port) { return is_free(port); });
  if (p) in_use_.insert(*p);
  return p;
}

std::optional<std::uint16_t> RelayPortPool::acquire_even(Rng& rng) {
  auto p = probe(rng, 2, [&](std::uint32_t port) { return is_free(port); });
  if (p) in_use_.insert(*p);
  return p;
}

std::optional<std::pair<std::uint16_t, Token>> RelayPortPool::acquire_even_pair(Rng& rng,
                                                                                Time hold_until) {
  auto p = probe(rng, 2, [&](std::uint32_t port) { return is_free(port) && is_free(port + 1); });
  if (!p) return std::nullopt;
  Token token{};
  do {
    rng.fill(token);
  } while (reservations_.count(token));
  in_use_.insert(*p);
  const auto next = static_cast<std::uint16_t>(*p + 1);
  reserved_ports_.insert(next);
  reservations_[token] = {next, hold_until};
  return std::pair{*p, token};
}

std::optional<std::uint16_t> RelayPortPool::redeem(const Token& token, Time now) {
  auto it = reservations_.find(token);
  if (it == reservations_.end() || it->second.second <= now) return std::nullopt;
  const std::uint16_t port = it->second.first;
  reserved_ports_.erase(port);
  reservations_.erase(it);
  in_use_.insert(port);
  return port;
}

void RelayPortPool::release(std::uint16_t port) { in_use_.erase(port); }

void RelayPortPool::cancel(const Token& token) {
  auto it = reservations_.find(token);
  if (it == reservations_.end()) return;
  reserved_ports_.erase(it->second.first);
  reservations_.erase(it);
}

bool RelayPortPool::expire(Time now) {
  bool any = false;
  for (auto it = reservations_.begin(); it != reservations_.end();) {
    if (it->second.second <= now) {
      reserved_ports_.erase(it->second.first);
      it = reservations_.erase(it);
      any = true;
    } else {
      ++it;
    }
  }
  return any;
}

std::optional<Time> RelayPortPool::next_expiry() const {
  std::optional<Time> next;
  for (const auto& [token, r] : reservations_)
    if (!next || r.second < *next) next = r.second;
  return next;
}

}  // namespace natlab::turn
