#include "agents/turn/channel_table.h"

namespace natlab::turn {

BindCheck ChannelTable::check(std::uint16_t number, const Endpoint& peer, Time now) const {
  // RFC 5766 11.2: "The channel number is not currently bound to a different
  // transport address (same transport address is OK); the transport address
  // is not currently bound to a different channel number."
  if (auto it = by_number_.find(number); it != by_number_.end() && it->second.peer != peer)
    return BindCheck::NumberBoundElsewhere;
  if (auto it = by_peer_.find(peer); it != by_peer_.end() && it->second != number)
    return BindCheck::PeerBoundElsewhere;
  if (auto it = guarded_numbers_.find(number);
      it != guarded_numbers_.end() && now < it->second.second && it->second.first != peer)
    return BindCheck::NumberGuarded;
  if (auto it = guarded_peers_.find(peer);
      it != guarded_peers_.end() && now < it->second.second && it->second.first != number)
    return BindCheck::PeerGuarded;
  return BindCheck::Ok;
}

bool ChannelTable::bind(std::uint16_t number, const Endpoint& peer, Time expiry) {
  auto [it, inserted] = by_number_.insert_or_assign(number, ChannelBinding{number, peer, expiry});
  (void)it;
  by_peer_[peer] = number;
  guarded_numbers_.erase(number);
  guarded_peers_.erase(peer);
  return inserted;
}

const ChannelBinding* ChannelTable::by_number(std::uint16_t number) const {
  auto it = by_number_.find(number);
  return it == by_number_.end() ? nullptr : &it->second;
}

const ChannelBinding* ChannelTable::by_peer(const Endpoint& peer) const {
  auto it = by_peer_.find(peer);
  return it == by_peer_.end() ? nullptr : by_number(it->second);
}

std::vector<ChannelBinding> ChannelTable::expire(Time now, Duration guard) {
  std::vector<ChannelBinding> gone;
  for (auto it = by_number_.begin(); it != by_number_.end();) {
    if (it->second.expiry <= now) {
      const ChannelBinding& b = it->second;
      if (guard > Duration::zero()) {
        guarded_numbers_[b.number] = {b.peer, b.expiry + guard};
        guarded_peers_[b.peer] = {b.number, b.expiry + guard};
      }
      by_peer_.erase(b.peer);
      gone.push_back(b);
      it = by_number_.erase(it);
    } else {
      ++it;
    }
  }
  std::erase_if(guarded_numbers_, [&](const auto& kv) { return kv.second.second <= now; });
  std::erase_if(guarded_peers_, [&](const auto& kv) { return kv.second.second <= now; });
  return gone;
}

std::optional<Time> ChannelTable::next_expiry() const {
  std::optional<Time> next;
  auto consider = [&](Time t) {
    if (!next || t < *next) next = t;
  };
  for (const auto& [n, b] : by_number_) consider(b.expiry);
  // Guards end silently, but wake up then so the tables stay bounded.
  for (const auto& [n, g] : guarded_numbers_) consider(g.second);
  return next;
}

}  // namespace natlab::turn
