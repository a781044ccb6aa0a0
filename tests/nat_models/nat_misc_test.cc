// Knobs outside RFC 4787's behaviour classes: the UDP-blocking firewall, the
// open router, packets not addressed to the NAT, events and drop counters.
#include <gtest/gtest.h>

#include "nat_test_util.h"

namespace natlab::nat::test {
namespace {

TEST(NatBlockUdp, DropsUdpBothWaysAndLetsTcpThrough) {
  Config c = config(NatType::FullCone);
  c.block_udp = true;
  Nat nat(c, Rng(1));
  Decision out = nat.outbound(0s, udp(kA, kXx));
  EXPECT_FALSE(out.forward);
  EXPECT_EQ(out.reason, DropReason::BlockedUdp);
  EXPECT_EQ(out.direction, Direction::Outbound);
  EXPECT_EQ(nat.mapping_count(), 0u);
  Decision in = nat.inbound(0s, udp(kXx, Endpoint{kPublic, 5000}));
  EXPECT_EQ(in.reason, DropReason::BlockedUdp);
  EXPECT_EQ(in.direction, Direction::Inbound);
  Endpoint ext = send_out(nat, 1s, tcp(kA, kXx));
  EXPECT_TRUE(nat.inbound(2s, tcp(kXx, ext)).forward);
  EXPECT_EQ(nat.drops().at(DropReason::BlockedUdp), 2u);
}

TEST(NatBlockUdp, AlsoBlocksAnOpenRouter) {
  Config c = config(NatType::Open);
  c.block_udp = true;
  Nat nat(c, Rng(1));
  EXPECT_EQ(nat.outbound(0s, udp(kA, kXx)).reason, DropReason::BlockedUdp);
  EXPECT_EQ(nat.inbound(0s, udp(kXx, kA)).reason, DropReason::BlockedUdp);
  EXPECT_TRUE(nat.outbound(0s, tcp(kA, kXx)).forward);
}

TEST(NatOpen, ForwardsEverythingUnchangedWithoutState) {
  Nat nat(config(NatType::Open), Rng(1));
  Decision out = nat.outbound(0s, udp(kA, kXx));
  ASSERT_TRUE(out.forward);
  EXPECT_EQ(out.translated.src, kA);
  EXPECT_EQ(out.translated.dst, kXx);
  EXPECT_FALSE(out.mapping_created);
  // Unsolicited inbound from anyone to the inside address gets in.
  Decision in = nat.inbound(1s, udp(kYy, kB));
  ASSERT_TRUE(in.forward);
  EXPECT_EQ(in.translated.src, kYy);
  EXPECT_EQ(in.translated.dst, kB);
  EXPECT_EQ(in.direction, Direction::Inbound);
  EXPECT_EQ(nat.mapping_count(), 0u);
  EXPECT_TRUE(nat.drain_events().empty());
  EXPECT_TRUE(nat.drops().empty());
}

TEST(NatInbound, PacketsForAnotherAddressAreNotForUs) {
  Nat nat(config(NatType::FullCone), Rng(1));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));
  Decision d = nat.inbound(1s, udp(kXx, Endpoint{ip("198.51.100.2"), ext.port}));
  EXPECT_FALSE(d.forward);
  EXPECT_EQ(d.reason, DropReason::NotForUs);
  // Addressed to an inside host directly: a NAT does not route to its LAN.
  EXPECT_EQ(nat.inbound(1s, udp(kXx, kA)).reason, DropReason::NotForUs);
}

