// STUN header and attribute framing (RFC 5389 6 and 15).
#include "agents/stun/message.h"

#include <algorithm>

#include "agents/stun/attributes.h"
#include "agents/stun/byte_io.h"
#include "agents/stun/integrity.h"
#include "agents/stun/mac.h"

namespace natlab::stun {

using detail::append_u16;
using detail::append_u32;
using detail::load_u16;
using detail::load_u32;
using detail::padded_size;
using detail::store_u16;

const RawAttribute* Message::find(std::uint16_t type) const {
  for (const auto& a : attributes)
    if (a.type == type) return &a;
  return nullptr;
}

// RFC 5389 6, figure 3: M11..M7 C1 M6..M4 C0 M3..M0.
std::uint16_t message_type(Class c, std::uint16_t method) {
  const unsigned m = method & 0x0FFFu;
  const unsigned cls = static_cast<unsigned>(c);
  return static_cast<std::uint16_t>(((m & 0xF80u) << 2) | ((m & 0x070u) << 1) | (m & 0x00Fu) |
                                    ((cls & 2u) << 7) | ((cls & 1u) << 4));
}
Class class_of(std::uint16_t type) {
  return static_cast<Class>(((type >> 7) & 2u) | ((type >> 4) & 1u));
}
std::uint16_t method_of(std::uint16_t type) {
  return static_cast<std::uint16_t>(((type >> 2) & 0xF80u) | ((type >> 1) & 0x070u) | (type & 0x00Fu));
}

const char* to_string(DecodeError e) {
  switch (e) {
    case DecodeError::TooShort: return "TooShort";
    case DecodeError::NotStun: return "NotStun";
    case DecodeError::BadMagicCookie: return "BadMagicCookie";
    case DecodeError::LengthNotMultipleOf4: return "LengthNotMultipleOf4";
    case DecodeError::LengthMismatch: return "LengthMismatch";
    case DecodeError::TruncatedAttribute: return "TruncatedAttribute";
    case DecodeError::BadAttributeValue: return "BadAttributeValue";
    case DecodeError::AttributeAfterFingerprint: return "AttributeAfterFingerprint";
    case DecodeError::AttributeAfterIntegrity: return "AttributeAfterIntegrity";
  }
  return "?";
}

namespace {

DecodeResult fail(DecodeError e) { return DecodeResult{std::nullopt, e}; }

// The checks shared by decode() and looks_like_stun(); nullopt when they pass.
std::optional<DecodeError> check_header(std::span<const std::uint8_t> b) {
  if (b.size() < kHeaderSize) return DecodeError::TooShort;
  if (b[0] & 0xC0) return DecodeError::NotStun;  // RFC 5389 6: two most significant bits zero
  if (load_u32(b.data() + 4) != kMagicCookie) return DecodeError::BadMagicCookie;
  const std::size_t len = load_u16(b.data() + 2);
  if (len % 4 != 0) return DecodeError::LengthNotMultipleOf4;  // RFC 5389 6: attributes are 4-aligned
  if (len != b.size() - kHeaderSize) return DecodeError::LengthMismatch;
  return std::nullopt;
}

void append_header(std::vector<std::uint8_t>& out, const Message& m) {
  append_u16(out, message_type(m.cls, m.method));
  append_u16(out, 0);  // length, patched once the body is known
  append_u32(out, kMagicCookie);
  out.insert(out.end(), m.transaction_id.begin(), m.transaction_id.end());
}

void append_attribute(std::vector<std::uint8_t>& out, const RawAttribute& a) {
  append_u16(out, a.type);
  append_u16(out, static_cast<std::uint16_t>(a.value.size()));
  out.insert(out.end(), a.value.begin(), a.value.end());
  const std::size_t pad = padded_size(a.value.size()) - a.value.size();
  if (a.padding.size() == pad)
    out.insert(out.end(), a.padding.begin(), a.padding.end());
  else
    out.insert(out.end(), pad, 0);
}

// Header length counts everything after the 20-byte header.
void set_length(std::vector<std::uint8_t>& out) {
  store_u16(out.data() + 2, static_cast<std::uint16_t>(out.size() - kHeaderSize));
}

std::size_t encoded_size(const Message& m) {
  std::size_t n = kHeaderSize;
  for (const auto& a : m.attributes) n += 4 + padded_size(a.value.size());
  return n;
}

}  // namespace

DecodeResult decode(std::span<const std::uint8_t> bytes) {
  if (auto e = check_header(bytes)) return fail(*e);
  const std::uint16_t type = load_u16(bytes.data());
  Message m;
  m.cls = class_of(type);
  m.method = method_of(type);
  std::copy_n(bytes.begin() + 8, m.transaction_id.size(), m.transaction_id.begin());

  bool seen_integrity = false;
  bool seen_fingerprint = false;
  std::size_t pos = kHeaderSize;
  const std::size_t end = bytes.size();
  while (pos < end) {
    if (end - pos < 4) return fail(DecodeError::TruncatedAttribute);
    const std::uint16_t at = load_u16(bytes.data() + pos);
    const std::size_t alen = load_u16(bytes.data() + pos + 2);
    if (alen > end - pos - 4) return fail(DecodeError::TruncatedAttribute);
    // RFC 5389 15.5: FINGERPRINT is last. RFC 5389 15.4: only FINGERPRINT may
    // follow MESSAGE-INTEGRITY. The RFC has receivers ignore what follows; natlab
    // rejects it instead, so a decoded message always re-encodes to its bytes.
    if (seen_fingerprint) return fail(DecodeError::AttributeAfterFingerprint);
    if (seen_integrity && at != attr::Fingerprint) return fail(DecodeError::AttributeAfterIntegrity);
    const auto value = bytes.subspan(pos + 4, alen);
    if (!attribute_value_valid(at, value, m.transaction_id)) return fail(DecodeError::BadAttributeValue);

    RawAttribute raw{at, std::vector<std::uint8_t>(value.begin(), value.end())};
    // Padding fits: end - pos - 4 is a multiple of 4 and at least alen.
    const auto pad = bytes.subspan(pos + 4 + alen, padded_size(alen) - alen);
    if (std::any_of(pad.begin(), pad.end(), [](std::uint8_t b) { return b != 0; }))
      raw.padding.assign(pad.begin(), pad.end());
    m.attributes.push_back(std::move(raw));

    seen_integrity = seen_integrity || at == attr::MessageIntegrity;
    seen_fingerprint = seen_fingerprint || at == attr::Fingerprint;
    pos += 4 + padded_size(alen);
  }
  return DecodeResult{std::move(m), DecodeError::TooShort};
}

bool looks_like_stun(std::span<const std::uint8_t> bytes) { return !check_header(bytes).has_value(); }

std::vector<std::uint8_t> encode(const Message& m) {
  std::vector<std::uint8_t> out;
  out.reserve(encoded_size(m));
  append_header(out, m);
  for (const auto& a : m.attributes) append_attribute(out, a);
  set_length(out);
  return out;
}

std::vector<std::uint8_t> encode(const Message& m, const EncodeOptions& opts) {
  std::vector<std::uint8_t> out;
  out.reserve(encoded_size(m) + 24 + 8);
  append_header(out, m);
  for (const auto& a : m.attributes)
    if (a.type != attr::MessageIntegrity && a.type != attr::Fingerprint) append_attribute(out, a);

  if (opts.integrity) {
    // RFC 5389 15.4: the HMAC covers the message up to MESSAGE-INTEGRITY, with
    // the header length already counting MESSAGE-INTEGRITY (4 + 20 bytes).
    store_u16(out.data() + 2, static_cast<std::uint16_t>(out.size() - kHeaderSize + 24));
    const auto mac = detail::hmac_sha1(*opts.integrity, out);
    append_u16(out, attr::MessageIntegrity);
    append_u16(out, static_cast<std::uint16_t>(mac.size()));
    out.insert(out.end(), mac.begin(), mac.end());
  }
  if (opts.fingerprint) {
    // RFC 5389 15.5: CRC-32 over the message up to FINGERPRINT, the header
    // length already counting FINGERPRINT (4 + 4 bytes).
    store_u16(out.data() + 2, static_cast<std::uint16_t>(out.size() - kHeaderSize + 8));
    const std::uint32_t fp = fingerprint_value(out, opts.fingerprint_table);
    append_u16(out, attr::Fingerprint);
    append_u16(out, 4);
    append_u32(out, fp);
  }
  set_length(out);
  return out;
}

}  // namespace natlab::stun
