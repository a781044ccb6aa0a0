#pragma once
// RFC 6156 4.1.1 REQUESTED-ADDRESS-FAMILY: 0x0017, comprehension-required;
// one byte of family (0x01 IPv4, 0x02 IPv6) and three reserved bytes.
// Clients such as coturn's turnutils_uclient send it in every Allocate.
#include <cstdint>
#include <span>

namespace natlab::turn {

inline constexpr std::uint16_t kRequestedAddressFamily = 0x0017;

enum class RequestedFamily { V4, V6, Other, Malformed };

inline RequestedFamily parse_requested_family(std::span<const std::uint8_t> value) {
  if (value.size() != 4) return RequestedFamily::Malformed;
  switch (value[0]) {
    case 0x01: return RequestedFamily::V4;
    case 0x02: return RequestedFamily::V6;
    default: return RequestedFamily::Other;
  }
}

}  // namespace natlab::turn
