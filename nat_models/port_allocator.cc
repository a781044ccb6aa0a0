#include "nat_models/port_allocator.h"

#include <algorithm>

namespace natlab::nat {

PortAllocator::PortAllocator(PortAllocation policy, std::uint16_t port_min, std::uint16_t port_max)
    : policy_(policy), min_(std::min(port_min, port_max)), max_(std::max(port_min, port_max)) {}

std::optional<std::uint16_t> PortAllocator::next_free_from(std::uint32_t from) const {
  if (from < min_ || from > max_) from = min_;
  for (std::uint32_t i = 0; i < range_size(); ++i) {
    std::uint32_t p = min_ + (from - min_ + i) % range_size();
    if (!used_.contains(static_cast<std::uint16_t>(p))) return static_cast<std::uint16_t>(p);
  }
  return std::nullopt;
}

std::optional<std::uint16_t> PortAllocator::allocate(std::uint16_t internal_port, Rng& rng) {
  // RFC 4787 REQ-3: never hand out a port a live mapping holds (no "port
  // overloading"), so an inbound packet's destination port names one mapping.
  if (used_.size() >= range_size()) return std::nullopt;
  std::optional<std::uint16_t> port;
  switch (policy_) {
    case PortAllocation::Preserve:
      // RFC 4787 4.2.1 "port preservation": the internal port when it is free,
      // else the nearest free one above it. A port below the range starts the
      // search at port_min (the next one upward inside the range).
      port = next_free_from(internal_port < min_ ? min_ : internal_port);
      break;
    case PortAllocation::Sequential:
      // Counts on from the last port handed out, even if an earlier one was
      // freed meanwhile: that is what makes a NAT's ports predictable.
      port = next_free_from(last_ ? std::uint32_t{*last_} + 1 : min_);
      break;
    case PortAllocation::Random:
      // Retrying keeps the choice uniform over the free ports; it ends because
      // at least one port is free (checked above).
      do {
        port = static_cast<std::uint16_t>(rng.uniform(min_, max_));
      } while (used_.contains(*port));
      break;
  }
  if (port) {
    used_.insert(*port);
    last_ = port;
  }
  return port;
}

void PortAllocator::release(std::uint16_t port) { used_.erase(port); }

}  // namespace natlab::nat
