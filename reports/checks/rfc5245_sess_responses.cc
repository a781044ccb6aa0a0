// Responses to connectivity checks. The responder answers from where the
// check arrived to where it came from, with XOR-MAPPED-ADDRESS, integrity and
// fingerprint (RFC 5245 7.2.1.2); the requester counts a check as succeeded
// only on a response whose addresses mirror its request (7.1.3.1), which is
// what proves the path works both ways.
#include "agents/stun/attributes.h"
#include "reports/checks/rfc5245_sess_checks.h"
#include "reports/checks/rfc5245_sess_model.h"

namespace natlab::reports::checks {
namespace {

using sess::endpoint_text;
using sess::Party;
using sess::SessionModel;

Verdict judge_response_symmetric(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  int unjudged = 0;
  for (const auto& r : m.responses_sent()) {
    const sess::ReceivedCheck* a = m.arrival_of(r);
    if (!a || !a->local || !a->remote || !r.local || !r.remote) {
      ++unjudged;  // the trace does not show where the check arrived or where the answer went
      continue;
    }
    // RFC 5245 7.2.1.2 (RFC 5389 7.3.1): the response goes to the source
    // transport address of the request, from the transport address on which
    // it was received; a check that came through a relay is answered
    // through it.
    if (*r.local != *a->local || *r.remote != *a->remote) {
      return Verdict::fail(sess::who(*r.party) + " answered a check that arrived " + endpoint_text(a->remote) +
                           " -> " + endpoint_text(a->local) + " with a response " + endpoint_text(r.local) + " -> " +
                           endpoint_text(r.remote) + ": " + trace.where(*r.stun) + "; the check " +
                           trace.where(*a->stun));
    }
    ++judged[r.party->index];
  }
  const std::string d = sess::per_party(m, judged, "responses sent back the way their check came");
  if (d.empty()) return Verdict::not_applicable("no agent answered a connectivity check");
  return Verdict::pass(unjudged ? d + "; " + std::to_string(unjudged) + " whose addresses the trace does not show" : d);
}

Verdict judge_success_response(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  for (const auto& r : m.responses_sent()) {
    if (!r.success()) continue;
    const auto& msg = r.stun->message;
    const std::string where = trace.where(*r.stun);
    // RFC 5245 7.2.1.2: "the agent MUST ... add a XOR-MAPPED-ADDRESS
    // attribute set to the source transport address of the request" (as
    // seen at the responder); RFC 5245 7.2 and RFC 5389 10.1.2: the response
    // carries MESSAGE-INTEGRITY with the password that authenticated the
    // request, and FINGERPRINT as every ICE check transaction does.
    auto x = msg.get<stun::XorMappedAddress>();
    if (!x) return Verdict::fail(sess::who(*r.party) + " sent a success response without XOR-MAPPED-ADDRESS: " + where);
    if (!msg.find(stun::attr::MessageIntegrity))
      return Verdict::fail(sess::who(*r.party) + " sent a success response without MESSAGE-INTEGRITY: " + where);
    if (!msg.find(stun::attr::Fingerprint))
      return Verdict::fail(sess::who(*r.party) + " sent a success response without FINGERPRINT: " + where);
    const sess::ReceivedCheck* a = m.arrival_of(r);
    if (a && a->remote && x->endpoint != *a->remote) {
      return Verdict::fail(sess::who(*r.party) + " sent XOR-MAPPED-ADDRESS " + x->endpoint.to_string() +
                           " but the check came from " + a->remote->to_string() + ": " + where + "; the check " +
                           trace.where(*a->stun));
    }
    ++judged[r.party->index];
  }
  const std::string d =
      sess::per_party(m, judged, "success responses with XOR-MAPPED-ADDRESS = the check's source, MESSAGE-INTEGRITY, FINGERPRINT");
  if (d.empty()) return Verdict::not_applicable("no agent sent a success response to a connectivity check");
  return Verdict::pass(d);
}

bool symmetric(const SessionModel& m, const sess::Response& r) {
  const auto& c = m.sent_checks()[r.check];
  return r.remote && r.local && c.local && c.remote && *r.remote == *c.remote && *r.local == *c.local &&
         sess::same_connection(c, r);
}

Verdict judge_symmetric_success(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  for (const Party& p : m.parties()) {
    for (const Json* e : m.events(p, "pair-state")) {
      if (sess::str_field(*e, "to") != "succeeded") continue;
      auto local = Endpoint::parse(sess::str_field(*e, "local"));
      auto remote = Endpoint::parse(sess::str_field(*e, "remote"));
      const std::size_t at = trace.index_of(*e);
      // The success response that made the pair Succeeded: the latest one
      // to a check on this pair that reached the agent before the event.
      const sess::Response* last = nullptr;
      for (const auto& r : m.responses_received()) {
        if (r.stun->packet->record >= at) break;
        const auto& c = m.sent_checks()[r.check];
        if (r.party == &p && r.success() && c.local == local && c.remote == remote) last = &r;
      }
      if (!last) {
        return Verdict::fail(sess::who(p) + " set pair " + sess::str_field(*e, "local") + " -> " +
                             sess::str_field(*e, "remote") + " to Succeeded without a success response to a check on it: " +
                             trace.where_record(*e));
      }
      // RFC 5245 7.1.3.1: "The agent MUST check that the source IP address
      // and port of the response equal the destination IP address and port
      // to which the Binding request was sent, and that the destination IP
      // address and port of the response match the source IP address and
      // port from which the Binding request was sent. ... If these addresses
      // are not symmetric, the agent MUST set the candidate pair state to
      // Failed."
      if (!symmetric(m, *last)) {
        const auto& c = m.sent_checks()[last->check];
        return Verdict::fail(sess::who(p) + " set pair " + sess::str_field(*e, "local") + " -> " +
                             sess::str_field(*e, "remote") + " to Succeeded on a response " +
                             endpoint_text(last->remote) + " -> " + endpoint_text(last->local) +
                             " that does not mirror its check " + endpoint_text(c.local) + " -> " +
                             endpoint_text(c.remote) + ": " + trace.where_record(*e) + "; response " +
                             trace.where(*last->stun));
      }
      ++judged[p.index];
    }
  }
  const std::string d = sess::per_party(m, judged, "pairs succeeded, each on a symmetric success response");
  if (d.empty()) return Verdict::not_applicable("no candidate pair succeeded");
  return Verdict::pass(d);
}

}  // namespace

Check response_symmetric_check() {
  return Check{"RFC5245-7.2.1.2-response-symmetric", 5245, "7.2.1.2",
               "An agent answers a connectivity check from the transport address the check arrived at, to the "
               "transport address it came from.",
               judge_response_symmetric};
}

Check success_response_check() {
  return Check{"RFC5245-7.2.1.2-success-response", 5245, "7.2.1.2",
               "A success response to a connectivity check carries XOR-MAPPED-ADDRESS equal to the check's source "
               "as the responder saw it, MESSAGE-INTEGRITY and FINGERPRINT.",
               judge_success_response};
}

Check valid_only_if_symmetric_check() {
  return Check{"RFC5245-7.1.3.1-symmetric-success", 5245, "7.1.3.1",
               "A pair succeeds only on a success response whose source and destination are the destination and "
               "source of its check; a response that does not mirror the check fails the pair.",
               judge_symmetric_success};
}

}  // namespace natlab::reports::checks
