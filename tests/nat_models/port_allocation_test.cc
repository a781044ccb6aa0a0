// RFC 4787 4.2.1: how external ports are chosen for new mappings.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "nat_test_util.h"

namespace natlab::nat::test {
namespace {

Endpoint host(int i, std::uint16_t port = 5000) {
  return Endpoint{IpAddress::v4(0xC0A80100u + static_cast<std::uint32_t>(10 + i)), port};
}

Config ports_cfg(PortAllocation policy, std::uint16_t lo, std::uint16_t hi) {
  Config c = config(Mapping::EndpointIndependent, Filtering::EndpointIndependent);
  c.port_allocation = policy;
  c.port_min = lo;
  c.port_max = hi;
  c.mapping_timeout = 60s;
  return c;
}

std::uint16_t port_of(Nat& nat, Time now, const Endpoint& src) { return send_out(nat, now, udp(src, kXx)).port; }

TEST(NatPortPreserve, UsesTheInternalPortWhenFreeElseTheNextFreeAbove) {
  Nat nat(ports_cfg(PortAllocation::Preserve, 1024, 65535), Rng(1));
  EXPECT_EQ(port_of(nat, 0s, host(0, 5000)), 5000);
  EXPECT_EQ(port_of(nat, 0s, host(1, 5000)), 5001);
  EXPECT_EQ(port_of(nat, 0s, host(2, 5001)), 5002);
  EXPECT_EQ(port_of(nat, 0s, host(3, 5000)), 5003);
  EXPECT_EQ(port_of(nat, 0s, host(4, 6000)), 6000);
}

TEST(NatPortPreserve, WrapsWithinTheRange) {
  Nat nat(ports_cfg(PortAllocation::Preserve, 40000, 40002), Rng(1));
  EXPECT_EQ(port_of(nat, 0s, host(0, 40002)), 40002);
  EXPECT_EQ(port_of(nat, 0s, host(1, 40002)), 40000);
  EXPECT_EQ(port_of(nat, 0s, host(2, 40002)), 40001);
}

TEST(NatPortPreserve, InternalPortOutsideTheRangeStartsAtTheBottomOfIt) {
  Nat nat(ports_cfg(PortAllocation::Preserve, 40000, 40010), Rng(1));
  EXPECT_EQ(port_of(nat, 0s, host(0, 80)), 40000);     // next port upward in range
  EXPECT_EQ(port_of(nat, 0s, host(1, 50000)), 40001);  // above: wraps to the bottom
}

TEST(NatPortPreserve, PortFreedByExpiryIsPreservedAgain) {
  Nat nat(ports_cfg(PortAllocation::Preserve, 1024, 65535), Rng(1));
  EXPECT_EQ(port_of(nat, 0s, host(0)), 5000);
  EXPECT_EQ(port_of(nat, 61s, host(1)), 5000);
}

TEST(NatPortSequential, HandsOutConsecutivePortsWhateverTheInternalPort) {
  Nat nat(ports_cfg(PortAllocation::Sequential, 40000, 40100), Rng(1));
  EXPECT_EQ(port_of(nat, 0s, host(0, 5000)), 40000);
  EXPECT_EQ(port_of(nat, 0s, host(1, 40050)), 40001);
  EXPECT_EQ(port_of(nat, 0s, host(2, 9)), 40002);
}

TEST(NatPortSequential, ContinuesAfterTheLastPortAndWrapsSkippingUsedOnes) {
  Nat nat(ports_cfg(PortAllocation::Sequential, 40000, 40002), Rng(1));
  EXPECT_EQ(port_of(nat, 0s, host(0)), 40000);
  EXPECT_EQ(port_of(nat, 30s, host(1)), 40001);
  EXPECT_EQ(port_of(nat, 30s, host(2)), 40002);
  EXPECT_EQ(port_of(nat, 61s, host(3)), 40000);  // the only free port, after a wrap
  // 40001 and 40002 expire at 90 s; the counter goes on after 40000.
  EXPECT_EQ(port_of(nat, 91s, host(4)), 40001);
}

TEST(NatPortSequential, DoesNotGoBackToAFreedPort) {
  Nat nat(ports_cfg(PortAllocation::Sequential, 40000, 40100), Rng(1));
  EXPECT_EQ(port_of(nat, 0s, host(0)), 40000);
  EXPECT_EQ(port_of(nat, 30s, host(1)), 40001);
  EXPECT_EQ(port_of(nat, 61s, host(2)), 40002);  // 40000 is free again, but not next
}

std::vector<std::uint16_t> random_ports(std::uint64_t seed, int n, std::uint16_t lo, std::uint16_t hi) {
  Nat nat(ports_cfg(PortAllocation::Random, lo, hi), Rng(seed));
  std::vector<std::uint16_t> out;
  for (int i = 0; i < n; ++i) out.push_back(port_of(nat, 0s, host(i)));
  return out;
}

TEST(NatPortRandom, StaysInRangeAndNeverReusesALivePort) {
  auto ports = random_ports(7, 60, 50000, 50099);
  std::set<std::uint16_t> distinct(ports.begin(), ports.end());
  EXPECT_EQ(distinct.size(), ports.size());
  for (auto p : ports) {
    EXPECT_GE(p, 50000);
    EXPECT_LE(p, 50099);
  }
}

TEST(NatPortRandom, SameSeedSamePortsDifferentSeedDifferentPorts) {
  EXPECT_EQ(random_ports(7, 20, 1024, 65535), random_ports(7, 20, 1024, 65535));
  EXPECT_NE(random_ports(7, 20, 1024, 65535), random_ports(8, 20, 1024, 65535));
}

TEST(NatPortRandom, IsNeitherPreservingNorSequential) {
  auto ports = random_ports(7, 20, 1024, 65535);
  int consecutive = 0;
  for (std::size_t i = 1; i < ports.size(); ++i) consecutive += ports[i] == ports[i - 1] + 1;
  EXPECT_LT(consecutive, 3);
  EXPECT_NE(ports[0], 5000);
}

TEST(NatPortRandom, FillsATinyRangeCompletely) {
  auto ports = random_ports(3, 4, 40000, 40003);
  EXPECT_EQ(std::set<std::uint16_t>(ports.begin(), ports.end()),
            (std::set<std::uint16_t>{40000, 40001, 40002, 40003}));
}

class NatPortExhaustion : public ::testing::TestWithParam<PortAllocation> {};

TEST_P(NatPortExhaustion, DropsNewMappingsWhenTheRangeIsFullUntilAPortIsFreed) {
  Nat nat(ports_cfg(GetParam(), 40000, 40001), Rng(1));
  port_of(nat, 0s, host(0));
  port_of(nat, 10s, host(1));
  nat.drain_events();
  Decision d = nat.outbound(20s, udp(host(2), kXx));
  EXPECT_FALSE(d.forward);
  EXPECT_EQ(d.reason, DropReason::PortsExhausted);
  EXPECT_FALSE(d.mapping_created);
  EXPECT_EQ(nat.mapping_count(), 2u);
  EXPECT_TRUE(nat.drain_events().empty());
  EXPECT_EQ(nat.drops().at(DropReason::PortsExhausted), 1u);
  // Existing mappings still work.
  EXPECT_TRUE(nat.outbound(20s, udp(host(0), kXx)).forward);
  // host(1)'s mapping expires at 70 s, and its port goes to host(2).
  Decision later = nat.outbound(70s, udp(host(2), kXx));
  ASSERT_TRUE(later.forward);
  EXPECT_TRUE(later.mapping_created);
}

TEST_P(NatPortExhaustion, TcpAndUdpHaveSeparatePortSpaces) {
  Nat nat(ports_cfg(GetParam(), 40000, 40000), Rng(1));
  EXPECT_TRUE(nat.outbound(0s, udp(kA, kXx)).forward);
  EXPECT_TRUE(nat.outbound(0s, tcp(kA, kXx)).forward);
  EXPECT_EQ(nat.outbound(0s, udp(kB, kXx)).reason, DropReason::PortsExhausted);
  EXPECT_EQ(nat.outbound(0s, tcp(kB, kXx)).reason, DropReason::PortsExhausted);
}

INSTANTIATE_TEST_SUITE_P(Policies, NatPortExhaustion,
                         ::testing::Values(PortAllocation::Preserve, PortAllocation::Sequential,
                                           PortAllocation::Random),
                         [](const auto& tp) {
                           std::string n = to_string(tp.param);
                           return n;
                         });

}  // namespace
}  // namespace natlab::nat::test
