// The long-term credential challenge (RFC 5389 10.2), seen from both ends.
//
// 10.2.2, the server: a 401 (no MESSAGE-INTEGRITY, unknown username, bad
// MESSAGE-INTEGRITY) "MUST include a REALM value" and "MUST include a NONCE";
// a 438 (Stale Nonce) "MUST include NONCE and REALM attributes".
//
// 10.2.3, the client: after a 401 "the client SHOULD retry the request with a
// new transaction. This request MUST contain a USERNAME ... MUST contain the
// REALM, copied from the error response ... MUST contain the NONCE, copied
// from the error response ... MUST contain the MESSAGE-INTEGRITY attribute
// ... The client MUST NOT perform this retry if it is not changing the
// USERNAME or REALM or its associated password, from the previous attempt."
// After a 438 it retries "using the new NONCE ... This retry MUST also
// include the USERNAME, REALM, and MESSAGE-INTEGRITY."
//
// Long-term credentials are TURN's here: the responses judged come from a
// TURN server's service address.
#include <set>
#include <tuple>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_keys.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

int error_code(const stun::Message& m) {
  if (m.cls != stun::Class::Error) return 0;
  auto ec = m.get<stun::ErrorCode>();
  return ec ? ec->code : 0;
}

bool from_turn_service(const TraceView& trace, const StunOnWire& m) {
  const auto from = source_of(m);
  if (!from) return false;
  for (const auto& s : trace.scenario().servers)
    if (s.turn && s.address == from->address && s.turn->port == from->port) return true;
  return false;
}

Verdict judge_challenge(const TraceView& trace) {
  std::size_t judged = 0;
  for (const StunOnWire& m : trace.sent_stun()) {
    const int code = error_code(m.message);
    if ((code != 401 && code != 438) || !original_send(trace, m) || !from_turn_service(trace, m)) continue;
    ++judged;
    for (std::uint16_t needed : {stun::attr::Realm, stun::attr::Nonce}) {
      if (m.message.find(needed) == nullptr) {
        return Verdict::fail(std::to_string(code) + " response from a long-term-credential server without " +
                             stun::attribute_name(needed) + ": " + trace.where(m));
      }
    }
  }
  if (judged == 0) return Verdict::not_applicable("no TURN server sent a 401 or 438");
  return Verdict::pass(plural(judged, "401/438 response", "401/438 responses") + ", each with REALM and NONCE");
}

// The request a client sent with this transaction ID, from this node.
const StunOnWire* sent_request(const TraceView& trace, const std::string& node, const stun::TransactionId& tid) {
  for (const StunOnWire& m : trace.sent_stun())
    if (m.message.cls == stun::Class::Request && sender_node(m) == node && m.message.transaction_id == tid &&
        original_send(trace, m))
      return &m;
  return nullptr;
}

// The client's next new request of `method` from `socket` to `server` after
// `after` (a trace record), or nullptr.
const StunOnWire* retry_of(const TraceView& trace, const std::string& node, const Endpoint& socket,
                           const Endpoint& server, std::uint16_t method, std::size_t after) {
  std::set<stun::TransactionId> earlier;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (m.message.cls != stun::Class::Request || sender_node(m) != node || m.packet->src != socket ||
        !original_send(trace, m))
      continue;
    const bool fresh = earlier.insert(m.message.transaction_id).second;
    if (m.packet->record <= after || !fresh) continue;
    if (m.message.method == method && destination_of(m) == server) return &m;
  }
  return nullptr;
}

bool same_text(const stun::Message& a, const stun::Message& b, std::uint16_t type) {
  const auto* x = a.find(type);
  const auto* y = b.find(type);
  return x && y && x->value == y->value;
}

Verdict judge_retry(const TraceView& trace) {
  const CredentialBook book(trace);
  std::size_t retried = 0, not_retried = 0;
  for (const StunOnWire& e : trace.received_stun()) {
    const int code = error_code(e.message);
    if ((code != 401 && code != 438) || !final_receipt(trace, e) || !from_turn_service(trace, e)) continue;
    const std::string& node = receiver_node(e);
    const StunOnWire* challenged = sent_request(trace, node, e.message.transaction_id);
    const auto server = source_of(e);
    if (!challenged || !server) continue;
    const StunOnWire* retry =
        retry_of(trace, node, challenged->packet->src, *server, challenged->message.method, e.packet->record);
    if (!retry) {
      ++not_retried;
      continue;
    }
    ++retried;
    const std::string context = " after the " + std::to_string(code) + " (" + trace.where(e) + "): " + trace.where(*retry);
    for (std::uint16_t needed : {stun::attr::Username, stun::attr::Realm, stun::attr::Nonce, stun::attr::MessageIntegrity}) {
      if (retry->message.find(needed) == nullptr) {
        return Verdict::fail("retried request without " + stun::attribute_name(needed) + context);
      }
    }
    if (e.message.find(stun::attr::Realm) && !same_text(e.message, retry->message, stun::attr::Realm)) {
      return Verdict::fail("retried request's REALM is not the one of the error response" + context);
    }
    if (e.message.find(stun::attr::Nonce) && !same_text(e.message, retry->message, stun::attr::Nonce)) {
      return Verdict::fail("retried request's NONCE is not the one of the error response" + context);
    }
    if (code == 401 && same_text(challenged->message, retry->message, stun::attr::Username) &&
        same_text(challenged->message, retry->message, stun::attr::Realm)) {
      // Same USERNAME and REALM: only a new password would justify the retry.
      // The scenario has one password per user, so if both requests verify
      // with its key, the password did not change either.
      std::string why;
      const auto keys = book.keys_for(*retry, why);
      const bool same_password =
          !keys.empty() && stun::check_integrity(challenged->bytes, keys.front()) == stun::IntegrityCheck::Valid &&
          stun::check_integrity(retry->bytes, keys.front()) == stun::IntegrityCheck::Valid;
      if (same_password) {
        return Verdict::fail("retried with the USERNAME, REALM and password that the 401 just rejected" + context);
      }
    }
  }
  if (retried == 0) {
    return Verdict::not_applicable(not_retried ? plural(not_retried, "401/438 response", "401/438 responses") +
                                                     " received, none followed by a retry"
                                               : "no client received a 401 or 438 from a TURN server");
  }
  std::string detail = plural(retried, "retry", "retries") +
                       " after 401/438, each with USERNAME, the response's REALM and NONCE, and MESSAGE-INTEGRITY";
  if (not_retried) detail += "; " + std::to_string(not_retried) + " not retried";
  return Verdict::pass(detail);
}

}  // namespace

Check challenge_check() {
  return Check{"RFC5389-10.2.2-challenge", 5389, "10.2.2",
               "A 401 or 438 error response from a server using long-term credentials includes REALM and NONCE.",
               judge_challenge};
}

Check retry_after_401_check() {
  return Check{"RFC5389-10.2.3-retry-credentials", 5389, "10.2.3",
               "A request retried after a 401 or 438 carries USERNAME, the REALM and NONCE of the error response, "
               "and MESSAGE-INTEGRITY; after a 401 it does not repeat the rejected username, realm and password.",
               judge_retry};
}

}  // namespace natlab::reports::checks
