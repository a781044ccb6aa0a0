#include "agents/turn/permission_table.h"

namespace natlab::turn {

bool PermissionTable::install(const IpAddress& peer, Time expiry) {
  auto [it, inserted] = expiry_.insert_or_assign(peer, expiry);
  (void)it;
  return inserted;
}

bool PermissionTable::permits(const IpAddress& peer, Time now) const {
  auto it = expiry_.find(peer);
  return it != expiry_.end() && now < it->second;
}

std::optional<Time> PermissionTable::expiry_of(const IpAddress& peer) const {
  auto it = expiry_.find(peer);
  if (it == expiry_.end()) return std::nullopt;
  return it->second;
}

std::vector<IpAddress> PermissionTable::expire(Time now) {
  std::vector<IpAddress> gone;
  for (auto it = expiry_.begin(); it != expiry_.end();) {
    if (it->second <= now) {
      gone.push_back(it->first);
      it = expiry_.erase(it);
    } else {
      ++it;
    }
  }
  return gone;
}

std::optional<Time> PermissionTable::next_expiry() const {
  std::optional<Time> next;
  for (const auto& [ip, t] : expiry_)
    if (!next || t < *next) next = t;
  return next;
}

}  // namespace natlab::turn
