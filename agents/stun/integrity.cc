// Credentials and the two trailer checks (RFC 5389 15.4, 15.5).
#include "agents/stun/integrity.h"

#include <idn-free.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <stringprep.h>

#include <algorithm>
#include <cstdlib>

#include "agents/stun/attributes.h"
#include "agents/stun/byte_io.h"
#include "agents/stun/mac.h"

namespace natlab::stun {

using detail::load_u16;
using detail::load_u32;
using detail::padded_size;

std::optional<std::string> saslprep(std::string_view in) {
  // libidn takes a C string; an embedded NUL is a control character, which
  // RFC 4013 2.3 prohibits anyway.
  if (in.find('\0') != std::string_view::npos) return std::nullopt;
  const std::string s(in);
  char* out = nullptr;
  // Flags 0: the "query" profile, unassigned code points allowed (RFC 4013 2.5).
  const int rc = stringprep_profile(s.c_str(), &out, "SASLprep", static_cast<Stringprep_profile_flags>(0));
  if (rc != STRINGPREP_OK || out == nullptr) {
    if (out) idn_free(out);
    return std::nullopt;
  }
  std::string result(out);
  idn_free(out);
  return result;
}

namespace {
// A password SASLprep prohibits has no RFC key; using its bytes unchanged keeps
// us interoperable with peers that skip SASLprep rather than failing outright.
std::string prepped_or_raw(std::string_view password) {
  auto p = saslprep(password);
  return p ? *p : std::string(password);
}
}  // namespace

IntegrityKey short_term_key(std::string_view password) {
  const std::string p = prepped_or_raw(password);  // RFC 5389 15.4: key = SASLprep(password)
  return IntegrityKey(p.begin(), p.end());
}

IntegrityKey long_term_key(std::string_view username, std::string_view realm, std::string_view password) {
  // RFC 5389 15.4: key = MD5(username ":" realm ":" SASLprep(password))
  std::string input;
  input.append(username).append(":").append(realm).append(":").append(prepped_or_raw(password));
  IntegrityKey key(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  if (!EVP_Digest(input.data(), input.size(), key.data(), &len, EVP_md5(), nullptr)) std::abort();
  key.resize(len);
  return key;
}

namespace {

// Offset of the first attribute of `type` in a datagram, walking only as far as
// the bytes go (the datagram need not have passed decode()).
std::optional<std::size_t> find_attribute(std::span<const std::uint8_t> d, std::uint16_t type) {
  if (d.size() < kHeaderSize) return std::nullopt;
  std::size_t pos = kHeaderSize;
  while (d.size() - pos >= 4) {
    const std::size_t alen = load_u16(d.data() + pos + 2);
    if (alen > d.size() - pos - 4) return std::nullopt;
    if (load_u16(d.data() + pos) == type) return pos;
    pos += 4 + std::min(padded_size(alen), d.size() - pos - 4);
  }
  return std::nullopt;
}

// The header with its length field rewritten to end `trailer` bytes after `at`.
std::array<std::uint8_t, kHeaderSize> patched_header(std::span<const std::uint8_t> d, std::size_t at,
                                                     std::size_t trailer) {
  std::array<std::uint8_t, kHeaderSize> h{};
  std::copy_n(d.begin(), kHeaderSize, h.begin());
  detail::store_u16(h.data() + 2, static_cast<std::uint16_t>(at - kHeaderSize + trailer));
  return h;
}

}  // namespace

IntegrityCheck check_integrity(std::span<const std::uint8_t> datagram, const IntegrityKey& key) {
  const auto at = find_attribute(datagram, attr::MessageIntegrity);
  if (!at) return IntegrityCheck::Missing;
  if (load_u16(datagram.data() + *at + 2) != 20) return IntegrityCheck::Invalid;
  // RFC 5389 15.4: HMAC over the bytes before MESSAGE-INTEGRITY, with the header
  // length counting up to the end of MESSAGE-INTEGRITY, whatever follows it.
  const auto header = patched_header(datagram, *at, 24);
  const auto mac = detail::hmac_sha1(key, header, datagram.subspan(kHeaderSize, *at - kHeaderSize));
  const bool same = CRYPTO_memcmp(mac.data(), datagram.data() + *at + 4, mac.size()) == 0;
  return same ? IntegrityCheck::Valid : IntegrityCheck::Invalid;
}

namespace {

// The CRC-32 over the bytes before FINGERPRINT at `at`, the header length
// counting FINGERPRINT, XOR 0x5354554E (RFC 5389 15.5), with `table`.
std::uint32_t fingerprint_at(std::span<const std::uint8_t> datagram, std::size_t at, FingerprintTable table) {
  const auto header = patched_header(datagram, at, 8);
  const auto body = datagram.subspan(kHeaderSize, at - kHeaderSize);
  const std::uint32_t crc =
      table == FingerprintTable::Standard ? detail::crc32(header, body) : crc32_with(table, header, body);
  return crc ^ kFingerprintXor;
}

}  // namespace

FingerprintCheck check_fingerprint(std::span<const std::uint8_t> datagram) {
  const auto at = find_attribute(datagram, attr::Fingerprint);
  if (!at) return FingerprintCheck::Missing;
  if (load_u16(datagram.data() + *at + 2) != 4) return FingerprintCheck::Invalid;
  // RFC 5389 15.5: CRC-32 over the bytes before FINGERPRINT, the header length
  // counting FINGERPRINT, XOR 0x5354554E.
  const std::uint32_t fp = fingerprint_at(datagram, *at, FingerprintTable::Standard);
  return fp == load_u32(datagram.data() + *at + 4) ? FingerprintCheck::Valid : FingerprintCheck::Invalid;
}

std::uint32_t fingerprint_value(std::span<const std::uint8_t> prefix, FingerprintTable table) {
  if (table == FingerprintTable::Standard) return detail::crc32(prefix) ^ kFingerprintXor;  // RFC 5389 15.5
  return crc32_with(table, prefix) ^ kFingerprintXor;  // MS-ICE2 3.1.4.8.2
}

const char* to_string(FingerprintMatch m) {
  switch (m) {
    case FingerprintMatch::Missing: return "missing";
    case FingerprintMatch::Standard: return "standard";
    case FingerprintMatch::Alternate: return "ms-ice2-alternate";
    case FingerprintMatch::None: return "none";
  }
  return "?";
}

FingerprintVerification verify_fingerprint(std::span<const std::uint8_t> datagram) {
  FingerprintVerification v;
  const auto at = find_attribute(datagram, attr::Fingerprint);
  if (!at) return v;
  v.match = FingerprintMatch::None;
  if (load_u16(datagram.data() + *at + 2) != 4) return v;
  const std::uint32_t carried = load_u32(datagram.data() + *at + 4);
  const std::uint32_t standard = fingerprint_at(datagram, *at, FingerprintTable::Standard);
  const std::uint32_t alternate = fingerprint_at(datagram, *at, FingerprintTable::MsIce2Alternate);
  v.tables_agree = standard == alternate;
  if (carried == standard) v.match = FingerprintMatch::Standard;
  else if (carried == alternate) v.match = FingerprintMatch::Alternate;
  return v;
}

std::vector<std::uint8_t> with_fingerprint_table(std::span<const std::uint8_t> datagram,
                                                 FingerprintTable table) {
  std::vector<std::uint8_t> out(datagram.begin(), datagram.end());
  const auto at = find_attribute(datagram, attr::Fingerprint);
  if (!at || load_u16(datagram.data() + *at + 2) != 4) return out;
  detail::store_u32(out.data() + *at + 4, fingerprint_at(datagram, *at, table));
  return out;
}

}  // namespace natlab::stun
