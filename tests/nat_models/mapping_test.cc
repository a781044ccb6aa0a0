// RFC 4787 4.1: which destinations reuse an existing mapping.
#include <gtest/gtest.h>

#include <ostream>

#include "nat_test_util.h"

namespace natlab::nat::test {
namespace {

struct MappingCase {
  Mapping mapping;
  bool reuse_same_ip_other_port;  // X:x then X:y
  bool reuse_other_ip_same_port;  // X:x then Y:x
};

void PrintTo(const MappingCase& c, std::ostream* os) { *os << to_string(c.mapping); }

class NatMapping : public ::testing::TestWithParam<MappingCase> {};

TEST_P(NatMapping, ReusesTheExternalEndpointExactlyForTheDestinationsTheBehaviourAllows) {
  const auto& c = GetParam();
  Nat nat(config(c.mapping, Filtering::EndpointIndependent), Rng(1));
  Endpoint to_xx = send_out(nat, 0s, udp(kA, kXx));
  EXPECT_EQ(to_xx.address, kPublic);
  // The same destination always reuses the mapping, whatever the behaviour.
  EXPECT_EQ(send_out(nat, 1s, udp(kA, kXx)), to_xx);
  Endpoint to_xy = send_out(nat, 2s, udp(kA, kXy));
  Endpoint to_yx = send_out(nat, 3s, udp(kA, kYx));
  EXPECT_EQ(to_xy == to_xx, c.reuse_same_ip_other_port);
  EXPECT_EQ(to_yx == to_xx, c.reuse_other_ip_same_port);
  EXPECT_EQ(to_xy.address, kPublic);
  EXPECT_EQ(to_yx.address, kPublic);
  std::size_t expected = 1 + !c.reuse_same_ip_other_port + !c.reuse_other_ip_same_port;
  EXPECT_EQ(nat.mapping_count(), expected);
}

TEST_P(NatMapping, ReportsWhetherThePacketCreatedTheMapping) {
  const auto& c = GetParam();
  Nat nat(config(c.mapping, Filtering::EndpointIndependent), Rng(1));
  EXPECT_TRUE(nat.outbound(0s, udp(kA, kXx)).mapping_created);
  EXPECT_FALSE(nat.outbound(1s, udp(kA, kXx)).mapping_created);
  EXPECT_EQ(nat.outbound(2s, udp(kA, kXy)).mapping_created, !c.reuse_same_ip_other_port);
}

TEST_P(NatMapping, DifferentInternalEndpointsNeverShareAMapping) {
  Nat nat(config(GetParam().mapping, Filtering::EndpointIndependent), Rng(1));
  Endpoint a = send_out(nat, 0s, udp(kA, kXx));
  Endpoint a2 = send_out(nat, 0s, udp(Endpoint{kA.address, 5001}, kXx));
  Endpoint b = send_out(nat, 0s, udp(kB, kXx));
  EXPECT_NE(a, a2);
  EXPECT_NE(a, b);
  EXPECT_NE(a2, b);
}

TEST_P(NatMapping, TransportIsPartOfTheMappingKey) {
  Nat nat(config(GetParam().mapping, Filtering::EndpointIndependent), Rng(1));
  EXPECT_TRUE(nat.outbound(0s, udp(kA, kXx)).mapping_created);
  EXPECT_TRUE(nat.outbound(0s, tcp(kA, kXx)).mapping_created);
  EXPECT_EQ(nat.mapping_count(), 2u);
  // Inbound TCP reaches the TCP mapping and UDP the UDP one, on the same port
  // number (separate port spaces).
  Endpoint ext = send_out(nat, 1s, udp(kA, kXx));
  Decision in_tcp = nat.inbound(2s, tcp(kXx, ext));
  ASSERT_TRUE(in_tcp.forward);
  EXPECT_EQ(in_tcp.translated.transport, Transport::Tcp);
  EXPECT_EQ(in_tcp.translated.dst, kA);
}

TEST_P(NatMapping, TranslatesOnlyTheSourceOfOutboundPackets) {
  Nat nat(config(GetParam().mapping, Filtering::EndpointIndependent), Rng(1));
  Decision d = nat.outbound(0s, udp(kA, kXx));
  ASSERT_TRUE(d.forward);
  EXPECT_EQ(d.translated.transport, Transport::Udp);
  EXPECT_EQ(d.translated.dst, kXx);
  EXPECT_EQ(d.translated.src.address, kPublic);
  EXPECT_EQ(d.reason, DropReason::None);
}

INSTANTIATE_TEST_SUITE_P(Behaviours, NatMapping,
                         ::testing::Values(MappingCase{Mapping::EndpointIndependent, true, true},
                                           MappingCase{Mapping::AddressDependent, true, false},
                                           MappingCase{Mapping::AddressAndPortDependent, false, false}),
                         [](const auto& tp) {
                           switch (tp.param.mapping) {
                             case Mapping::EndpointIndependent: return std::string("EndpointIndependent");
                             case Mapping::AddressDependent: return std::string("AddressDependent");
                             case Mapping::AddressAndPortDependent: return std::string("AddressAndPortDependent");
                           }
                           return std::string("Unknown");
                         });

// With endpoint-dependent mapping, one internal endpoint holds several
// mappings at once; each needs its own external port or inbound packets could
// not be told apart (RFC 4787 REQ-3, no port overloading).
TEST(NatMappingPorts, EndpointDependentMappingsOfOneHostGetDistinctPortsPreserveGivesTheFirstTheInternalPort) {
  Nat nat(config(Mapping::AddressAndPortDependent, Filtering::AddressAndPortDependent), Rng(1));
  Endpoint first = send_out(nat, 0s, udp(kA, kXx));
  Endpoint second = send_out(nat, 0s, udp(kA, kXy));
  EXPECT_EQ(first.port, kA.port);
  EXPECT_NE(second.port, first.port);
  ASSERT_TRUE(nat.inbound(1s, udp(kXx, first)).forward);
  ASSERT_TRUE(nat.inbound(1s, udp(kXy, second)).forward);
}

}  // namespace
}  // namespace natlab::nat::test
