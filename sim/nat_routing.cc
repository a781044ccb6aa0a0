#include "sim/nat_routing.h"

#include <ns3/ipv4.h>
#include <ns3/node.h>
#include <ns3/simulator.h>
#include <ns3/tcp-header.h>
#include <ns3/udp-header.h>

#include "sim/ns3_convert.h"

namespace natlab::sim {

NS_OBJECT_ENSURE_REGISTERED(NatRouting);

ns3::TypeId NatRouting::GetTypeId() {
  static ns3::TypeId tid = ns3::TypeId("natlab::NatRouting")
                               .SetParent<ns3::Ipv4RoutingProtocol>()
                               .SetGroupName("natlab")
                               .AddConstructor<NatRouting>();
  return tid;
}

NatRouting::NatRouting() : inner_(ns3::CreateObject<ns3::Ipv4StaticRouting>()) {}

void NatRouting::Setup(std::string name, std::unique_ptr<nat::Nat> nat, std::uint32_t outside_if, IpAddress lan,
                       int prefix, Trace* trace) {
  name_ = std::move(name);
  nat_ = std::move(nat);
  outside_if_ = outside_if;
  lan_mask_ = prefix == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix);
  lan_ = lan.v4_value() & lan_mask_;
  trace_ = trace;
}

void NatRouting::SetIpv4(ns3::Ptr<ns3::Ipv4> ipv4) {
  ipv4_ = ipv4;
  inner_->SetIpv4(ipv4);
}

void NatRouting::DoDispose() {
  expiry_event_.Cancel();
  inner_->Dispose();
  inner_ = nullptr;
  ipv4_ = nullptr;
  ns3::Ipv4RoutingProtocol::DoDispose();
}

ns3::Ptr<ns3::Ipv4Route> NatRouting::RouteOutput(ns3::Ptr<ns3::Packet> p, const ns3::Ipv4Header& header,
                                                 ns3::Ptr<ns3::NetDevice> oif, ns3::Socket::SocketErrno& sockerr) {
  return inner_->RouteOutput(p, header, oif, sockerr);
}

namespace {
nlohmann::json packet_json(const nat::Packet& p) {
  nlohmann::json j{{"src", p.src.to_string()}, {"dst", p.dst.to_string()}, {"proto", to_string(p.transport)}};
  if (p.transport == Transport::Tcp) j["flags"] = nat::to_string(p.tcp);
  return j;
}
nat::TcpFlags tcp_flags(const ns3::TcpHeader& h) {
  const std::uint8_t f = h.GetFlags();
  nat::TcpFlags out;
  out.syn = (f & ns3::TcpHeader::SYN) != 0;
  out.ack = (f & ns3::TcpHeader::ACK) != 0;
  out.fin = (f & ns3::TcpHeader::FIN) != 0;
  out.rst = (f & ns3::TcpHeader::RST) != 0;
  return out;
}
const char* direction_name(nat::Direction d) {
  switch (d) {
    case nat::Direction::Outbound: return "outbound";
    case nat::Direction::Inbound: return "inbound";
    case nat::Direction::Hairpin: return "hairpin";
  }
  return "?";
}
}  // namespace

void NatRouting::record(const nat::Packet& before, const nat::Decision& d) {
  if (!trace_) return;
  nlohmann::json j{{"nat", name_}, {"direction", direction_name(d.direction)}, {"before", packet_json(before)}};
  if (d.forward) {
    j["action"] = "translate";
    j["after"] = packet_json(d.translated);
  } else {
    j["action"] = "drop";
    j["reason"] = nat::to_string(d.reason);
  }
  trace_->record(from_ns3(ns3::Simulator::Now()), "nat", std::move(j));
}

void NatRouting::flush_events() {
  for (const auto& e : nat_->drain_events()) {
    if (!trace_) continue;
    nlohmann::json j{{"nat", name_},
                     {"action", e.kind == nat::MappingEvent::Created ? "mapping-created" : "mapping-expired"},
                     {"proto", to_string(e.transport)},
                     {"internal", e.internal.to_string()},
                     {"external", e.external.to_string()}};
    if (e.remote) j["remote"] = e.remote->to_string();
    trace_->record(e.at, "nat", std::move(j));
  }
}

