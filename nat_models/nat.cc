// The packet path of a NAT: outbound translation, inbound admission,
// hairpinning and mapping expiry, in RFC 4787 terms.
#include "nat_models/nat.h"

#include <utility>

#include "nat_models/mapping_table.h"
#include "nat_models/port_allocator.h"

namespace natlab::nat {

struct Nat::Impl {
  explicit Impl(const Config& cfg)
      : table(cfg.mapping_timeout),
        udp_ports(cfg.port_allocation, cfg.port_min, cfg.port_max),
        tcp_ports(cfg.port_allocation, cfg.port_min, cfg.port_max) {}

  PortAllocator& ports(Transport t) { return t == Transport::Udp ? udp_ports : tcp_ports; }

  MappingTable table;
  PortAllocator udp_ports;
  PortAllocator tcp_ports;
  std::vector<MappingEvent> events;
};

namespace {

MappingEvent event_for(MappingEvent::Kind kind, Time at, const MappingEntry& m) {
  MappingEvent e;
  e.at = at;
  e.kind = kind;
  e.transport = m.key.transport;
  e.internal = m.key.internal;
  e.external = m.external;
  e.remote = m.key.remote;
  return e;
}

}  // namespace

Nat::Nat(Config cfg, Rng rng) : cfg_(std::move(cfg)), rng_(rng), impl_(std::make_unique<Impl>(cfg_)) {}
Nat::~Nat() = default;
Nat::Nat(Nat&&) noexcept = default;
Nat& Nat::operator=(Nat&&) noexcept = default;

std::size_t Nat::mapping_count() const { return impl_->table.size(); }

std::vector<MappingEvent> Nat::drain_events() { return std::exchange(impl_->events, {}); }

std::optional<Time> Nat::expire(Time now) {
  sweep(now);
  return impl_->table.next_expiry();
}

void Nat::sweep(Time now) {
  // Every entry point sweeps first, so a mapping past its timer is gone for
  // the packet at hand whether or not the simulator called expire(). The event
  // carries the moment the timer ran out, which makes the trace independent of
  // when the sweep happened.
  for (auto& m : impl_->table.remove_expired(now)) {
    impl_->ports(m.key.transport).release(m.external.port);
    impl_->events.push_back(event_for(MappingEvent::Expired, impl_->table.expires_at(m), m));
  }
}

Decision Nat::drop(DropReason reason, Direction direction, bool mapping_created) {
  ++drops_[reason];
  Decision d;
  d.reason = reason;
  d.direction = direction;
  d.mapping_created = mapping_created;
  return d;
}

Decision Nat::forward(const Packet& translated, Direction direction, bool mapping_created) {
  Decision d;
  d.forward = true;
  d.translated = translated;
  d.direction = direction;
  d.mapping_created = mapping_created;
  return d;
}

Nat::OutboundMapping Nat::map_outbound(Time now, const Packet& p) {
  auto key = mapping_key(cfg_.mapping, p.transport, p.src, p.dst);
  MappingEntry* m = impl_->table.find(key);
  bool created = false;
  if (m) {
    // RFC 4787 REQ-6: outbound traffic refreshes the mapping.
    impl_->table.touch(*m, now);
  } else {
    auto port = impl_->ports(p.transport).allocate(p.src.port, rng_);
    if (!port) return {};
    m = &impl_->table.insert(key, Endpoint{cfg_.public_address, *port}, now);
    impl_->events.push_back(event_for(MappingEvent::Created, now, *m));
    created = true;
  }
  // RFC 4787 5: sending to a remote opens the mapping's filter to it.
  m->filter.record(p.dst);
  return {m->external, created};
}

Decision Nat::outbound(Time now, const Packet& p) {
  sweep(now);
  if (p.transport == Transport::Udp && cfg_.block_udp) return drop(DropReason::BlockedUdp, Direction::Outbound);
  if (cfg_.type == NatType::Open) return forward(p, Direction::Outbound);
  if (p.dst.address == cfg_.public_address) return hairpin(now, p);

  auto out = map_outbound(now, p);
  if (!out.external) return drop(DropReason::PortsExhausted, Direction::Outbound);
  return forward(Packet{p.transport, *out.external, p.dst}, Direction::Outbound, out.created);
}

Decision Nat::hairpin(Time now, const Packet& p) {
  // RFC 4787 REQ-9 requires hairpinning, but many deployed NATs lack it, so it
  // is a switch here.
  if (!cfg_.hairpinning) return drop(DropReason::HairpinDisabled, Direction::Hairpin);
  // RFC 4787 REQ-9a: the target sees the sender's external address and port,
  // so the sender is mapped exactly as for any outbound packet to that
  // destination, and the target's filter judges that external endpoint.
  auto out = map_outbound(now, p);
  if (!out.external) return drop(DropReason::PortsExhausted, Direction::Hairpin);
  MappingEntry* target = impl_->table.find_external(p.transport, p.dst.port);
  if (!target) return drop(DropReason::NoMapping, Direction::Hairpin, out.created);
  if (!target->filter.admits(cfg_.filtering, *out.external))
    return drop(DropReason::Filtered, Direction::Hairpin, out.created);
  // RFC 4787 REQ-6a: for the target this is inbound traffic.
  if (cfg_.refresh_on_inbound) impl_->table.touch(*target, now);
  return forward(Packet{p.transport, *out.external, target->key.internal}, Direction::Hairpin, out.created);
}

Decision Nat::inbound(Time now, const Packet& p) {
  sweep(now);
  if (p.transport == Transport::Udp && cfg_.block_udp) return drop(DropReason::BlockedUdp, Direction::Inbound);
  if (cfg_.type == NatType::Open) return forward(p, Direction::Inbound);
  if (p.dst.address != cfg_.public_address) return drop(DropReason::NotForUs, Direction::Inbound);

  MappingEntry* m = impl_->table.find_external(p.transport, p.dst.port);
  if (!m) return drop(DropReason::NoMapping, Direction::Inbound);
  // RFC 4787 5 / REQ-8: the filtering behaviour decides which remotes may use
  // the mapping.
  if (!m->filter.admits(cfg_.filtering, p.src)) return drop(DropReason::Filtered, Direction::Inbound);
  // RFC 4787 REQ-6a: inbound refresh is optional.
  if (cfg_.refresh_on_inbound) impl_->table.touch(*m, now);
  return forward(Packet{p.transport, p.src, m->key.internal}, Direction::Inbound);
}

}  // namespace natlab::nat
