#pragma once
// MESSAGE-INTEGRITY (RFC 5389 15.4) and FINGERPRINT (15.5) over raw bytes:
// both are defined over the exact bytes on the wire, so verification takes the
// datagram, not a decoded Message.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "agents/stun/message.h"

namespace natlab::stun {

// RFC 4013 SASLprep via libidn; nullopt if the string is prohibited.
std::optional<std::string> saslprep(std::string_view in);

// Short-term credentials (RFC 5389 15.4): key = SASLprep(password).
IntegrityKey short_term_key(std::string_view password);
// Long-term credentials: key = MD5(username ":" realm ":" SASLprep(password)).
IntegrityKey long_term_key(std::string_view username, std::string_view realm, std::string_view password);

enum class IntegrityCheck { Valid, Missing, Invalid };
// Verifies the first MESSAGE-INTEGRITY of a datagram that decode() accepted.
IntegrityCheck check_integrity(std::span<const std::uint8_t> datagram, const IntegrityKey& key);
enum class FingerprintCheck { Valid, Missing, Invalid };
constexpr std::uint32_t kFingerprintXor = 0x5354554E;  // RFC 5389 15.5
FingerprintCheck check_fingerprint(std::span<const std::uint8_t> datagram);

// The 32-bit FINGERPRINT value for the first `len` bytes of a message whose
// header length already counts the FINGERPRINT attribute.
std::uint32_t fingerprint_value(std::span<const std::uint8_t> prefix);

}  // namespace natlab::stun
