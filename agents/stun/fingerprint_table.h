#pragma once
// The CRC-32 lookup tables a FINGERPRINT can be computed with.
//
// RFC 5389 15.5 uses the CRC-32 of ITU V.42 / ISO 3309 (the table zlib uses).
// MS-ICE2 3.1.4.8.2 lists a second table, "to interoperate with
// implementations that used the CRC lookup table": it differs from the
// standard one in a single entry, index 0x5A, which holds 0x08BBE8EA instead
// of 0x8BBEB8EA. A message whose running CRC never indexes that entry gets the
// same FINGERPRINT from both tables; one that does gets a different value,
// which an RFC 5389 receiver rejects (7.3, 15.5).
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace natlab::stun {

enum class FingerprintTable : std::uint8_t { Standard, MsIce2Alternate };
const char* to_string(FingerprintTable t);  // "standard", "ms-ice2-alternate"

using CrcTable = std::array<std::uint32_t, 256>;
const CrcTable& crc_table(FingerprintTable t);

// Where the two tables differ, and the two values (MS-ICE2 3.1.4.8.2).
constexpr std::size_t kMsIce2AlternateIndex = 0x5A;
constexpr std::uint32_t kStandardEntry5A = 0x8BBEB8EA;
constexpr std::uint32_t kMsIce2AlternateEntry5A = 0x08BBE8EA;

// CRC-32 (reflected, initial and final XOR 0xFFFFFFFF) of head || tail with
// table `t`; with Standard it equals zlib's crc32.
std::uint32_t crc32_with(FingerprintTable t, std::span<const std::uint8_t> head,
                         std::span<const std::uint8_t> tail = {});

}  // namespace natlab::stun
