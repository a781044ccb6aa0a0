#include "agents/stun/mac.h"

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>
#include <zlib.h>

#include <cstdlib>
#include <memory>

namespace natlab::stun::detail {
namespace {

// Fetching the algorithm is the expensive part of an OpenSSL 3 MAC; do it once.
EVP_MAC* hmac_algorithm() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, "HMAC", nullptr);
  return mac;
}

struct CtxFree {
  void operator()(EVP_MAC_CTX* c) const { EVP_MAC_CTX_free(c); }
};

}  // namespace

Sha1Digest hmac_sha1(std::span<const std::uint8_t> key, std::span<const std::uint8_t> head,
                     std::span<const std::uint8_t> tail) {
  std::unique_ptr<EVP_MAC_CTX, CtxFree> ctx(EVP_MAC_CTX_new(hmac_algorithm()));
  char digest[] = "SHA1";
  const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, digest, 0),
                               OSSL_PARAM_construct_end()};
  // HMAC zero-pads the key to the block size, so the empty key and a single zero
  // byte give the same MAC; OpenSSL refuses a zero-length key.
  static const std::uint8_t zero = 0;
  const std::uint8_t* k = key.empty() ? &zero : key.data();
  const std::size_t klen = key.empty() ? 1 : key.size();
  Sha1Digest out{};
  std::size_t outlen = 0;
  // A failure here means the OpenSSL installation has no SHA-1: nothing to recover.
  if (!ctx || !EVP_MAC_init(ctx.get(), k, klen, params) || (!head.empty() && !EVP_MAC_update(ctx.get(), head.data(), head.size())) ||
      (!tail.empty() && !EVP_MAC_update(ctx.get(), tail.data(), tail.size())) ||
      !EVP_MAC_final(ctx.get(), out.data(), &outlen, out.size()) || outlen != out.size())
    std::abort();
  return out;
}

std::uint32_t crc32(std::span<const std::uint8_t> head, std::span<const std::uint8_t> tail) {
  // zlib returns the initial value, not the running CRC, for a null buffer.
  uLong c = ::crc32(0L, Z_NULL, 0);
  if (!head.empty()) c = ::crc32_z(c, head.data(), head.size());
  if (!tail.empty()) c = ::crc32_z(c, tail.data(), tail.size());
  return static_cast<std::uint32_t>(c);
}

}  // namespace natlab::stun::detail
