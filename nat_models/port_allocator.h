#pragma once
// External port selection for new mappings (RFC 4787 4.2.1). One allocator per
// transport: UDP and TCP ports are separate namespaces on the public address.
#include <cstdint>
#include <optional>
#include <set>

#include "common/rng.h"
#include "nat_models/nat.h"

namespace natlab::nat {

class PortAllocator {
 public:
  PortAllocator(PortAllocation policy, std::uint16_t port_min, std::uint16_t port_max);

  // Picks a port no live mapping uses and marks it used; nullopt when every
  // port of the range is taken.
  std::optional<std::uint16_t> allocate(std::uint16_t internal_port, Rng& rng);
  void release(std::uint16_t port);
  bool in_use(std::uint16_t port) const { return used_.contains(port); }
  std::size_t used() const { return used_.size(); }

 private:
  // First free port at or after `from`, wrapping within the range.
  std::optional<std::uint16_t> next_free_from(std::uint32_t from) const;
  std::uint32_t range_size() const { return std::uint32_t{max_} - min_ + 1; }

  PortAllocation policy_;
  std::uint16_t min_;
  std::uint16_t max_;
  std::set<std::uint16_t> used_;
  std::optional<std::uint16_t> last_;  // Sequential: the last port handed out
};

}  // namespace natlab::nat
