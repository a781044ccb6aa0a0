#pragma once
// The permissions of one allocation (RFC 5766 8): peer IP address ->
// time-to-expiry. Only addresses are compared, never ports.
#include <cstddef>
#include <map>
#include <optional>
#include <vector>

#include "common/ip.h"
#include "common/time.h"

namespace natlab::turn {

class PermissionTable {
 public:
  // Installs a permission or pushes its expiry to `expiry`. True if it is new.
  bool install(const IpAddress& peer, Time expiry);
  // A permission lives while now < expiry.
  bool permits(const IpAddress& peer, Time now) const;
  bool contains(const IpAddress& peer) const { return expiry_.count(peer) != 0; }
  std::optional<Time> expiry_of(const IpAddress& peer) const;
  std::size_t size() const { return expiry_.size(); }

  // Removes every permission with expiry <= now and returns their addresses.
  std::vector<IpAddress> expire(Time now);
  std::optional<Time> next_expiry() const;

 private:
  std::map<IpAddress, Time> expiry_;
};

}  // namespace natlab::turn
