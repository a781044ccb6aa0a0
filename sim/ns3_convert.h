#pragma once
// Conversions between natlab's address types and ns-3's.
#include <ns3/inet-socket-address.h>
#include <ns3/ipv4-address.h>

#include "common/ip.h"
#include "common/time.h"
#include <ns3/nstime.h>

namespace natlab::sim {

inline IpAddress from_ns3(ns3::Ipv4Address a) { return IpAddress::v4(a.Get()); }
inline ns3::Ipv4Address to_ns3(const IpAddress& a) { return ns3::Ipv4Address(a.v4_value()); }
inline Endpoint from_ns3(const ns3::InetSocketAddress& a) { return {from_ns3(a.GetIpv4()), a.GetPort()}; }
inline ns3::InetSocketAddress to_ns3(const Endpoint& e) { return {to_ns3(e.address), e.port}; }
inline Time from_ns3(ns3::Time t) { return Time(t.GetNanoSeconds()); }
inline ns3::Time to_ns3(Time t) { return ns3::NanoSeconds(t.count()); }

}  // namespace natlab::sim
