#pragma once
// HMAC-SHA1 and CRC-32 over a message whose header is patched: MESSAGE-INTEGRITY
// and FINGERPRINT are computed with an adjusted length field (RFC 5389 15.4,
// 15.5), so both take the 20-byte header separately from the rest and never
// copy the datagram. Internal to agents/stun.
#include <array>
#include <cstdint>
#include <span>

namespace natlab::stun::detail {

using Sha1Digest = std::array<std::uint8_t, 20>;

// HMAC-SHA1(key, head || tail).
Sha1Digest hmac_sha1(std::span<const std::uint8_t> key, std::span<const std::uint8_t> head,
                     std::span<const std::uint8_t> tail = {});
// zlib's CRC-32 of head || tail.
std::uint32_t crc32(std::span<const std::uint8_t> head, std::span<const std::uint8_t> tail = {});

}  // namespace natlab::stun::detail
