#include "agents/turn/client_permissions.h"

#include <algorithm>

namespace natlab::turn {

ClientPermission* ClientPermissions::find(const IpAddress& peer) {
  auto it = table_.find(peer);
  return it == table_.end() ? nullptr : &it->second;
}

const ClientPermission* ClientPermissions::find(const IpAddress& peer) const {
  auto it = table_.find(peer);
  return it == table_.end() ? nullptr : &it->second;
}

bool ClientPermissions::installed(const IpAddress& peer) const {
  const ClientPermission* p = find(peer);
  return p && p->installed;
}

void ClientPermissions::confirm(const IpAddress& peer, Time sent_at, Duration interval) {
  ClientPermission& p = table_[peer];
  const Time next = sent_at + interval;
  p.refresh_at = p.installed ? std::max(p.refresh_at, next) : next;
  p.installed = true;
}

std::vector<IpAddress> ClientPermissions::due(Time now) const {
  std::vector<IpAddress> out;
  for (const auto& [peer, p] : table_)
    if (p.installed && !p.in_flight && p.refresh_at <= now) out.push_back(peer);
  return out;
}

std::optional<Time> ClientPermissions::next_refresh() const {
  std::optional<Time> earliest;
  for (const auto& [peer, p] : table_)
    if (p.installed && !p.in_flight && (!earliest || p.refresh_at < *earliest)) earliest = p.refresh_at;
  return earliest;
}

}  // namespace natlab::turn
