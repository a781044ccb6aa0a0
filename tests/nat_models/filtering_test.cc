// RFC 4787 5: which outside endpoints may send in through a mapping after the
// inside host has sent to X:x.
#include <gtest/gtest.h>

#include <ostream>

#include "nat_test_util.h"

namespace natlab::nat::test {
namespace {

struct FilteringCase {
  Filtering filtering;
  bool admits_same_ip_other_port;  // X:y
  bool admits_other_ip_same_port;  // Y:x
};

void PrintTo(const FilteringCase& c, std::ostream* os) { *os << to_string(c.filtering); }

class NatFiltering : public ::testing::TestWithParam<FilteringCase> {};

TEST_P(NatFiltering, AfterSendingToXxAdmitsExactlyWhatTheBehaviourAllows) {
  const auto& c = GetParam();
  Nat nat(config(Mapping::EndpointIndependent, c.filtering), Rng(1));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));

  Decision from_xx = nat.inbound(1s, udp(kXx, ext));
  EXPECT_TRUE(from_xx.forward);  // the endpoint sent to is always admitted
  EXPECT_EQ(from_xx.direction, Direction::Inbound);
  EXPECT_EQ(from_xx.translated.src, kXx);
  EXPECT_EQ(from_xx.translated.dst, kA);

  Decision from_xy = nat.inbound(1s, udp(kXy, ext));
  EXPECT_EQ(from_xy.forward, c.admits_same_ip_other_port);
  EXPECT_EQ(from_xy.reason, c.admits_same_ip_other_port ? DropReason::None : DropReason::Filtered);

  Decision from_yx = nat.inbound(1s, udp(kYx, ext));
  EXPECT_EQ(from_yx.forward, c.admits_other_ip_same_port);
  EXPECT_EQ(from_yx.reason, c.admits_other_ip_same_port ? DropReason::None : DropReason::Filtered);
}

TEST_P(NatFiltering, NoMappingMeansNothingGetsInWhateverTheFiltering) {
  Nat nat(config(Mapping::EndpointIndependent, GetParam().filtering), Rng(1));
  Decision d = nat.inbound(0s, udp(kXx, Endpoint{kPublic, 5000}));
  EXPECT_FALSE(d.forward);
  EXPECT_EQ(d.reason, DropReason::NoMapping);
  Endpoint ext = send_out(nat, 1s, udp(kA, kXx));
  Decision other_port = nat.inbound(2s, udp(kXx, Endpoint{kPublic, static_cast<std::uint16_t>(ext.port + 1)}));
  EXPECT_EQ(other_port.reason, DropReason::NoMapping);
}

TEST_P(NatFiltering, FilterStateBelongsToOneMapping) {
  const auto& c = GetParam();
  // A has sent to X:x; B has sent to Y:y only. Whether X:x may reach B is the
  // filtering of B's mapping alone: A's traffic opens nothing for B.
  Nat nat(config(Mapping::EndpointIndependent, c.filtering), Rng(1));
  send_out(nat, 0s, udp(kA, kXx));
  Endpoint b = send_out(nat, 0s, udp(kB, kYy));
  bool expected = c.filtering == Filtering::EndpointIndependent;
  EXPECT_EQ(nat.inbound(1s, udp(kXx, b)).forward, expected);
}

TEST_P(NatFiltering, PermissionLastsAsLongAsTheMappingAndDiesWithIt) {
  const auto& c = GetParam();
  Config cfg = config(Mapping::EndpointIndependent, c.filtering);
  cfg.mapping_timeout = 60s;
  Nat nat(cfg, Rng(1));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));
  // Traffic to Y keeps the mapping alive well past one timeout; X:x stays
  // admitted although A has not sent to it since.
  for (int t = 50; t <= 300; t += 50) send_out(nat, std::chrono::seconds(t), udp(kA, kYy));
  EXPECT_TRUE(nat.inbound(300s, udp(kXx, ext)).forward);
  // Once the mapping has expired, a new one starts with a clean filter.
  EXPECT_EQ(nat.inbound(400s, udp(kXx, ext)).reason, DropReason::NoMapping);
  Endpoint fresh = send_out(nat, 400s, udp(kA, kYy));
  bool expected = c.filtering == Filtering::EndpointIndependent;
  EXPECT_EQ(nat.inbound(401s, udp(kXx, fresh)).forward, expected);
}

INSTANTIATE_TEST_SUITE_P(Behaviours, NatFiltering,
                         ::testing::Values(FilteringCase{Filtering::EndpointIndependent, true, true},
                                           FilteringCase{Filtering::AddressDependent, true, false},
                                           FilteringCase{Filtering::AddressAndPortDependent, false, false}),
                         [](const auto& tp) {
                           switch (tp.param.filtering) {
                             case Filtering::EndpointIndependent: return std::string("EndpointIndependent");
                             case Filtering::AddressDependent: return std::string("AddressDependent");
                             case Filtering::AddressAndPortDependent: return std::string("AddressAndPortDependent");
                           }
                           return std::string("Unknown");
                         });

}  // namespace
}  // namespace natlab::nat::test
