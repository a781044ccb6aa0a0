#pragma once
// The MESSAGE-INTEGRITY keys (RFC 5389 15.4) a trace lets a check recompute:
//  - short-term, for ICE connectivity checks: the passwords each agent put
//    in its offer or answer (RFC 5245 7.1.2.3: a check from X to Y has
//    USERNAME "Yufrag:Xufrag" and is keyed with Y's password);
//  - long-term, for TURN: the users and passwords of the scenario's servers,
//    with the USERNAME and REALM the message carries (RFC 5389 10.2).
// A response is keyed like the request it answers.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agents/stun/message.h"
#include "reports/checks/trace_view.h"

namespace natlab::reports::checks {

class CredentialBook {
 public:
  explicit CredentialBook(const TraceView& trace);

  // The keys a request (or indication) may be signed with, judged from its
  // USERNAME and REALM and from where it is going. Several when an ICE
  // ufrag came with more than one password. Empty, with `why` saying what is
  // missing, when no key can be determined.
  std::vector<stun::IntegrityKey> keys_for(const StunOnWire& m, std::string& why) const;

 private:
  const TraceView* trace_;
  std::map<std::string, std::vector<std::string>> passwords_by_ufrag_;
};

}  // namespace natlab::reports::checks
