#pragma once
// Stateless NONCE values for the long-term credential mechanism (RFC 5389
// 10.2): each nonce carries its own expiry time and a keyed digest of it, so
// the server keeps no table of issued nonces and a nonce it never issued (or
// one that was altered) is simply "no longer valid" (438).
#include <string>
#include <string_view>

#include "common/rng.h"
#include "common/time.h"

namespace natlab::turn {

class NonceIssuer {
 public:
  // The key is drawn from `rng`, so the same seed gives the same nonces.
  NonceIssuer(Rng& rng, Duration lifetime);

  std::string issue(Time now, Rng& rng) const;
  // RFC 5389 10.2.2: valid while now < expiry and the digest matches.
  bool valid(std::string_view nonce, Time now) const;
  Duration lifetime() const { return lifetime_; }

 private:
  std::string digest(std::string_view body) const;

  std::string key_;
  Duration lifetime_;
};

}  // namespace natlab::turn
