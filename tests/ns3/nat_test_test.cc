// RFC 5780 discovery through the simulated NAT classifies every RFC 4787
// mapping x filtering combination as configured: the NAT model and its ns-3
// glue checked by an independent protocol.
#include <gtest/gtest.h>

#include "sim/nat_test.h"

namespace natlab::sim {
namespace {

using nat::Filtering;
using nat::Mapping;

struct Combo {
  Mapping mapping;
  Filtering filtering;
};

class ns3NatDiscovery : public ::testing::TestWithParam<Combo> {};

TEST_P(ns3NatDiscovery, ClassifiesMappingAndFilteringAsConfigured) {
  nat::Config cfg = nat::Config::for_type(nat::NatType::PortRestricted);
  cfg.mapping = GetParam().mapping;
  cfg.filtering = GetParam().filtering;
  NatTestResult r = run_nat_test(cfg);
  ASSERT_FALSE(r.error) << *r.error;
  EXPECT_TRUE(r.nat_detected);
  EXPECT_EQ(r.mapping, nat::to_string(cfg.mapping));
  EXPECT_EQ(r.filtering, nat::to_string(cfg.filtering));
  ASSERT_TRUE(r.hairpinning.has_value());
  EXPECT_FALSE(*r.hairpinning);
  // Test I's mapped address is the NAT's public address.
  EXPECT_EQ(r.mapped_address.rfind("198.51.100.1:", 0), 0u) << r.mapped_address;
}

INSTANTIATE_TEST_SUITE_P(
    AllNine, ns3NatDiscovery,
    ::testing::Values(Combo{Mapping::EndpointIndependent, Filtering::EndpointIndependent},
                      Combo{Mapping::EndpointIndependent, Filtering::AddressDependent},
                      Combo{Mapping::EndpointIndependent, Filtering::AddressAndPortDependent},
                      Combo{Mapping::AddressDependent, Filtering::EndpointIndependent},
                      Combo{Mapping::AddressDependent, Filtering::AddressDependent},
                      Combo{Mapping::AddressDependent, Filtering::AddressAndPortDependent},
                      Combo{Mapping::AddressAndPortDependent, Filtering::EndpointIndependent},
                      Combo{Mapping::AddressAndPortDependent, Filtering::AddressDependent},
                      Combo{Mapping::AddressAndPortDependent, Filtering::AddressAndPortDependent}),
    [](const auto& p) {
      std::string n = std::string(nat::to_string(p.param.mapping)) + "_" + nat::to_string(p.param.filtering);
      for (char& c : n) c = c == '-' ? '_' : c;
      return n;
    });

TEST(ns3NatTest, SymmetricPrintsTheIssuedJson) {
  NatTestResult r = run_nat_test(nat::Config::for_type(nat::NatType::Symmetric));
  EXPECT_EQ(to_json(r),
            R"({"mapping": "address-and-port-dependent", "filtering": "address-and-port-dependent", "hairpinning": false})");
}

// Hairpinning is observed by sending to one's own mapped address from the
// same socket (RFC 5780 4.5 with one socket). With an endpoint-independent
// mapping the hairpinned packet carries the mapping's own external endpoint,
// so every filtering admits it; the switch decides.
class ns3NatHairpin : public ::testing::TestWithParam<nat::NatType> {};

TEST_P(ns3NatHairpin, DetectsHairpinningOnAndOff) {
  for (bool on : {false, true}) {
    nat::Config cfg = nat::Config::for_type(GetParam());
    cfg.hairpinning = on;
    NatTestResult r = run_nat_test(cfg);
    ASSERT_FALSE(r.error) << *r.error;
    ASSERT_TRUE(r.hairpinning.has_value());
    EXPECT_EQ(*r.hairpinning, on) << nat::to_string(GetParam()) << " hairpinning " << on;
  }
}

INSTANTIATE_TEST_SUITE_P(EndpointIndependentMapping, ns3NatHairpin,
                         ::testing::Values(nat::NatType::FullCone, nat::NatType::Restricted,
                                           nat::NatType::PortRestricted),
                         [](const auto& p) {
                           std::string n = nat::to_string(p.param);
                           for (char& c : n) c = c == '-' ? '_' : c;
                           return n;
                         });

// With an address-and-port-dependent mapping the hairpinned packet leaves
// through a new mapping, so a filtering NAT refuses it even with hairpinning
// on: what two hosts behind one symmetric NAT would experience.
TEST(ns3NatHairpinSymmetric, FilteringStillAppliesToHairpinnedPackets) {
  nat::Config cfg = nat::Config::for_type(nat::NatType::Symmetric);
  cfg.hairpinning = true;
  EXPECT_EQ(run_nat_test(cfg).hairpinning, std::optional<bool>(false));
  cfg.filtering = nat::Filtering::EndpointIndependent;
  EXPECT_EQ(run_nat_test(cfg).hairpinning, std::optional<bool>(true));
}

TEST(ns3NatTest, OpenRouterIsNoNat) {
  NatTestResult r = run_nat_test(nat::Config::for_type(nat::NatType::Open));
  EXPECT_FALSE(r.nat_detected);
}

TEST(ns3NatTest, BlockedUdpMakesTestOneFail) {
  nat::Config cfg = nat::Config::for_type(nat::NatType::FullCone);
  cfg.block_udp = true;
  NatTestResult r = run_nat_test(cfg);
  EXPECT_TRUE(r.error.has_value());
}

}  // namespace
}  // namespace natlab::sim
