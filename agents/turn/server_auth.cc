// TurnServer: the long-term credential mechanism (RFC 5389 10.2.2) and the
// checks every request on an existing allocation shares (RFC 5766 4).
#include <algorithm>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "agents/turn/requested_address_family.h"
#include "agents/turn/server.h"

namespace natlab::turn {

using namespace natlab::stun;

std::optional<TurnServer::Credentials> TurnServer::authenticate(const Request& r) {
  // RFC 5389 10.2.2, in its order. 1: no MESSAGE-INTEGRITY -> 401 with REALM
  // and NONCE.
  if (!r.msg.find(attr::MessageIntegrity)) {
    challenge(r, 401);
    return std::nullopt;
  }
  // 2: MESSAGE-INTEGRITY without USERNAME, REALM or NONCE -> 400.
  auto username = r.msg.get<Username>();
  auto realm = r.msg.get<Realm>();
  auto nonce = r.msg.get<Nonce>();
  if (!username || !realm || !nonce) {
    reject(r, 400, nullptr);
    return std::nullopt;
  }
  // 3: a NONCE no longer valid -> 438 with a fresh NONCE.
  if (!nonces_.valid(nonce->value, r.now)) {
    challenge(r, 438);
    return std::nullopt;
  }
  // 4: unknown username -> 401. (A REALM other than ours needs no check of its
  // own: the key is derived with our realm, so step 5 fails.)
  auto key = keys_.find(username->value);
  if (key == keys_.end()) {
    challenge(r, 401);
    return std::nullopt;
  }
  // 5: MESSAGE-INTEGRITY that does not verify -> 401.
  if (check_integrity(r.bytes, key->second) != IntegrityCheck::Valid) {
    challenge(r, 401);
    return std::nullopt;
  }
  return Credentials{username->value, key->second};
}

std::vector<std::uint16_t> TurnServer::unknown_required(const Message& m) const {
  std::vector<std::uint16_t> unknown;
  for (const auto& a : m.attributes) {
    if (!comprehension_required(a.type)) continue;
    // The codec knows the RFC 5780 attributes, but this server implements
    // none of them, so a request needing them must not be half-served.
    const bool understood = (is_known_attribute(a.type) && a.type != attr::Padding &&
                             a.type != attr::ChangeRequest && a.type != attr::ResponsePort) ||
                            (a.type == kRequestedAddressFamily && config_.requested_address_family &&
                             m.method_enum() == Method::Allocate);
    if (!understood && std::find(unknown.begin(), unknown.end(), a.type) == unknown.end())
      unknown.push_back(a.type);
  }
  return unknown;
}

Allocation* TurnServer::authorized_allocation(const Request& r, Credentials& creds) {
  // RFC 5766 4: every request is authenticated with long-term credentials.
  auto c = authenticate(r);
  if (!c) return nullptr;
  creds = std::move(*c);
  // RFC 5389 7.3: "Once the authentication checks are done, the STUN agent
  // MUST check for unknown attributes" -> 420 (7.3.1).
  if (auto unknown = unknown_required(r.msg); !unknown.empty()) {
    reject(r, 420, &creds.key, std::move(unknown));
    return nullptr;
  }
  // RFC 5766 4: "if the 5-tuple does not identify an existing allocation,
  // then the message MUST ... be rejected with a 437".
  Allocation* a = allocations_.find(r.tuple());
  if (!a) {
    reject(r, 437, &creds.key);
    return nullptr;
  }
  // RFC 5766 4: a request that authenticates, on an existing allocation, but
  // "does not use the same username as used to create the allocation ...
  // MUST be rejected with a 441 (Wrong Credentials) error."
  if (a->username != creds.username) {
    reject(r, 441, &creds.key);
    return nullptr;
  }
  return a;
}

}  // namespace natlab::turn
