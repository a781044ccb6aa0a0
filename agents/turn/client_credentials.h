#pragma once
// The long-term credential state of a TURN client (RFC 5389 10.2, RFC 5766 4):
// nothing until the server's first 401 names a realm and a nonce, then every
// request carries USERNAME, REALM, NONCE and MESSAGE-INTEGRITY.
#include <optional>
#include <string>

#include "agents/stun/message.h"

namespace natlab::turn {

class ClientCredentials {
 public:
  ClientCredentials(std::string username, std::string password)
      : username_(std::move(username)), password_(std::move(password)) {}

  bool ready() const { return key_.has_value(); }
  const std::optional<stun::IntegrityKey>& key() const { return key_; }
  const std::string& realm() const { return realm_; }
  const std::string& nonce() const { return nonce_; }

  // From a 401 or 438 response: takes its NONCE, and its REALM when present
  // (the key depends on the realm). False when the response lacks what is
  // needed to retry.
  bool learn(const stun::Message& error_response);

  // Adds USERNAME, REALM, NONCE to `m` when credentials are ready (RFC 5389
  // 10.2.2); the caller then signs with key().
  void add_to(stun::Message& m) const;

  // Forgets realm and nonce, e.g. before a fresh Allocate.
  void reset();

 private:
  std::string username_;
  std::string password_;
  std::string realm_;
  std::string nonce_;
  std::optional<stun::IntegrityKey> key_;
};

}  // namespace natlab::turn
