// The standard CRC-32 table is generated from the reflected polynomial
// 0xEDB88320 (RFC 5389 15.5 via ITU V.42); MS-ICE2's differs in one entry.
#include "agents/stun/fingerprint_table.h"

namespace natlab::stun {
namespace {

constexpr CrcTable make_standard() {
  CrcTable t{};
  for (std::uint32_t i = 0; i < 256; ++i) {
    std::uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}

constexpr CrcTable kStandard = make_standard();
static_assert(kStandard[kMsIce2AlternateIndex] == kStandardEntry5A);

constexpr CrcTable make_alternate() {
  CrcTable t = kStandard;
  t[kMsIce2AlternateIndex] = kMsIce2AlternateEntry5A;  // MS-ICE2 3.1.4.8.2
  return t;
}

constexpr CrcTable kAlternate = make_alternate();

std::uint32_t update(const CrcTable& table, std::uint32_t c, std::span<const std::uint8_t> bytes) {
  for (std::uint8_t b : bytes) c = table[(c ^ b) & 0xFFu] ^ (c >> 8);
  return c;
}

}  // namespace

const char* to_string(FingerprintTable t) {
  return t == FingerprintTable::Standard ? "standard" : "ms-ice2-alternate";
}

const CrcTable& crc_table(FingerprintTable t) {
  return t == FingerprintTable::Standard ? kStandard : kAlternate;
}

std::uint32_t crc32_with(FingerprintTable t, std::span<const std::uint8_t> head,
                         std::span<const std::uint8_t> tail) {
  const CrcTable& table = crc_table(t);
  std::uint32_t c = 0xFFFFFFFFu;
  c = update(table, c, head);
  c = update(table, c, tail);
  return c ^ 0xFFFFFFFFu;
}

}  // namespace natlab::stun
