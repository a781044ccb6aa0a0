// What every connectivity check carries (RFC 5245 7.1.2): USERNAME from the
// signalled ufrags, PRIORITY, the role attribute of the sender's current
// role, USE-CANDIDATE only from the controlling agent, MESSAGE-INTEGRITY and
// FINGERPRINT. Every transmission is judged, retransmissions included; the
// role a check must state is the one its sender held when the transaction
// started (a retransmission repeats the request as it was).
#include "agents/stun/attributes.h"
#include "reports/checks/rfc5245_sess_checks.h"
#include "reports/checks/rfc5245_sess_model.h"

namespace natlab::reports::checks {
namespace {

using sess::Party;
using sess::Role;
using sess::SessionModel;

Verdict no_checks() { return Verdict::not_applicable("no agent sent a connectivity check"); }

Verdict judge_username(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  int unjudged = 0;
  for (const auto& c : m.sent_checks()) {
    const Party& p = *c.party;
    if (!p.sdp || !p.peer_sdp) {
      ++unjudged;  // nothing signalled to compare with
      continue;
    }
    // RFC 5245 7.1.2.3: "The username for the credential is formed by
    // concatenating the username fragment provided by the peer with the
    // username fragment of the agent sending the request, separated by a
    // colon".
    const std::string want = p.peer_sdp->credentials.ufrag + ":" + p.sdp->credentials.ufrag;
    auto u = c.stun->message.get<stun::Username>();
    if (!u) {
      return Verdict::fail(sess::who(p) + " sent a connectivity check without USERNAME (expected \"" + want +
                           "\"): " + trace.where(*c.stun));
    }
    if (u->value != want) {
      return Verdict::fail(sess::who(p) + " sent a connectivity check with USERNAME \"" + u->value +
                           "\", expected \"" + want + "\" (peer's ufrag:own ufrag, as signalled): " +
                           trace.where(*c.stun));
    }
    ++judged[p.index];
  }
  if (m.sent_checks().empty()) return no_checks();
  if (unjudged == static_cast<int>(m.sent_checks().size())) {
    return Verdict::not_applicable("no connectivity check was sent in a session whose offer and answer are in the trace");
  }
  std::string d = sess::per_party(m, judged, "checks with USERNAME peer-ufrag:own-ufrag");
  if (unjudged > 0) d += "; " + std::to_string(unjudged) + " checks of sessions without signalling not judged";
  return Verdict::pass(d);
}

Verdict judge_priority(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  for (const auto& c : m.sent_checks()) {
    // RFC 5245 7.1.2.1: "An agent MUST include the PRIORITY attribute in its
    // Binding request."
    if (!c.stun->message.get<stun::Priority>()) {
      return Verdict::fail(sess::who(*c.party) + " sent a connectivity check without PRIORITY: " +
                           trace.where(*c.stun));
    }
    ++judged[c.party->index];
  }
  if (m.sent_checks().empty()) return no_checks();
  return Verdict::pass(sess::per_party(m, judged, "checks with PRIORITY"));
}

Verdict judge_role_attribute(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  for (const auto& c : m.sent_checks()) {
    const Party& p = *c.party;
    const auto& msg = c.stun->message;
    const bool controlling = msg.get<stun::IceControlling>().has_value();
    const bool controlled = msg.get<stun::IceControlled>().has_value();
    const std::string where = trace.where(*c.stun);
    if (controlling == controlled) {
      return Verdict::fail(sess::who(p) + " sent a connectivity check with " +
                           (controlling ? "both ICE-CONTROLLING and ICE-CONTROLLED" : "neither ICE-CONTROLLING nor ICE-CONTROLLED") +
                           ": " + where);
    }
    // RFC 5245 7.1.2.2: "The agent MUST include the ICE-CONTROLLING attribute
    // in a Binding request if it is in the controlling role, and MUST include
    // the ICE-CONTROLLED attribute in a Binding request if it is in the
    // controlled role." The role is the one held when the transaction began.
    const auto& first = m.sent_checks()[c.first];
    const Role role = m.role_before(p, first.stun->packet->record);
    const Role stated = controlling ? Role::Controlling : Role::Controlled;
    if (role != stated) {
      return Verdict::fail(sess::who(p) + " was " + sess::to_string(role) + " but its connectivity check carries " +
                           (controlling ? "ICE-CONTROLLING" : "ICE-CONTROLLED") + ": " + where);
    }
    ++judged[p.index];
  }
  if (m.sent_checks().empty()) return no_checks();
  return Verdict::pass(sess::per_party(m, judged, "checks with the attribute of the sender's role"));
}

Verdict judge_use_candidate(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  for (const auto& c : m.sent_checks()) {
    if (!c.stun->message.find(stun::attr::UseCandidate)) continue;
    // RFC 5245 7.1.2.1: "The controlling agent MAY include the USE-CANDIDATE
    // attribute in the Binding request. The controlled agent MUST NOT
    // include it in its Binding request."
    const auto& first = m.sent_checks()[c.first];
    const Role role = m.role_before(*c.party, first.stun->packet->record);
    if (role != Role::Controlling) {
      return Verdict::fail(sess::who(*c.party) + " sent USE-CANDIDATE while " + sess::to_string(role) + ": " +
                           trace.where(*c.stun));
    }
    ++judged[c.party->index];
  }
  if (m.sent_checks().empty()) return no_checks();
  const std::string d = sess::per_party(m, judged, "checks with USE-CANDIDATE, all while controlling");
  if (d.empty()) return Verdict::not_applicable("no connectivity check carried USE-CANDIDATE");
  return Verdict::pass(d);
}

Verdict judge_check_integrity(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  for (const auto& c : m.sent_checks()) {
    // RFC 5245 7.1.2: "A connectivity check MUST utilize the STUN short-term
    // credential mechanism" (MESSAGE-INTEGRITY) and "The FINGERPRINT
    // mechanism MUST be used for connectivity checks." Whether their values
    // are right is RFC 5389's family of checks.
    const auto& msg = c.stun->message;
    const char* missing = !msg.find(stun::attr::MessageIntegrity) ? "MESSAGE-INTEGRITY"
                          : !msg.find(stun::attr::Fingerprint)    ? "FINGERPRINT"
                                                                  : nullptr;
    if (missing) {
      return Verdict::fail(sess::who(*c.party) + " sent a connectivity check without " + missing + ": " +
                           trace.where(*c.stun));
    }
    ++judged[c.party->index];
  }
  if (m.sent_checks().empty()) return no_checks();
  return Verdict::pass(sess::per_party(m, judged, "checks with MESSAGE-INTEGRITY and FINGERPRINT"));
}

}  // namespace

Check username_check() {
  return Check{"RFC5245-7.1.2.3-username", 5245, "7.1.2.3",
               "A connectivity check carries USERNAME \"RFRAG:LFRAG\": the peer's username fragment, a colon and "
               "the sender's own, as the offer and answer signalled them.",
               judge_username};
}

Check priority_attribute_check() {
  return Check{"RFC5245-7.1.2.1-priority", 5245, "7.1.2.1", "Every connectivity check carries a PRIORITY attribute.",
               judge_priority};
}

Check role_attribute_check() {
  return Check{"RFC5245-7.1.2.2-role-attribute", 5245, "7.1.2.2",
               "A connectivity check carries exactly one of ICE-CONTROLLING and ICE-CONTROLLED, the one of the role "
               "its sender held when it started the check.",
               judge_role_attribute};
}

Check use_candidate_role_check() {
  return Check{"RFC5245-7.1.2.1-use-candidate-controlling", 5245, "7.1.2.1",
               "Only an agent in the controlling role puts USE-CANDIDATE in a connectivity check.",
               judge_use_candidate};
}

Check check_integrity_check() {
  return Check{"RFC5245-7.1.2-integrity-fingerprint", 5245, "7.1.2",
               "Every connectivity check carries MESSAGE-INTEGRITY (short-term credentials) and FINGERPRINT.",
               judge_check_integrity};
}

}  // namespace natlab::reports::checks
