#pragma once
// Shared vocabulary of the NAT tests: one NAT at 198.51.100.1 with inside hosts
// A and B, and outside endpoints X:x, X:y, Y:x (the names RFC 4787 uses).
#include <gtest/gtest.h>

#include <string_view>

#include "nat_models/nat.h"

namespace natlab::nat::test {

inline IpAddress ip(std::string_view s) { return *IpAddress::parse(s); }
inline Endpoint ep(std::string_view s) { return *Endpoint::parse(s); }

inline const IpAddress kPublic = ip("198.51.100.1");
inline const Endpoint kA = ep("192.168.1.10:5000");
inline const Endpoint kB = ep("192.168.1.11:6000");
inline const Endpoint kXx = ep("203.0.113.1:3478");
inline const Endpoint kXy = ep("203.0.113.1:3479");
inline const Endpoint kYx = ep("203.0.113.2:3478");
inline const Endpoint kYy = ep("203.0.113.2:3479");

inline Packet udp(Endpoint src, Endpoint dst) { return Packet{Transport::Udp, src, dst}; }
inline Packet tcp(Endpoint src, Endpoint dst) { return Packet{Transport::Tcp, src, dst}; }

inline Config config(Mapping m, Filtering f) {
  Config c;
  c.type = NatType::PortRestricted;  // any translating type; m/f decide
  c.mapping = m;
  c.filtering = f;
  c.public_address = kPublic;
  return c;
}

inline Config config(NatType t) {
  Config c = Config::for_type(t);
  c.public_address = kPublic;
  return c;
}

inline Time at_s(double s) { return std::chrono::duration_cast<Time>(std::chrono::duration<double>(s)); }

// The external endpoint an outbound packet left with; fails the test if dropped.
inline Endpoint send_out(Nat& nat, Time now, const Packet& p) {
  Decision d = nat.outbound(now, p);
  EXPECT_TRUE(d.forward) << "outbound dropped: " << to_string(d.reason);
  EXPECT_EQ(d.direction, Direction::Outbound);
  return d.translated.src;
}

}  // namespace natlab::nat::test
