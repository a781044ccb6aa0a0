#pragma once
// Value checks shared by the typed attribute decoders and by
// attribute_value_valid(), so that decode() validates without allocating.
// Internal to agents/stun.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "agents/stun/message.h"
#include "common/ip.h"

namespace natlab::stun::detail {

// RFC 5389 15.1 / 15.2 address value; `xor_with` set for the XOR- variants.
std::vector<std::uint8_t> encode_address(const Endpoint& ep, const TransactionId* xor_with);
std::optional<Endpoint> decode_address(std::span<const std::uint8_t> v, const TransactionId* xor_with);
bool address_valid(std::span<const std::uint8_t> v);

// Well-formed UTF-8 (RFC 3629) of at most max_bytes bytes and max_chars characters.
bool text_valid(std::span<const std::uint8_t> v, std::size_t max_bytes, std::size_t max_chars);
// RFC 5389 15.3: USERNAME less than 513 bytes.
constexpr std::size_t kMaxUsernameBytes = 512;
// RFC 5389 15.6-15.10: REALM, NONCE, SOFTWARE, reason phrase less than 128
// characters, which can be as long as 763 bytes.
constexpr std::size_t kMaxTextChars = 127;
constexpr std::size_t kMaxTextBytes = 763;

bool error_code_valid(std::span<const std::uint8_t> v);

}  // namespace natlab::stun::detail
