#pragma once
// ICE short-term credentials: ufrag and password (RFC 5245 15.4).
#include <cstddef>
#include <string>
#include <string_view>

#include "common/rng.h"

namespace natlab::ice {

// RFC 5245 15.1: ice-char = ALPHA / DIGIT / "+" / "/"
bool is_ice_char(char c);
bool is_ice_string(std::string_view s, std::size_t min_len, std::size_t max_len);

// RFC 5245 15.4: "The ice-ufrag attribute MUST contain at least 24 bits of
// randomness, and the ice-pwd attribute MUST contain at least 128 bits of
// randomness." ufrag = 4*256ice-char, password = 22*256ice-char; each ice-char
// drawn uniformly carries 6 bits, so 4 and 22 characters are the minimum.
constexpr std::size_t kUfragMinLength = 4;
constexpr std::size_t kPasswordMinLength = 22;
constexpr std::size_t kCredentialMaxLength = 256;

struct Credentials {
  std::string ufrag;
  std::string pwd;
  bool operator==(const Credentials&) const = default;
};

// `length` ice-chars drawn uniformly from the 64-character alphabet.
std::string random_ice_string(Rng& rng, std::size_t length);
Credentials random_credentials(Rng& rng, std::size_t ufrag_length = 8,
                               std::size_t pwd_length = 24);

}  // namespace natlab::ice
