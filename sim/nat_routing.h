#pragma once
// The ns-3 face of a NAT node: an Ipv4RoutingProtocol that wraps the node's
// static routing. Every UDP/TCP packet that arrives to be forwarded is put to
// nat_models::Nat; a translated copy (fresh IP and UDP/TCP headers) goes on to
// the wrapped routing, a dropped one vanishes silently (a NAT answers nothing,
// in particular no ICMP port unreachable).
#include <ns3/ipv4-routing-protocol.h>
#include <ns3/ipv4-static-routing.h>
#include <ns3/event-id.h>

#include <functional>
#include <memory>
#include <string>

#include "nat_models/nat.h"
#include "sim/trace.h"

namespace natlab::sim {

class NatRouting : public ns3::Ipv4RoutingProtocol {
 public:
  static ns3::TypeId GetTypeId();
  NatRouting();

  // outside_if: the interface index of the uplink. lan/prefix: the inside LAN,
  // whose own traffic is switched, not translated.
  void Setup(std::string name, std::unique_ptr<nat::Nat> nat, std::uint32_t outside_if, IpAddress lan,
             int prefix, Trace* trace);
  ns3::Ptr<ns3::Ipv4StaticRouting> static_routing() const { return inner_; }
  nat::Nat& nat() { return *nat_; }

  ns3::Ptr<ns3::Ipv4Route> RouteOutput(ns3::Ptr<ns3::Packet> p, const ns3::Ipv4Header& header,
                                       ns3::Ptr<ns3::NetDevice> oif, ns3::Socket::SocketErrno& sockerr) override;
  bool RouteInput(ns3::Ptr<const ns3::Packet> p, const ns3::Ipv4Header& header, ns3::Ptr<const ns3::NetDevice> idev,
                  UnicastForwardCallback ucb, MulticastForwardCallback mcb, LocalDeliverCallback lcb,
                  ErrorCallback ecb) override;
  void NotifyInterfaceUp(std::uint32_t interface) override { inner_->NotifyInterfaceUp(interface); }
  void NotifyInterfaceDown(std::uint32_t interface) override { inner_->NotifyInterfaceDown(interface); }
  void NotifyAddAddress(std::uint32_t interface, ns3::Ipv4InterfaceAddress address) override {
    inner_->NotifyAddAddress(interface, address);
  }
  void NotifyRemoveAddress(std::uint32_t interface, ns3::Ipv4InterfaceAddress address) override {
    inner_->NotifyRemoveAddress(interface, address);
  }
  void SetIpv4(ns3::Ptr<ns3::Ipv4> ipv4) override;
  void PrintRoutingTable(ns3::Ptr<ns3::OutputStreamWrapper> stream, ns3::Time::Unit unit) const override {
    inner_->PrintRoutingTable(stream, unit);
  }

 protected:
  void DoDispose() override;

 private:
  void record(const nat::Packet& before, const nat::Decision& d);
  void flush_events();
  void schedule_expiry();

  std::string name_;
  std::unique_ptr<nat::Nat> nat_;
  std::uint32_t outside_if_ = 0;
  std::uint32_t lan_ = 0;
  std::uint32_t lan_mask_ = 0;
  Trace* trace_ = nullptr;
  ns3::Ptr<ns3::Ipv4> ipv4_;
  ns3::Ptr<ns3::Ipv4StaticRouting> inner_;
  ns3::EventId expiry_event_;
  Time expiry_at_{};
};

}  // namespace natlab::sim
