#pragma once
// MESSAGE-INTEGRITY (RFC 5389 15.4) and FINGERPRINT (15.5) over raw bytes:
// both are defined over the exact bytes on the wire, so verification takes the
// datagram, not a decoded Message.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "agents/stun/fingerprint_table.h"
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
std::uint32_t fingerprint_value(std::span<const std::uint8_t> prefix,
                                FingerprintTable table = FingerprintTable::Standard);

// Which table a datagram's FINGERPRINT matches. Standard wins when both do
// (the message is valid under RFC 5389 15.5 either way); `tables_agree` says
// so, since then the bytes cannot tell which table the sender used.
enum class FingerprintMatch : std::uint8_t { Missing, Standard, Alternate, None };
const char* to_string(FingerprintMatch m);  // "missing", "standard", "ms-ice2-alternate", "none"
struct FingerprintVerification {
  FingerprintMatch match = FingerprintMatch::Missing;
  bool tables_agree = false;
};
FingerprintVerification verify_fingerprint(std::span<const std::uint8_t> datagram);

// A copy of `datagram` whose FINGERPRINT is recomputed with `table` (the
// MS-ICE2 3.1.4.8.2 duplicate of a check); unchanged without FINGERPRINT.
std::vector<std::uint8_t> with_fingerprint_table(std::span<const std::uint8_t> datagram,
                                                 FingerprintTable table);

}  // namespace natlab::stun
