#pragma once
// STUN message (RFC 5389 section 6) as a value: header fields plus the ordered
// list of attributes exactly as they travel. Attributes are kept raw so that
// decode(encode(m)) == m and a decoded message re-encodes byte for byte; typed
// views of each known attribute live in attributes.h.
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "agents/stun/fingerprint_table.h"

namespace natlab::stun {

constexpr std::uint32_t kMagicCookie = 0x2112A442;  // RFC 5389 6
constexpr std::size_t kHeaderSize = 20;

enum class Class : std::uint8_t { Request = 0, Indication = 1, Success = 2, Error = 3 };

// Methods (RFC 5389 18.1, RFC 5766 13)
enum class Method : std::uint16_t {
  Binding = 0x001,
  Allocate = 0x003,
  Refresh = 0x004,
  Send = 0x006,
  Data = 0x007,
  CreatePermission = 0x008,
  ChannelBind = 0x009,
};

using TransactionId = std::array<std::uint8_t, 12>;

struct RawAttribute {
  std::uint16_t type = 0;
  std::vector<std::uint8_t> value;  // without padding
  // Padding bytes as received, kept only when not all zero: receivers ignore
  // their content (RFC 5389 15) but RFC 5769 pads with spaces, and MESSAGE-
  // INTEGRITY / FINGERPRINT cover them, so byte-exact re-encoding needs them.
  // Empty means zeros; used by encode() only when its size is the padding size.
  // Has an initializer so that RawAttribute{type, value} stays warning-free.
  std::vector<std::uint8_t> padding{};
  bool operator==(const RawAttribute&) const = default;
};

// RFC 5389 15: 0x0000-0x7FFF comprehension-required, 0x8000-0xFFFF optional.
constexpr bool comprehension_required(std::uint16_t type) { return type < 0x8000; }

struct Message {
  Class cls = Class::Request;
  std::uint16_t method = static_cast<std::uint16_t>(Method::Binding);  // 12 bits
  TransactionId transaction_id{};
  std::vector<RawAttribute> attributes;

  bool operator==(const Message&) const = default;

  Method method_enum() const { return static_cast<Method>(method); }
  const RawAttribute* find(std::uint16_t type) const;  // first occurrence
  // Adds a typed attribute (see attributes.h): m.add(XorMappedAddress{ep}).
  template <class A>
  Message& add(const A& a) {
    attributes.push_back(RawAttribute{A::kType, a.encode_value(transaction_id)});
    return *this;
  }
  // First occurrence of a typed attribute, if present and well-formed.
  template <class A>
  std::optional<A> get() const {
    const RawAttribute* r = find(A::kType);
    if (!r) return std::nullopt;
    return A::decode_value(r->value, transaction_id);
  }
};

// 14-bit message type from class and method (RFC 5389 6, figure 3) and back.
std::uint16_t message_type(Class c, std::uint16_t method);
Class class_of(std::uint16_t type);
std::uint16_t method_of(std::uint16_t type);

enum class DecodeError {
  TooShort,            // fewer than 20 bytes
  NotStun,             // top two bits not zero
  BadMagicCookie,
  LengthNotMultipleOf4,
  LengthMismatch,      // header length != bytes after the header
  TruncatedAttribute,  // attribute header or value runs past the end
  BadAttributeValue,   // a known attribute whose value is malformed
  AttributeAfterFingerprint,
  AttributeAfterIntegrity,  // other than FINGERPRINT (RFC 5389 15.4)
};
const char* to_string(DecodeError e);

struct DecodeResult {
  std::optional<Message> message;
  DecodeError error = DecodeError::TooShort;  // meaningful when !message
  explicit operator bool() const { return message.has_value(); }
};

// Total: any byte string gives a Message or a DecodeError; never reads out of
// bounds. Known attributes are validated; unknown ones are kept as raw bytes.
DecodeResult decode(std::span<const std::uint8_t> bytes);

// Cheap check used for demultiplexing (RFC 5389 7.3 / RFC 7983): 20+ bytes,
// top two bits zero, magic cookie present, length consistent.
bool looks_like_stun(std::span<const std::uint8_t> bytes);

// Writes the header and the attributes as they are (MESSAGE-INTEGRITY and
// FINGERPRINT included verbatim if present): re-encoding a decoded message
// reproduces its bytes.
std::vector<std::uint8_t> encode(const Message& m);

// Key for MESSAGE-INTEGRITY (RFC 5389 15.4), see integrity.h for derivation.
using IntegrityKey = std::vector<std::uint8_t>;

struct EncodeOptions {
  std::optional<IntegrityKey> integrity;  // append MESSAGE-INTEGRITY with this key
  bool fingerprint = false;               // append FINGERPRINT last
  // RFC 5389 15.5's CRC-32 table, or MS-ICE2 3.1.4.8.2's alternate one.
  FingerprintTable fingerprint_table = FingerprintTable::Standard;
};
// Drops any MESSAGE-INTEGRITY / FINGERPRINT in m, then appends fresh ones.
std::vector<std::uint8_t> encode(const Message& m, const EncodeOptions& opts);

}  // namespace natlab::stun
