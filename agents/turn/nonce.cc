#include "agents/turn/nonce.h"

#include <cstdint>
#include <cstdio>

#include "agents/stun/integrity.h"

namespace natlab::turn {
namespace {

std::string hex64(std::uint64_t v) {
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
  return buf;
}

std::optional<std::uint64_t> parse_hex64(std::string_view s) {
  if (s.size() != 16) return std::nullopt;
  std::uint64_t v = 0;
  for (char c : s) {
    int d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else return std::nullopt;
    v = (v << 4) | static_cast<std::uint64_t>(d);
  }
  return v;
}

constexpr std::size_t kPart = 16;  // hex digits per field: expiry, salt, digest

}  // namespace

NonceIssuer::NonceIssuer(Rng& rng, Duration lifetime)
    : key_(hex64(rng.next_u64()) + hex64(rng.next_u64())), lifetime_(lifetime) {}

std::string NonceIssuer::digest(std::string_view body) const {
  // A keyed MD5 through the codec's long-term key derivation, which is
  // MD5(key ":" "nonce" ":" body): enough to tell our nonces from forged
  // ones in a simulator, without a crypto dependency of our own.
  const auto d = stun::long_term_key(key_, "nonce", body);
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < 8 && i < d.size(); ++i) v = (v << 8) | d[i];
  return hex64(v);
}

std::string NonceIssuer::issue(Time now, Rng& rng) const {
  const auto expiry = static_cast<std::uint64_t>((now + lifetime_).count());
  std::string body = hex64(expiry) + hex64(rng.next_u64());
  return body + digest(body);
}

bool NonceIssuer::valid(std::string_view nonce, Time now) const {
  if (nonce.size() != 3 * kPart) return false;
  const std::string_view body = nonce.substr(0, 2 * kPart);
  if (digest(body) != nonce.substr(2 * kPart)) return false;
  auto expiry = parse_hex64(body.substr(0, kPart));
  if (!expiry) return false;
  return static_cast<std::uint64_t>(now.count()) < *expiry;
}

}  // namespace natlab::turn
