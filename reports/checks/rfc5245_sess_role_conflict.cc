// Role conflicts (RFC 5245 7.2.1.1 and 7.1.3.1): both agents believe they
// hold the same role. The agent that receives such a check compares
// tie-breakers and either switches role or answers 487 (Role Conflict); the
// agent that receives the 487 switches role and checks the pair again.
#include <algorithm>
#include <cstdio>

#include "agents/stun/attributes.h"
#include "reports/checks/rfc5245_sess_checks.h"
#include "reports/checks/rfc5245_sess_model.h"

namespace natlab::reports::checks {
namespace {

using sess::Party;
using sess::Role;
using sess::SessionModel;

std::string hex64(std::uint64_t v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%016llx", static_cast<unsigned long long>(v));
  return buf;
}

Verdict judge_role_conflict(const TraceView& trace) {
  SessionModel m(trace);
  int conflicts = 0, sent_487 = 0, unjudged = 0;
  for (const auto& r : m.responses_sent()) {
    const bool is_487 = !r.success() && r.error_code() == 487;
    if (!r.success() && !is_487) continue;  // 400/401/420: the request was not processed
    const auto& check = m.sent_checks()[r.check];
    const Party& responder = *r.party;
    if (check.party == &responder) continue;
    const auto controlling = check.stun->message.get<stun::IceControlling>();
    const auto controlled = check.stun->message.get<stun::IceControlled>();
    // The responder's role while it processed the request: its events of
    // that step come after the response it sent.
    const Role role = m.role_before(responder, r.stun->packet->record);
    const bool conflict = (role == Role::Controlling && controlling) || (role == Role::Controlled && controlled);
    const std::string where = trace.where(*r.stun);
    if (is_487) ++sent_487;
    if (!conflict) {
      if (is_487) {
        return Verdict::fail(sess::who(responder) + " answered 487 Role Conflict while " + sess::to_string(role) +
                             " to a check carrying " + (controlling ? "ICE-CONTROLLING" : "ICE-CONTROLLED") +
                             ", which is no conflict: " + where);
      }
      continue;
    }
    ++conflicts;
    const auto own = m.tie_breaker(responder);
    if (!own) {
      ++unjudged;  // its tie-breaker is on none of its own checks
      continue;
    }
    const std::uint64_t theirs = controlling ? controlling->tie_breaker : controlled->tie_breaker;
    // RFC 5245 7.2.1.1: controlling vs ICE-CONTROLLING: "If the agent's
    // tie-breaker is larger than or equal to the contents of the
    // ICE-CONTROLLING attribute, the agent generates a Binding error response
    // and includes an ERROR-CODE attribute with a value of 487 (Role
    // Conflict) but retains its role. If the agent's tie-breaker is less than
    // the contents of the ICE-CONTROLLING attribute, the agent switches to
    // the controlled role." Controlled vs ICE-CONTROLLED: "If the agent's
    // tie-breaker is larger than or equal to the contents of the
    // ICE-CONTROLLED attribute, the agent switches to the controlling role.
    // If the agent's tie-breaker is less than the contents of the
    // ICE-CONTROLLED attribute, the agent generates a Binding error response
    // and includes an ERROR-CODE attribute with a value of 487".
    const bool keep = role == Role::Controlling ? *own >= theirs : *own < theirs;
    const std::string tb = " (own tie-breaker " + hex64(*own) + ", the check's " + hex64(theirs) + ")";
    if (keep && !is_487) {
      return Verdict::fail(sess::who(responder) + ", " + sess::to_string(role) +
                           ", should have kept its role and answered 487 but sent a success response" + tb + ": " +
                           where);
    }
    if (!keep && is_487) {
      return Verdict::fail(sess::who(responder) + ", " + sess::to_string(role) +
                           ", should have switched role but answered 487" + tb + ": " + where);
    }
    if (!keep && m.role_after(responder, r.stun->packet->t) == role) {
      return Verdict::fail(sess::who(responder) + ", " + sess::to_string(role) +
                           ", should have switched role on this conflict but did not" + tb + ": " + where);
    }
  }
  if (conflicts == 0 && sent_487 == 0) {
    return Verdict::not_applicable("no connectivity check reached an agent holding the role it claimed");
  }
  std::string d = std::to_string(conflicts) + " role conflicts answered by the tie-breaker rule, " +
                  std::to_string(sent_487) + " with 487";
  if (unjudged) d += "; " + std::to_string(unjudged) + " not judged (responder's tie-breaker unknown)";
  return Verdict::pass(d);
}

// How long a triggered check may wait in the queue: one per Ta, and a check
// list holds at most 100 pairs (RFC 5245 5.7.3).
Duration retry_grace(const TraceView& trace, const Party& p) {
  Duration ta = std::chrono::milliseconds(20);
  if (const sim::Agent* a = trace.scenario().find_agent(p.agent)) ta = std::max(a->ta, sim::ta_floor(a->rfc));
  return std::max<Duration>(ta * 100, std::chrono::seconds(1));
}

Verdict judge_487_retry(const TraceView& trace) {
  SessionModel m(trace);
  int judged = 0, excused = 0;
  const Time end = trace.scenario().duration;
  for (const auto& r : m.responses_received()) {
    if (r.success() || r.error_code() != 487) continue;
    const auto& check = m.sent_checks()[r.check];
    const Party& p = *r.party;
    const bool was_controlling = check.stun->message.get<stun::IceControlling>().has_value();
    const Role want = was_controlling ? Role::Controlled : Role::Controlling;
    const std::string where = trace.where(*r.stun);
    // RFC 5245 7.1.3.1: "If the request contained the ICE-CONTROLLED
    // attribute, the agent MUST switch to the controlling role if it has not
    // already done so. If the request contained the ICE-CONTROLLING
    // attribute, the agent MUST switch to the controlled role if it has not
    // already done so. Once it has switched, the agent MUST enqueue the
    // candidate pair whose check generated the 487 into the triggered check
    // queue."
    const sess::SentCheck* retry = nullptr;
    for (const auto& c : m.sent_checks()) {
      if (c.stun->packet->record <= r.stun->packet->record || c.party != &p || c.retransmit) continue;
      if (c.local == check.local && c.remote == check.remote) {
        retry = &c;
        break;
      }
    }
    if (!retry) {
      // 8.1.2 empties the triggered check queue once a pair is nominated; a
      // run that ends soon after the 487 may end before the retry's turn.
      bool nominated_since = false;
      for (const Json* e : m.events(p, "nominated"))
        nominated_since |= trace.index_of(*e) > r.stun->packet->record;
      if (nominated_since || end - r.stun->packet->t < retry_grace(trace, p)) {
        ++excused;
        continue;
      }
      return Verdict::fail(sess::who(p) + " received 487 Role Conflict but never checked the pair " +
                           sess::endpoint_text(check.local) + " -> " + sess::endpoint_text(check.remote) +
                           " again: " + where);
    }
    const Role role = m.role_before(p, retry->stun->packet->record);
    const bool retry_controlling = retry->stun->message.get<stun::IceControlling>().has_value();
    if (role != want || retry_controlling != (want == Role::Controlling)) {
      return Verdict::fail(sess::who(p) + " received 487 Role Conflict to a check carrying " +
                           (was_controlling ? "ICE-CONTROLLING" : "ICE-CONTROLLED") + " but did not switch to " +
                           sess::to_string(want) + " before checking the pair again: 487 " + where +
                           "; next check " + trace.where(*retry->stun));
    }
    ++judged;
  }
  if (judged == 0 && excused == 0) return Verdict::not_applicable("no agent received a 487 Role Conflict");
  std::string d = std::to_string(judged) + " 487 responses followed by a role switch and a new check on the pair";
  if (excused) d += "; " + std::to_string(excused) + " without a retry because a pair was nominated first or the run ended";
  return Verdict::pass(d);
}

}  // namespace

Check role_conflict_response_check() {
  return Check{"RFC5245-7.2.1.1-role-conflict", 5245, "7.2.1.1",
               "An agent that receives a check claiming its own role answers 487 Role Conflict exactly when the "
               "tie-breaker rule says it keeps its role, and otherwise switches role; it never answers 487 "
               "without a conflict.",
               judge_role_conflict};
}

Check role_conflict_retry_check() {
  return Check{"RFC5245-7.1.3.1-487-switch-retry", 5245, "7.1.3.1",
               "An agent that receives 487 Role Conflict to its check switches to the other role and checks the "
               "same pair again.",
               judge_487_retry};
}

}  // namespace natlab::reports::checks
