#include "agents/turn/client_credentials.h"

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"

namespace natlab::turn {

bool ClientCredentials::learn(const stun::Message& error_response) {
  auto nonce = error_response.get<stun::Nonce>();
  auto realm = error_response.get<stun::Realm>();
  // RFC 5389 10.2.3: a 401 carries REALM and NONCE; a 438 carries NONCE and
  // usually the realm again. Without a realm we have never seen, no key.
  if (!nonce) return false;
  if (!realm && realm_.empty()) return false;
  nonce_ = nonce->value;
  if (realm && (realm->value != realm_ || !key_)) {
    realm_ = realm->value;
    // RFC 5389 15.4: key = MD5(username ":" realm ":" SASLprep(password)).
    key_ = stun::long_term_key(username_, realm_, password_);
  }
  return true;
}

void ClientCredentials::add_to(stun::Message& m) const {
  if (!key_) return;
  m.add(stun::Username{username_});
  m.add(stun::Realm{realm_});
  m.add(stun::Nonce{nonce_});
}

void ClientCredentials::reset() {
  realm_.clear();
  nonce_.clear();
  key_.reset();
}

}  // namespace natlab::turn
