#pragma once
// The permissions a TURN client holds on its allocation (RFC 5766 8), keyed by
// peer IP address only: RFC 5766 8 ignores the port.
#include <map>
#include <optional>
#include <vector>

#include "common/ip.h"
#include "common/time.h"

namespace natlab::turn {

struct ClientPermission {
  bool installed = false;  // the server confirmed it at least once
  bool in_flight = false;  // a CreatePermission for it is outstanding
  Time refresh_at{};
};

class ClientPermissions {
 public:
  ClientPermission* find(const IpAddress& peer);
  const ClientPermission* find(const IpAddress& peer) const;
  bool installed(const IpAddress& peer) const;
  ClientPermission& add(const IpAddress& peer) { return table_[peer]; }
  // A CreatePermission or ChannelBind first sent at `sent_at` succeeded (RFC
  // 5766 11: ChannelBind installs or refreshes the permission as well). A
  // later refresh time already scheduled is kept.
  void confirm(const IpAddress& peer, Time sent_at, Duration interval);
  void erase(const IpAddress& peer) { table_.erase(peer); }
  void clear() { table_.clear(); }

  // Installed, idle permissions whose refresh time has come.
  std::vector<IpAddress> due(Time now) const;
  std::optional<Time> next_refresh() const;
  std::size_t size() const { return table_.size(); }

 private:
  std::map<IpAddress, ClientPermission> table_;
};

}  // namespace natlab::turn
