// Names of the NAT knobs as the scenario format spells them, and the classic
// NAT types in RFC 4787 terms (scenario-format.md).
#include <array>
#include <string_view>
#include <utility>

#include "nat_models/nat.h"

namespace natlab::nat {
namespace {

// One table per enum drives both to_string and parse, so they cannot disagree.
template <typename E, std::size_t N>
const char* name_of(const std::array<std::pair<E, const char*>, N>& names, E value) {
  for (const auto& [e, name] : names)
    if (e == value) return name;
  return "?";
}

template <typename E, std::size_t N>
std::optional<E> parse_name(const std::array<std::pair<E, const char*>, N>& names, std::string_view s) {
  for (const auto& [e, name] : names)
    if (s == name) return e;
  return std::nullopt;
}

constexpr std::array<std::pair<Mapping, const char*>, 3> kMappingNames{{
    {Mapping::EndpointIndependent, "endpoint-independent"},
    {Mapping::AddressDependent, "address-dependent"},
    {Mapping::AddressAndPortDependent, "address-and-port-dependent"},
}};

constexpr std::array<std::pair<Filtering, const char*>, 3> kFilteringNames{{
    {Filtering::EndpointIndependent, "endpoint-independent"},
    {Filtering::AddressDependent, "address-dependent"},
    {Filtering::AddressAndPortDependent, "address-and-port-dependent"},
}};

constexpr std::array<std::pair<PortAllocation, const char*>, 3> kPortAllocationNames{{
    {PortAllocation::Preserve, "preserve"},
    {PortAllocation::Sequential, "sequential"},
    {PortAllocation::Random, "random"},
}};

constexpr std::array<std::pair<NatType, const char*>, 5> kNatTypeNames{{
    {NatType::Open, "open"},
    {NatType::FullCone, "full-cone"},
    {NatType::Restricted, "restricted"},
    {NatType::PortRestricted, "port-restricted"},
    {NatType::Symmetric, "symmetric"},
}};

constexpr std::array<std::pair<DropReason, const char*>, 8> kDropReasonNames{{
    {DropReason::None, "none"},
    {DropReason::BlockedUdp, "blocked-udp"},
    {DropReason::NoMapping, "no-mapping"},
    {DropReason::Filtered, "filtered"},
    {DropReason::HairpinDisabled, "hairpin-disabled"},
    {DropReason::PortsExhausted, "ports-exhausted"},
    {DropReason::NotForUs, "not-for-us"},
    {DropReason::BlockedInboundTcp, "blocked-inbound-tcp"},
}};

}  // namespace

const char* to_string(Mapping m) { return name_of(kMappingNames, m); }
const char* to_string(Filtering f) { return name_of(kFilteringNames, f); }
const char* to_string(PortAllocation p) { return name_of(kPortAllocationNames, p); }
const char* to_string(NatType t) { return name_of(kNatTypeNames, t); }
const char* to_string(DropReason r) { return name_of(kDropReasonNames, r); }

std::optional<Mapping> parse_mapping(std::string_view s) { return parse_name(kMappingNames, s); }
std::optional<Filtering> parse_filtering(std::string_view s) { return parse_name(kFilteringNames, s); }
std::optional<PortAllocation> parse_port_allocation(std::string_view s) {
  return parse_name(kPortAllocationNames, s);
}
std::optional<NatType> parse_nat_type(std::string_view s) { return parse_name(kNatTypeNames, s); }

Config Config::for_type(NatType t) {
  Config c;
  c.type = t;
  switch (t) {
    case NatType::Open:
      // Mapping and filtering are unused for a router; EI/EI describes it best.
    case NatType::FullCone:
      c.mapping = Mapping::EndpointIndependent;
      c.filtering = Filtering::EndpointIndependent;
      break;
    case NatType::Restricted:
      c.mapping = Mapping::EndpointIndependent;
      c.filtering = Filtering::AddressDependent;
      break;
    case NatType::PortRestricted:
      c.mapping = Mapping::EndpointIndependent;
      c.filtering = Filtering::AddressAndPortDependent;
      break;
    case NatType::Symmetric:
      c.mapping = Mapping::AddressAndPortDependent;
      c.filtering = Filtering::AddressAndPortDependent;
      break;
  }
  return c;
}

}  // namespace natlab::nat
