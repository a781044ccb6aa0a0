#include "agents/ice/credentials.h"

#include <algorithm>

namespace natlab::ice {

namespace {
constexpr std::string_view kIceChars =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
}

bool is_ice_char(char c) { return kIceChars.find(c) != std::string_view::npos; }

bool is_ice_string(std::string_view s, std::size_t min_len, std::size_t max_len) {
  return s.size() >= min_len && s.size() <= max_len && std::all_of(s.begin(), s.end(), is_ice_char);
}

std::string random_ice_string(Rng& rng, std::size_t length) {
  std::string out;
  out.reserve(length);
  for (std::size_t i = 0; i < length; ++i) out.push_back(kIceChars[rng.uniform(0, 63)]);
  return out;
}

Credentials random_credentials(Rng& rng, std::size_t ufrag_length, std::size_t pwd_length) {
  ufrag_length = std::max(ufrag_length, kUfragMinLength);
  pwd_length = std::max(pwd_length, kPasswordMinLength);
  Credentials c;
  c.ufrag = random_ice_string(rng, ufrag_length);
  c.pwd = random_ice_string(rng, pwd_length);
  return c;
}

}  // namespace natlab::ice
