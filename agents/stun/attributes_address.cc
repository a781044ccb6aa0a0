// Address attributes: MAPPED-ADDRESS and its XOR-ed forms (RFC 5389 15.1, 15.2),
// which TURN (RFC 5766 14.3, 14.5) and RFC 5780 (7.3, 7.4) reuse.
#include <algorithm>

#include "agents/stun/attribute_codec.h"
#include "agents/stun/attributes.h"
#include "agents/stun/byte_io.h"

namespace natlab::stun {
namespace detail {
namespace {

constexpr std::uint8_t kFamilyV4 = 0x01;  // RFC 5389 15.1
constexpr std::uint8_t kFamilyV6 = 0x02;

// RFC 5389 15.2: the key is the magic cookie, then (IPv6) the transaction ID.
std::array<std::uint8_t, 16> xor_key(const TransactionId& tid) {
  std::array<std::uint8_t, 16> k{};
  k[0] = static_cast<std::uint8_t>(kMagicCookie >> 24);
  k[1] = static_cast<std::uint8_t>(kMagicCookie >> 16);
  k[2] = static_cast<std::uint8_t>(kMagicCookie >> 8);
  k[3] = static_cast<std::uint8_t>(kMagicCookie);
  std::copy(tid.begin(), tid.end(), k.begin() + 4);
  return k;
}

}  // namespace

bool address_valid(std::span<const std::uint8_t> v) {
  if (v.size() < 4) return false;
  // The first byte is reserved and ignored by receivers (RFC 5389 15.1).
  return (v[1] == kFamilyV4 && v.size() == 8) || (v[1] == kFamilyV6 && v.size() == 20);
}

std::vector<std::uint8_t> encode_address(const Endpoint& ep, const TransactionId* xor_with) {
  const bool v4 = ep.address.is_v4();
  std::vector<std::uint8_t> out;
  out.reserve(v4 ? 8 : 20);
  out.push_back(0);
  out.push_back(v4 ? kFamilyV4 : kFamilyV6);
  // RFC 5389 15.2: X-Port is the port XOR the 16 most significant cookie bits.
  append_u16(out, xor_with ? static_cast<std::uint16_t>(ep.port ^ (kMagicCookie >> 16)) : ep.port);
  const auto key = xor_with ? xor_key(*xor_with) : std::array<std::uint8_t, 16>{};
  for (std::size_t i = 0; i < ep.address.size(); ++i) out.push_back(static_cast<std::uint8_t>(ep.address.data()[i] ^ key[i]));
  return out;
}

std::optional<Endpoint> decode_address(std::span<const std::uint8_t> v, const TransactionId* xor_with) {
  if (!address_valid(v)) return std::nullopt;
  Endpoint ep;
  ep.port = load_u16(v.data() + 2);
  if (xor_with) ep.port = static_cast<std::uint16_t>(ep.port ^ (kMagicCookie >> 16));
  const auto key = xor_with ? xor_key(*xor_with) : std::array<std::uint8_t, 16>{};
  if (v[1] == kFamilyV4) {
    std::array<std::uint8_t, 4> a{};
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::uint8_t>(v[4 + i] ^ key[i]);
    ep.address = IpAddress::v4(a);
  } else {
    std::array<std::uint8_t, 16> a{};
    for (std::size_t i = 0; i < a.size(); ++i) a[i] = static_cast<std::uint8_t>(v[4 + i] ^ key[i]);
    ep.address = IpAddress::v6(a);
  }
  return ep;
}

}  // namespace detail

#define NATLAB_ADDRESS_ATTR(Name, Xor)                                                              \
  std::vector<std::uint8_t> Name::encode_value(const TransactionId& tid) const {                    \
    return detail::encode_address(endpoint, Xor ? &tid : nullptr);                                  \
  }                                                                                                 \
  std::optional<Name> Name::decode_value(std::span<const std::uint8_t> v, const TransactionId& tid) { \
    auto ep = detail::decode_address(v, Xor ? &tid : nullptr);                                      \
    if (!ep) return std::nullopt;                                                                   \
    return Name{*ep};                                                                               \
  }

NATLAB_ADDRESS_ATTR(MappedAddress, false)
NATLAB_ADDRESS_ATTR(XorMappedAddress, true)
NATLAB_ADDRESS_ATTR(XorPeerAddress, true)
NATLAB_ADDRESS_ATTR(XorRelayedAddress, true)
NATLAB_ADDRESS_ATTR(AlternateServer, false)
NATLAB_ADDRESS_ATTR(ResponseOrigin, false)
NATLAB_ADDRESS_ATTR(OtherAddress, false)

#undef NATLAB_ADDRESS_ATTR

}  // namespace natlab::stun
