#pragma once
// Which outside endpoints may send in through one mapping (RFC 4787 5). The
// state is the set of remotes the inside endpoint has sent to through that
// mapping; it lives and dies with the mapping.
#include <set>

#include "common/ip.h"
#include "nat_models/nat.h"

namespace natlab::nat {

class FilterState {
 public:
  // An outbound packet through the mapping went to `remote`.
  void record(const Endpoint& remote) { contacted_.insert(remote); }
  bool admits(Filtering filtering, const Endpoint& remote) const;

 private:
  // Ordered by address then port, so one lower_bound finds "any port at this
  // address" for address-dependent filtering.
  std::set<Endpoint> contacted_;
};

}  // namespace natlab::nat
