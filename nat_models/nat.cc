// The packet path of a NAT: outbound translation, inbound admission,
// hairpinning and mapping expiry, in RFC 4787 terms; TCP mappings live as
// long as their connections (RFC 5382 5, tcp_state.h).
#include "nat_models/nat.h"

#include <utility>

#include "nat_models/mapping_table.h"
#include "nat_models/port_allocator.h"
#include "nat_models/tcp_state.h"

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
  // An open router with block_inbound_tcp keeps connection state without
  // translating: by inside endpoint.
  std::map<Endpoint, TcpConnections> firewall;
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

// Records a TCP segment on its mapping's connection and stretches the
// mapping's life to its longest-lived connection.
void track_tcp(MappingTable& table, MappingEntry& m, Time now, const Endpoint& remote, bool from_inside,
               const TcpFlags& flags, const Config& cfg) {
  m.tcp.observe(now, remote, from_inside, flags, cfg);
  table.set_expiry(m, now, m.tcp.prune(now).value_or(now));
}

// block_inbound_tcp: an inbound SYN opening a connection gets in only as
// the other half of a simultaneous open the inside endpoint started.
bool blocked_inbound(const Config& cfg, const Packet& p, const TcpConnections* conns, Time now) {
  if (!cfg.block_inbound_tcp || p.transport != Transport::Tcp || !opens_connection(p.tcp)) return false;
  const TcpConnection* c = conns ? conns->find(now, p.src) : nullptr;
  return !(c && c->inside_sent_syn() && c->phase() != TcpPhase::Closing);
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
    // RFC 4787 REQ-6: outbound traffic refreshes the mapping (TCP: below).
    if (p.transport == Transport::Udp) impl_->table.touch(*m, now);
  } else {
    auto port = impl_->ports(p.transport).allocate(p.src.port, rng_);
    if (!port) return {};
    m = &impl_->table.insert(key, Endpoint{cfg_.public_address, *port}, now);
    impl_->events.push_back(event_for(MappingEvent::Created, now, *m));
    created = true;
  }
  // RFC 4787 5: sending to a remote opens the mapping's filter to it.
  m->filter.record(p.dst);
  // RFC 5382 5 REQ-5: a TCP mapping's timer is its connections' timer.
  if (p.transport == Transport::Tcp) track_tcp(impl_->table, *m, now, p.dst, true, p.tcp, cfg_);
  return {m->external, created};
}

Decision Nat::outbound(Time now, const Packet& p) {
  sweep(now);
  if (p.transport == Transport::Udp && cfg_.block_udp) return drop(DropReason::BlockedUdp, Direction::Outbound);
  if (cfg_.type == NatType::Open) return open_router(now, p, Direction::Outbound);
  if (p.dst.address == cfg_.public_address) return hairpin(now, p);

  auto out = map_outbound(now, p);
  if (!out.external) return drop(DropReason::PortsExhausted, Direction::Outbound);
  return forward(Packet{p.transport, *out.external, p.dst, p.tcp}, Direction::Outbound, out.created);
}

Decision Nat::open_router(Time now, const Packet& p, Direction direction) {
  // Without block_inbound_tcp a router keeps no state at all.
  if (!cfg_.block_inbound_tcp || p.transport != Transport::Tcp) return forward(p, direction);
  const bool from_inside = direction == Direction::Outbound;
  const Endpoint& inside = from_inside ? p.src : p.dst;
  const Endpoint& remote = from_inside ? p.dst : p.src;
  auto it = impl_->firewall.find(inside);
  if (!from_inside && blocked_inbound(cfg_, p, it == impl_->firewall.end() ? nullptr : &it->second, now))
    return drop(DropReason::BlockedInboundTcp, direction);
  if (it == impl_->firewall.end()) it = impl_->firewall.emplace(inside, TcpConnections{}).first;
  it->second.observe(now, remote, from_inside, p.tcp, cfg_);
  // Forget endpoints whose connections all ran out, so the table stays as
  // small as the live connections (one walk per packet: routers in a
  // scenario carry few connections).
  for (auto f = impl_->firewall.begin(); f != impl_->firewall.end();) {
    if (!f->second.prune(now)) f = impl_->firewall.erase(f);
    else ++f;
  }
  return forward(p, direction);
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
  // RFC 4787 REQ-6a: for the target this is inbound traffic. RFC 5382 REQ-8
  // hairpins TCP too: the target's connection sees an inbound segment.
  if (p.transport == Transport::Tcp)
    track_tcp(impl_->table, *target, now, *out.external, false, p.tcp, cfg_);
  else if (cfg_.refresh_on_inbound)
    impl_->table.touch(*target, now);
  return forward(Packet{p.transport, *out.external, target->key.internal, p.tcp}, Direction::Hairpin,
                 out.created);
}

Decision Nat::inbound(Time now, const Packet& p) {
  sweep(now);
  if (p.transport == Transport::Udp && cfg_.block_udp) return drop(DropReason::BlockedUdp, Direction::Inbound);
  if (cfg_.type == NatType::Open) return open_router(now, p, Direction::Inbound);
  if (p.dst.address != cfg_.public_address) return drop(DropReason::NotForUs, Direction::Inbound);

  MappingEntry* m = impl_->table.find_external(p.transport, p.dst.port);
  // The firewall rule comes before the NAT's own lookup, so an unsolicited
  // SYN is counted as blocked whether or not a mapping holds the port.
  if (blocked_inbound(cfg_, p, m ? &m->tcp : nullptr, now))
    return drop(DropReason::BlockedInboundTcp, Direction::Inbound);
  // RFC 5382 REQ-4: an unsolicited SYN is never answered; dropping it
  // silently is what REQ-4a allows (no ICMP is modelled).
  if (!m) return drop(DropReason::NoMapping, Direction::Inbound);
  // RFC 4787 5 / REQ-8, RFC 5382 REQ-3: the filtering behaviour decides which
  // remotes may use the mapping.
  if (!m->filter.admits(cfg_.filtering, p.src)) return drop(DropReason::Filtered, Direction::Inbound);
  if (p.transport == Transport::Tcp) {
    // RFC 5382 5: the connection's own segments keep it alive, both ways.
    track_tcp(impl_->table, *m, now, p.src, false, p.tcp, cfg_);
  } else if (cfg_.refresh_on_inbound) {
    // RFC 4787 REQ-6a: inbound refresh is optional.
    impl_->table.touch(*m, now);
  }
  return forward(Packet{p.transport, p.src, m->key.internal, p.tcp}, Direction::Inbound);
}

}  // namespace natlab::nat
