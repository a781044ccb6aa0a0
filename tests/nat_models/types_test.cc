#include "nat_models/nat.h"

#include <gtest/gtest.h>

#include <string>

namespace natlab::nat {
namespace {

TEST(NatNames, EveryEnumRoundTripsThroughItsScenarioName) {
  for (auto m : {Mapping::EndpointIndependent, Mapping::AddressDependent, Mapping::AddressAndPortDependent})
    EXPECT_EQ(parse_mapping(to_string(m)), m);
  for (auto f : {Filtering::EndpointIndependent, Filtering::AddressDependent, Filtering::AddressAndPortDependent})
    EXPECT_EQ(parse_filtering(to_string(f)), f);
  for (auto p : {PortAllocation::Preserve, PortAllocation::Sequential, PortAllocation::Random})
    EXPECT_EQ(parse_port_allocation(to_string(p)), p);
  for (auto t : {NatType::Open, NatType::FullCone, NatType::Restricted, NatType::PortRestricted, NatType::Symmetric})
    EXPECT_EQ(parse_nat_type(to_string(t)), t);
}

TEST(NatNames, UsesTheSpellingsOfTheScenarioFormat) {
  EXPECT_EQ(std::string(to_string(Mapping::EndpointIndependent)), "endpoint-independent");
  EXPECT_EQ(std::string(to_string(Mapping::AddressDependent)), "address-dependent");
  EXPECT_EQ(std::string(to_string(Mapping::AddressAndPortDependent)), "address-and-port-dependent");
  EXPECT_EQ(std::string(to_string(Filtering::EndpointIndependent)), "endpoint-independent");
  EXPECT_EQ(std::string(to_string(Filtering::AddressDependent)), "address-dependent");
  EXPECT_EQ(std::string(to_string(Filtering::AddressAndPortDependent)), "address-and-port-dependent");
  EXPECT_EQ(std::string(to_string(PortAllocation::Preserve)), "preserve");
  EXPECT_EQ(std::string(to_string(PortAllocation::Sequential)), "sequential");
  EXPECT_EQ(std::string(to_string(PortAllocation::Random)), "random");
  EXPECT_EQ(std::string(to_string(NatType::Open)), "open");
  EXPECT_EQ(std::string(to_string(NatType::FullCone)), "full-cone");
  EXPECT_EQ(std::string(to_string(NatType::Restricted)), "restricted");
  EXPECT_EQ(std::string(to_string(NatType::PortRestricted)), "port-restricted");
  EXPECT_EQ(std::string(to_string(NatType::Symmetric)), "symmetric");
  EXPECT_EQ(std::string(to_string(DropReason::NoMapping)), "no-mapping");
  EXPECT_EQ(std::string(to_string(DropReason::Filtered)), "filtered");
  EXPECT_EQ(std::string(to_string(DropReason::BlockedUdp)), "blocked-udp");
  EXPECT_EQ(std::string(to_string(DropReason::HairpinDisabled)), "hairpin-disabled");
  EXPECT_EQ(std::string(to_string(DropReason::PortsExhausted)), "ports-exhausted");
  EXPECT_EQ(std::string(to_string(DropReason::NotForUs)), "not-for-us");
}

TEST(NatNames, RejectsNamesOutsideTheFormat) {
  EXPECT_FALSE(parse_nat_type("fullcone"));
  EXPECT_FALSE(parse_nat_type("Full-Cone"));
  EXPECT_FALSE(parse_nat_type(""));
  EXPECT_FALSE(parse_mapping("independent"));
  EXPECT_FALSE(parse_filtering("port-dependent"));
  EXPECT_FALSE(parse_port_allocation("preserved"));
}

// scenario-format.md: the classic names in RFC 4787 mapping / filtering terms.
TEST(NatClassicTypes, ImplyTheMappingAndFilteringOfTheScenarioFormat) {
  struct Row {
    NatType type;
    Mapping mapping;
    Filtering filtering;
  };
  const Row rows[] = {
      {NatType::FullCone, Mapping::EndpointIndependent, Filtering::EndpointIndependent},
      {NatType::Restricted, Mapping::EndpointIndependent, Filtering::AddressDependent},
      {NatType::PortRestricted, Mapping::EndpointIndependent, Filtering::AddressAndPortDependent},
      {NatType::Symmetric, Mapping::AddressAndPortDependent, Filtering::AddressAndPortDependent},
  };
  for (const auto& r : rows) {
    Config c = Config::for_type(r.type);
    EXPECT_EQ(c.type, r.type) << to_string(r.type);
    EXPECT_EQ(c.mapping, r.mapping) << to_string(r.type);
    EXPECT_EQ(c.filtering, r.filtering) << to_string(r.type);
  }
  EXPECT_EQ(Config::for_type(NatType::Open).type, NatType::Open);
}

TEST(NatClassicTypes, KeepTheOtherKnobsAtTheirDefaults) {
  Config c = Config::for_type(NatType::Symmetric);
  Config d;
  EXPECT_EQ(c.port_allocation, d.port_allocation);
  EXPECT_EQ(c.mapping_timeout, d.mapping_timeout);
  EXPECT_EQ(c.refresh_on_inbound, d.refresh_on_inbound);
  EXPECT_EQ(c.hairpinning, d.hairpinning);
  EXPECT_EQ(c.block_udp, d.block_udp);
}

}  // namespace
}  // namespace natlab::nat
