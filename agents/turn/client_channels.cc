#include "agents/turn/client_channels.h"

#include "agents/stun/channel_data.h"
#include "agents/turn/channel_table.h"

namespace natlab::turn {

ClientChannels::ClientChannels() : next_number_(stun::kMinChannelNumber) {}

std::optional<std::uint16_t> ClientChannels::reserve(const Endpoint& peer) {
  if (by_peer_.count(peer) != 0) return std::nullopt;
  // RFC 5766 11.2: the server accepts "0x4000 through 0x7FFE (inclusive)"
  // and answers 400 to anything else, 0x7FFF included (section 11's table
  // lists 0x7FFF yet counts 16,383 numbers, which is 0x4000-0x7FFE).
  if (next_number_ > kMaxBindableChannel) return std::nullopt;
  const auto number = static_cast<std::uint16_t>(next_number_++);
  by_peer_[peer].number = number;
  by_number_[number] = peer;
  return number;
}

ClientChannel* ClientChannels::find(const Endpoint& peer) {
  auto it = by_peer_.find(peer);
  return it == by_peer_.end() ? nullptr : &it->second;
}

const ClientChannel* ClientChannels::find(const Endpoint& peer) const {
  auto it = by_peer_.find(peer);
  return it == by_peer_.end() ? nullptr : &it->second;
}

std::optional<Endpoint> ClientChannels::bound_peer(std::uint16_t number) const {
  auto it = by_number_.find(number);
  if (it == by_number_.end()) return std::nullopt;
  const ClientChannel* c = find(it->second);
  if (!c || !c->bound) return std::nullopt;
  return it->second;
}

void ClientChannels::confirm(const Endpoint& peer, Time sent_at, Duration interval) {
  ClientChannel* c = find(peer);
  if (!c) return;
  c->bound = true;
  c->refresh_at = sent_at + interval;
}

void ClientChannels::erase(const Endpoint& peer) {
  auto it = by_peer_.find(peer);
  if (it == by_peer_.end()) return;
  by_number_.erase(it->second.number);
  by_peer_.erase(it);
}

void ClientChannels::clear() {
  by_peer_.clear();
  by_number_.clear();
  next_number_ = stun::kMinChannelNumber;
}

std::vector<Endpoint> ClientChannels::due(Time now) const {
  std::vector<Endpoint> out;
  for (const auto& [peer, c] : by_peer_)
    if (c.bound && !c.in_flight && c.refresh_at <= now) out.push_back(peer);
  return out;
}

std::optional<Time> ClientChannels::next_refresh() const {
  std::optional<Time> earliest;
  for (const auto& [peer, c] : by_peer_)
    if (c.bound && !c.in_flight && (!earliest || c.refresh_at < *earliest)) earliest = c.refresh_at;
  return earliest;
}

}  // namespace natlab::turn
