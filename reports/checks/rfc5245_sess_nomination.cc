// Nomination (RFC 5245 8.1.1): only a valid pair -- one whose check got a
// symmetric success response -- can be nominated, on either side; with
// regular nomination the controlling agent puts USE-CANDIDATE only on a
// repeat of a check that already produced a valid pair.
#include "agents/stun/attributes.h"
#include "reports/checks/rfc5245_sess_checks.h"
#include "reports/checks/rfc5245_sess_model.h"

namespace natlab::reports::checks {
namespace {

using sess::Party;
using sess::SessionModel;

// A success response that `p` received before trace record `before`, to a
// check it sent from `local` to `remote`, mirroring that check (7.1.3.1).
const sess::Response* valid_before(const SessionModel& m, const Party& p, const std::optional<Endpoint>& local,
                                   const std::optional<Endpoint>& remote, std::size_t before) {
  for (const auto& r : m.responses_received()) {
    if (r.stun->packet->record >= before) break;
    if (r.party != &p || !r.success()) continue;
    const auto& c = m.sent_checks()[r.check];
    if (c.local != local || c.remote != remote) continue;
    if (r.local == c.local && r.remote == c.remote && sess::same_connection(c, r)) return &r;
  }
  return nullptr;
}

Verdict judge_nominated_valid(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  for (const Party& p : m.parties()) {
    for (const Json* e : m.events(p, "nominated")) {
      auto local = Endpoint::parse(sess::str_field(*e, "local"));
      auto remote = Endpoint::parse(sess::str_field(*e, "remote"));
      // RFC 5245 7.1.3.2.4 (controlling) and 7.2.1.5 (controlled): the
      // nominated flag is set on a pair of the valid list, which only a
      // successful check puts there (7.1.3.2.2); 8.1.1.2: with aggressive
      // nomination "Once the first check for a component succeeds, it will
      // be added to the valid list and have its nominated flag set".
      if (!valid_before(m, p, local, remote, trace.index_of(*e))) {
        return Verdict::fail(sess::who(p) + " nominated pair " + sess::str_field(*e, "local") + " -> " +
                             sess::str_field(*e, "remote") +
                             " before any check of its own on that pair had a symmetric success response: " +
                             trace.where_record(*e));
      }
      ++judged[p.index];
    }
  }
  const std::string d = sess::per_party(m, judged, "nominations, each of a pair already valid");
  if (d.empty()) return Verdict::not_applicable("no agent nominated a pair");
  return Verdict::pass(d);
}

Verdict judge_regular_nomination(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  for (const auto& c : m.sent_checks()) {
    if (c.retransmit || !c.stun->message.find(stun::attr::UseCandidate)) continue;
    const sim::Agent* a = trace.scenario().find_agent(c.party->agent);
    if (!a || a->nomination != sim::Nomination::Regular) continue;
    // RFC 5245 8.1.1.1: "The agent lets the checks continue until some
    // stopping criterion is met, and then picks amongst the valid pairs ...
    // it repeats the check that produced this valid pair (by enqueuing the
    // pair that generated the check into the triggered check queue), this
    // time with the USE-CANDIDATE attribute."
    if (!valid_before(m, *c.party, c.local, c.remote, c.stun->packet->record)) {
      return Verdict::fail(sess::who(*c.party) + " (regular nomination) sent USE-CANDIDATE on " +
                           sess::endpoint_text(c.local) + " -> " + sess::endpoint_text(c.remote) +
                           " before a check on that pair had succeeded: " + trace.where(*c.stun));
    }
    ++judged[c.party->index];
  }
  const std::string d = sess::per_party(m, judged, "USE-CANDIDATE checks, each repeating a check that had succeeded");
  if (d.empty()) return Verdict::not_applicable("no agent using regular nomination sent USE-CANDIDATE");
  return Verdict::pass(d);
}

}  // namespace

Check nominated_valid_check() {
  return Check{"RFC5245-8.1.1-nominated-valid", 5245, "8.1.1",
               "An agent nominates only a valid pair: its own check on that pair had a symmetric success response "
               "before the nomination (regular and aggressive nomination alike).",
               judge_nominated_valid};
}

Check regular_nomination_check() {
  return Check{"RFC5245-8.1.1.1-use-candidate-on-valid", 5245, "8.1.1.1",
               "With regular nomination the controlling agent sends USE-CANDIDATE only on a pair whose earlier check "
               "already succeeded, repeating that check.",
               judge_regular_nomination};
}

}  // namespace natlab::reports::checks
