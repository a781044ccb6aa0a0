#include "reports/checks/rfc5389_keys.h"

#include <algorithm>

#include "agents/ice/sdp.h"
#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {

CredentialBook::CredentialBook(const TraceView& trace) : trace_(&trace) {
  // Each agent announces its own ufrag and password in what it sends.
  for (const char* event : {"offer-sent", "answer-sent"}) {
    for (const Json* e : trace.events(event)) {
      auto sdp = e->find("sdp");
      if (sdp == e->end() || !sdp->is_string()) continue;
      auto d = ice::parse_description(sdp->get<std::string>());
      if (!d) continue;
      auto& pwds = passwords_by_ufrag_[d->credentials.ufrag];
      if (std::find(pwds.begin(), pwds.end(), d->credentials.pwd) == pwds.end()) pwds.push_back(d->credentials.pwd);
    }
  }
}

std::vector<stun::IntegrityKey> CredentialBook::keys_for(const StunOnWire& m, std::string& why) const {
  auto username = m.message.get<stun::Username>();
  if (!username) {
    why = "no USERNAME";
    return {};
  }
  if (auto realm = m.message.get<stun::Realm>()) {
    // RFC 5389 15.7: "Presence of the REALM attribute in a request indicates
    // that long-term credentials are being used".
    const std::optional<Endpoint> to = destination_of(m);
    for (const auto& s : trace_->scenario().servers) {
      if (!s.turn || !to || to->address != s.address || to->port != s.turn->port) continue;
      auto user = s.turn->users.find(username->value);
      if (user == s.turn->users.end()) {
        why = "user \"" + username->value + "\" unknown to server " + s.name;
        return {};
      }
      // RFC 5389 15.4: key = MD5(username ":" realm ":" SASLprep(password)).
      return {stun::long_term_key(username->value, realm->value, user->second)};
    }
    why = "long-term credentials for a destination that is no TURN server of the scenario";
    return {};
  }
  // RFC 5245 7.1.2.3: USERNAME "Yufrag:Xufrag", keyed with Y's password.
  const std::string& u = username->value;
  const auto colon = u.find(':');
  auto it = passwords_by_ufrag_.find(u.substr(0, colon));
  if (colon == std::string::npos || it == passwords_by_ufrag_.end()) {
    why = "no offer or answer announced the ufrag of USERNAME \"" + u + "\"";
    return {};
  }
  std::vector<stun::IntegrityKey> keys;
  for (const std::string& pwd : it->second) keys.push_back(stun::short_term_key(pwd));  // RFC 5389 15.4
  return keys;
}

}  // namespace natlab::reports::checks
