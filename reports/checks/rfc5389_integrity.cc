// RFC 5389 15.4: MESSAGE-INTEGRITY is the HMAC-SHA1, keyed with the short-
// or long-term key, of the message up to the attribute (header length
// adjusted to end just after it). 10.1.2 / 10.2.2: a response is signed
// "using the password utilized to authenticate the request"; 10.1.3 / 10.2.3:
// the client checks it "using the same password it utilized for the request".
#include <map>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_keys.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

bool valid_with_any(const StunOnWire& m, const std::vector<stun::IntegrityKey>& keys) {
  for (const auto& k : keys)
    if (stun::check_integrity(m.bytes, k) == stun::IntegrityCheck::Valid) return true;
  return false;
}

Verdict judge_integrity(const TraceView& trace) {
  const CredentialBook book(trace);
  std::map<stun::TransactionId, std::vector<stun::IntegrityKey>> keys_of_request;
  std::size_t verified = 0, skipped = 0;
  std::string first_skip;
  const auto skip = [&](const StunOnWire& m, const std::string& why) {
    if (skipped++ == 0) first_skip = why + ": " + trace.where(m);
  };
  for (const StunOnWire& m : trace.sent_stun()) {
    if (!original_send(trace, m)) continue;
    const bool signed_message = m.message.find(stun::attr::MessageIntegrity) != nullptr;
    const bool response = m.message.cls == stun::Class::Success || m.message.cls == stun::Class::Error;
    std::vector<stun::IntegrityKey> keys;
    if (response) {
      if (!signed_message) continue;
      auto it = keys_of_request.find(m.message.transaction_id);
      if (it == keys_of_request.end()) {
        skip(m, "the key of its request is unknown");
        continue;
      }
      keys = it->second;
    } else {
      if (!signed_message) continue;
      std::string why;
      keys = book.keys_for(m, why);
      if (keys.empty()) {
        skip(m, why);
        continue;
      }
      if (m.message.cls == stun::Class::Request) keys_of_request[m.message.transaction_id] = keys;
    }
    ++verified;
    if (!valid_with_any(m, keys)) {
      const bool long_term = response ? false : m.message.find(stun::attr::Realm) != nullptr;
      return Verdict::fail(std::string("MESSAGE-INTEGRITY does not verify with the ") +
                           (response ? "key of the request it answers"
                                     : long_term ? "long-term key of its USERNAME and REALM"
                                                 : "short-term key (the password of its USERNAME's left ufrag)") +
                           ": " + trace.where(m));
    }
  }
  std::string skipped_text;
  if (skipped) skipped_text = plural(skipped, "message", "messages") + " skipped, key unknown (first: " + first_skip + ")";
  if (verified == 0) {
    return Verdict::not_applicable(skipped ? "no MESSAGE-INTEGRITY with a known key; " + skipped_text
                                           : "no STUN message carried MESSAGE-INTEGRITY");
  }
  std::string detail = plural(verified, "message", "messages") + " with MESSAGE-INTEGRITY verified";
  if (skipped) detail += "; " + skipped_text;
  return Verdict::pass(detail);
}

}  // namespace

Check message_integrity_check() {
  return Check{"RFC5389-15.4-message-integrity", 5389, "15.4",
               "A MESSAGE-INTEGRITY attribute, where present, is the HMAC-SHA1 of the message with the right key: "
               "the ICE password of the check's recipient (short-term), the MD5 of username:realm:password of the "
               "TURN user (long-term), and for a response the key of its request.",
               judge_integrity};
}

}  // namespace natlab::reports::checks
