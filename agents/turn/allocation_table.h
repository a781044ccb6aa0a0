#pragma once
// Every allocation of the server, indexed by 5-tuple (the client side) and by
// relayed transport address (the peer side), with a per-username count for
// the quota of RFC 5766 6.2 step 7.
#include <cstddef>
#include <map>
#include <string>

#include "agents/turn/allocation.h"

namespace natlab::turn {

class AllocationTable {
 public:
  Allocation* find(const FiveTuple& tuple);
  const Allocation* find(const FiveTuple& tuple) const;
  Allocation* find_relayed(const Endpoint& relayed);
  const Allocation* find_relayed(const Endpoint& relayed) const;

  Allocation& insert(Allocation a);
  void erase(const FiveTuple& tuple);

  std::size_t size() const { return by_tuple_.size(); }
  std::size_t count_for_user(const std::string& username) const;

  // Ordered by 5-tuple: iteration order is deterministic.
  std::map<FiveTuple, Allocation>& all() { return by_tuple_; }
  const std::map<FiveTuple, Allocation>& all() const { return by_tuple_; }

 private:
  std::map<FiveTuple, Allocation> by_tuple_;
  std::map<Endpoint, FiveTuple> by_relayed_;
  std::map<std::string, std::size_t> per_user_;
};

}  // namespace natlab::turn
