// Text attributes and ERROR-CODE / UNKNOWN-ATTRIBUTES (RFC 5389 15.3, 15.6-15.10).
#include "agents/stun/attribute_codec.h"
#include "agents/stun/attributes.h"
#include "agents/stun/byte_io.h"

namespace natlab::stun {
namespace detail {

bool text_valid(std::span<const std::uint8_t> v, std::size_t max_bytes, std::size_t max_chars) {
  if (v.size() > max_bytes) return false;
  std::size_t chars = 0;
  for (std::size_t i = 0; i < v.size(); ++chars) {
    const std::uint8_t b = v[i];
    std::size_t n = 0;
    std::uint32_t cp = 0;
    if (b < 0x80) { n = 1; cp = b; }
    else if ((b & 0xE0) == 0xC0) { n = 2; cp = b & 0x1Fu; }
    else if ((b & 0xF0) == 0xE0) { n = 3; cp = b & 0x0Fu; }
    else if ((b & 0xF8) == 0xF0) { n = 4; cp = b & 0x07u; }
    else return false;
    if (n > v.size() - i) return false;
    for (std::size_t k = 1; k < n; ++k) {
      if ((v[i + k] & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (v[i + k] & 0x3Fu);
    }
    // RFC 3629 3: no overlong forms, no surrogates, nothing above U+10FFFF.
    static constexpr std::uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[n] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
    i += n;
  }
  return chars <= max_chars;
}

bool error_code_valid(std::span<const std::uint8_t> v) {
  if (v.size() < 4) return false;
  // RFC 5389 15.6: class 3-6, number 0-99; the 21 reserved bits are ignored.
  const unsigned cls = v[2] & 0x07u;
  if (cls < 3 || cls > 6 || v[3] > 99) return false;
  return text_valid(v.subspan(4), kMaxTextBytes, kMaxTextChars);
}

}  // namespace detail

namespace {
std::vector<std::uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }
std::string string_of(std::span<const std::uint8_t> v) { return {v.begin(), v.end()}; }
}  // namespace

#define NATLAB_TEXT_ATTR(Name, MaxBytes, MaxChars)                                                   \
  std::vector<std::uint8_t> Name::encode_value(const TransactionId&) const { return bytes_of(value); } \
  std::optional<Name> Name::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {    \
    if (!detail::text_valid(v, MaxBytes, MaxChars)) return std::nullopt;                             \
    return Name{string_of(v)};                                                                       \
  }

NATLAB_TEXT_ATTR(Username, detail::kMaxUsernameBytes, detail::kMaxUsernameBytes)
NATLAB_TEXT_ATTR(Realm, detail::kMaxTextBytes, detail::kMaxTextChars)
NATLAB_TEXT_ATTR(Nonce, detail::kMaxTextBytes, detail::kMaxTextChars)
NATLAB_TEXT_ATTR(Software, detail::kMaxTextBytes, detail::kMaxTextChars)

#undef NATLAB_TEXT_ATTR

std::vector<std::uint8_t> ErrorCode::encode_value(const TransactionId&) const {
  // Built by reserve + push_back: GCC 12 misreports an initializer list followed
  // by insert() as out of bounds (-Warray-bounds).
  std::vector<std::uint8_t> out;
  out.reserve(4 + reason.size());
  detail::append_u16(out, 0);
  out.push_back(static_cast<std::uint8_t>((code / 100) & 0x07));
  out.push_back(static_cast<std::uint8_t>(code % 100));
  out.insert(out.end(), reason.begin(), reason.end());
  return out;
}
std::optional<ErrorCode> ErrorCode::decode_value(std::span<const std::uint8_t> v, const TransactionId&) {
  if (!detail::error_code_valid(v)) return std::nullopt;
  return ErrorCode{(v[2] & 0x07) * 100 + v[3], string_of(v.subspan(4))};
}

std::vector<std::uint8_t> UnknownAttributes::encode_value(const TransactionId&) const {
  std::vector<std::uint8_t> out;
  out.reserve(types.size() * 2);
  for (auto t : types) detail::append_u16(out, t);
  return out;
}
std::optional<UnknownAttributes> UnknownAttributes::decode_value(std::span<const std::uint8_t> v,
                                                                 const TransactionId&) {
  if (v.size() % 2 != 0) return std::nullopt;  // RFC 5389 15.9: a list of 16-bit types
  UnknownAttributes u;
  for (std::size_t i = 0; i < v.size(); i += 2) u.types.push_back(detail::load_u16(v.data() + i));
  return u;
}

}  // namespace natlab::stun