TEST(NatEvents, CreatedAndExpiredInTimeOrderWithTheMappingsEndpoints) {
  Config c = config(NatType::Symmetric);
  c.mapping_timeout = 30s;
  Nat nat(c, Rng(1));
  Endpoint e1 = send_out(nat, 1s, udp(kA, kXx));
  Endpoint e2 = send_out(nat, 2s, udp(kA, kYx));
  Endpoint e3 = send_out(nat, 40s, udp(kB, kXx));  // sweeps the first two
  auto ev = nat.drain_events();
  ASSERT_EQ(ev.size(), 5u);
  EXPECT_EQ(ev[0].kind, MappingEvent::Created);
  EXPECT_EQ(ev[0].at, Time{1s});
  EXPECT_EQ(ev[0].internal, kA);
  EXPECT_EQ(ev[0].external, e1);
  EXPECT_EQ(ev[0].transport, Transport::Udp);
  EXPECT_EQ(ev[0].remote, kXx);  // address-and-port-dependent: the key names X:x
  EXPECT_EQ(ev[1].kind, MappingEvent::Created);
  EXPECT_EQ(ev[1].at, Time{2s});
  EXPECT_EQ(ev[1].external, e2);
  EXPECT_EQ(ev[2].kind, MappingEvent::Expired);
  EXPECT_EQ(ev[2].at, Time{31s});
  EXPECT_EQ(ev[2].external, e1);
  EXPECT_EQ(ev[3].kind, MappingEvent::Expired);
  EXPECT_EQ(ev[3].at, Time{32s});
  EXPECT_EQ(ev[3].external, e2);
  EXPECT_EQ(ev[4].kind, MappingEvent::Created);
  EXPECT_EQ(ev[4].at, Time{40s});
  EXPECT_EQ(ev[4].internal, kB);
  EXPECT_EQ(ev[4].external, e3);
  EXPECT_TRUE(nat.drain_events().empty());
}

TEST(NatEvents, RemotePartFollowsTheMappingBehaviour) {
  Nat ei(config(Mapping::EndpointIndependent, Filtering::EndpointIndependent), Rng(1));
  Nat ad(config(Mapping::AddressDependent, Filtering::EndpointIndependent), Rng(1));
  ei.outbound(0s, udp(kA, kXx));
  ad.outbound(0s, udp(kA, kXx));
  EXPECT_EQ(ei.drain_events().at(0).remote, std::nullopt);
  EXPECT_EQ(ad.drain_events().at(0).remote, (Endpoint{kXx.address, 0}));
}

TEST(NatEvents, ARefreshIsNotAnEvent) {
  Nat nat(config(NatType::FullCone), Rng(1));
  send_out(nat, 0s, udp(kA, kXx));
  send_out(nat, 1s, udp(kA, kYy));
  EXPECT_EQ(nat.drain_events().size(), 1u);
}

TEST(NatDrops, CountsEachDropByReason) {
  Config c = config(NatType::PortRestricted);
  c.port_min = c.port_max = 40000;
  Nat nat(c, Rng(1));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));
  nat.inbound(1s, udp(kXx, Endpoint{kPublic, 1}));           // no-mapping
  nat.inbound(1s, udp(kYy, ext));                            // filtered
  nat.inbound(1s, udp(kYx, ext));                            // filtered
  nat.inbound(1s, udp(kXx, Endpoint{ip("10.0.0.1"), 1}));    // not-for-us
  nat.outbound(1s, udp(kB, kXx));                            // ports-exhausted
  nat.outbound(1s, udp(kB, ext));                            // hairpin-disabled
  nat.inbound(1s, udp(kXx, ext));                            // forwarded: not counted
  const std::map<DropReason, std::uint64_t> expected{
      {DropReason::NoMapping, 1}, {DropReason::Filtered, 2},        {DropReason::NotForUs, 1},
      {DropReason::PortsExhausted, 1}, {DropReason::HairpinDisabled, 1}};
  EXPECT_EQ(nat.drops(), expected);
}

TEST(NatMove, AMovedNatKeepsItsMappings) {
  Nat nat(config(NatType::FullCone), Rng(1));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));
  Nat moved(std::move(nat));
  EXPECT_EQ(moved.mapping_count(), 1u);
  EXPECT_TRUE(moved.inbound(1s, udp(kYy, ext)).forward);
}

}  // namespace
}  // namespace natlab::nat::test