void NatRouting::schedule_expiry() {
  auto next = nat_->expire(from_ns3(ns3::Simulator::Now()));
  flush_events();
  if (!next) return;
  if (expiry_event_.IsRunning() && expiry_at_ <= *next) return;
  expiry_event_.Cancel();
  expiry_at_ = *next;
  const Time now = from_ns3(ns3::Simulator::Now());
  expiry_event_ = ns3::Simulator::Schedule(to_ns3(*next > now ? *next - now : Duration{0}), [this] {
    expiry_event_ = ns3::EventId();
    schedule_expiry();
  });
}

bool NatRouting::RouteInput(ns3::Ptr<const ns3::Packet> p, const ns3::Ipv4Header& header,
                            ns3::Ptr<const ns3::NetDevice> idev, UnicastForwardCallback ucb,
                            MulticastForwardCallback mcb, LocalDeliverCallback lcb, ErrorCallback ecb) {
  const std::uint8_t proto = header.GetProtocol();
  if (proto != 17 && proto != 6) return inner_->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);

  const std::uint32_t iif = static_cast<std::uint32_t>(ipv4_->GetInterfaceForDevice(idev));
  const bool from_outside = iif == outside_if_;
  const std::uint32_t dst = header.GetDestination().Get();
  const std::uint32_t public_addr = nat_->config().public_address.v4_value();
  // Traffic between two hosts of the LAN is switched, not translated. The
  // public address is tested first: it counts as local on the inside too.
  if (!from_outside && dst != public_addr && (dst & lan_mask_) == lan_) {
    return inner_->RouteInput(p, header, idev, ucb, mcb, lcb, ecb);
  }

  nat::Packet before;
  before.transport = proto == 17 ? Transport::Udp : Transport::Tcp;
  before.src.address = from_ns3(header.GetSource());
  before.dst.address = from_ns3(header.GetDestination());
  ns3::Ptr<ns3::Packet> copy = p->Copy();
  ns3::UdpHeader udp;
  ns3::TcpHeader tcp;
  if (proto == 17) {
    copy->RemoveHeader(udp);
    before.src.port = udp.GetSourcePort();
    before.dst.port = udp.GetDestinationPort();
  } else {
    copy->RemoveHeader(tcp);
    before.src.port = tcp.GetSourcePort();
    before.dst.port = tcp.GetDestinationPort();
    before.tcp = tcp_flags(tcp);
  }

  const Time now = from_ns3(ns3::Simulator::Now());
  nat::Decision d = from_outside ? nat_->inbound(now, before) : nat_->outbound(now, before);
  record(before, d);
  schedule_expiry();
  if (!d.forward) return true;  // consumed: dropped silently, counted by the Nat

  const nat::Packet& after = d.translated;
  ns3::Ipv4Header ip = header;
  ip.SetSource(to_ns3(after.src.address));
  ip.SetDestination(to_ns3(after.dst.address));
  if (proto == 17) {
    // A UdpHeader read back keeps its old checksum and length: build a new one.
    ns3::UdpHeader fresh;
    fresh.SetSourcePort(after.src.port);
    fresh.SetDestinationPort(after.dst.port);
    if (ns3::Node::ChecksumEnabled()) {
      fresh.EnableChecksums();
      fresh.InitializeChecksum(ip.GetSource(), ip.GetDestination(), 17);
    }
    copy->AddHeader(fresh);
  } else {
    tcp.SetSourcePort(after.src.port);
    tcp.SetDestinationPort(after.dst.port);
    if (ns3::Node::ChecksumEnabled()) {
      tcp.EnableChecksums();
      tcp.InitializeChecksum(ip.GetSource(), ip.GetDestination(), 6);
    }
    copy->AddHeader(tcp);
  }
  if (ns3::Node::ChecksumEnabled()) ip.EnableChecksum();
  return inner_->RouteInput(copy, ip, idev, ucb, mcb, lcb, ecb);
}

}  // namespace natlab::sim
