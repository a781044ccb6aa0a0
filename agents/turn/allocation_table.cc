#include "agents/turn/allocation_table.h"

#include <utility>

namespace natlab::turn {

Allocation* AllocationTable::find(const FiveTuple& tuple) {
  auto it = by_tuple_.find(tuple);
  return it == by_tuple_.end() ? nullptr : &it->second;
}

const Allocation* AllocationTable::find(const FiveTuple& tuple) const {
  auto it = by_tuple_.find(tuple);
  return it == by_tuple_.end() ? nullptr : &it->second;
}

Allocation* AllocationTable::find_relayed(const Endpoint& relayed) {
  auto it = by_relayed_.find(relayed);
  return it == by_relayed_.end() ? nullptr : find(it->second);
}

const Allocation* AllocationTable::find_relayed(const Endpoint& relayed) const {
  auto it = by_relayed_.find(relayed);
  return it == by_relayed_.end() ? nullptr : find(it->second);
}

Allocation& AllocationTable::insert(Allocation a) {
  const FiveTuple tuple = a.tuple;
  by_relayed_[a.relayed] = tuple;
  ++per_user_[a.username];
  auto [it, inserted] = by_tuple_.insert_or_assign(tuple, std::move(a));
  (void)inserted;
  return it->second;
}

void AllocationTable::erase(const FiveTuple& tuple) {
  auto it = by_tuple_.find(tuple);
  if (it == by_tuple_.end()) return;
  by_relayed_.erase(it->second.relayed);
  if (auto u = per_user_.find(it->second.username); u != per_user_.end() && --u->second == 0)
    per_user_.erase(u);
  by_tuple_.erase(it);
}

std::size_t AllocationTable::count_for_user(const std::string& username) const {
  auto it = per_user_.find(username);
  return it == per_user_.end() ? 0 : it->second;
}

}  // namespace natlab::turn
