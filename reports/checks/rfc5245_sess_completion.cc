// Concluding ICE (RFC 5245 8.1.2): the check list is Completed only when
// every component has a nominated pair, and once a component has one the
// agent stops checking it -- Waiting and Frozen pairs and the triggered check
// queue are emptied -- so what it still sends are retransmissions of checks
// in progress and triggered checks that answer a check it received (7.2) or
// retry after a 487 (7.1.3.1).
#include <map>

#include "reports/checks/rfc5245_sess_checks.h"
#include "reports/checks/rfc5245_sess_model.h"

namespace natlab::reports::checks {
namespace {

using sess::Party;
using sess::SessionModel;

Verdict judge_completed(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  for (const Party& p : m.parties()) {
    const auto nominated = m.events(p, "nominated");
    for (const Json* e : m.events(p, "ice-state")) {
      if (sess::str_field(*e, "state") != "completed") continue;
      // RFC 5245 8.1.2: "Once there is at least one nominated pair in the
      // valid list for every component of at least one media stream and the
      // state of the check list is Running: The agent MUST change the state
      // of processing for its check list for that media stream to
      // Completed." Not before.
      for (int component = 1; component <= p.components; ++component) {
        bool found = false;
        for (const Json* n : nominated)
          found |= trace.index_of(*n) < trace.index_of(*e) && n->value("component", 0) == component;
        if (!found) {
          return Verdict::fail(sess::who(p) + " reached ice-state completed while component " +
                               std::to_string(component) + " had no nominated pair: " + trace.where_record(*e));
        }
      }
      ++judged[p.index];
    }
  }
  const std::string d = sess::per_party(m, judged, "completion with a nominated pair for every component");
  if (d.empty()) return Verdict::not_applicable("no agent reached ice-state completed");
  return Verdict::pass(d);
}

Verdict judge_stop_checks(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> judged(m.parties().size(), 0);
  for (const Party& p : m.parties()) {
    // When each component first had a nominated pair.
    std::map<int, std::size_t> nominated_at;
    for (const Json* e : m.events(p, "nominated")) nominated_at.try_emplace(e->value("component", 0), trace.index_of(*e));
    if (nominated_at.empty()) continue;
    // The previous new check this party sent on each pair.
    std::map<std::pair<std::optional<Endpoint>, std::optional<Endpoint>>, std::size_t> previous;
    for (const auto& c : m.sent_checks()) {
      if (c.party != &p || c.retransmit) continue;
      const std::size_t at = c.stun->packet->record;
      const auto key = std::make_pair(c.local, c.remote);
      const std::size_t since = previous.count(key) ? previous[key] : 0;
      previous[key] = at;
      const auto component = c.local ? p.component_of(*c.local) : std::nullopt;
      if (!component) continue;
      auto n = nominated_at.find(*component);
      if (n == nominated_at.end() || at < n->second) continue;
      // RFC 5245 8.1.2: "If there is at least one nominated pair in the valid
      // list for a media stream and the state of the check list is Running:
      // The agent MUST remove all Waiting and Frozen pairs in the check list
      // and triggered check queue for the same component as the nominated
      // pairs for that media stream." Once Completed, "The agent MUST
      // continue to respond to any checks it may still receive for that
      // media stream, and MUST perform triggered checks if required by the
      // processing of Section 7.2." A new check on a pair is therefore
      // triggered: by a check received on that pair since the previous one
      // the agent sent on it (7.2.1.4), or by a 487 answering that one
      // (7.1.3.1).
      bool triggered = false;
      for (const auto& rc : m.received_checks()) {
        const std::size_t r = rc.stun->packet->record;
        if (r >= at) break;
        triggered |= r > since && rc.party == &p && rc.local == c.local && rc.remote == c.remote;
      }
      for (const auto& r : m.responses_received()) {
        const std::size_t i = r.stun->packet->record;
        if (i >= at) break;
        const auto& answered = m.sent_checks()[r.check];
        triggered |= i > since && r.party == &p && r.error_code() == 487 && answered.local == c.local &&
                     answered.remote == c.remote;
      }
      if (!triggered) {
        return Verdict::fail(sess::who(p) + " started a check on " + sess::endpoint_text(c.local) + " -> " +
                             sess::endpoint_text(c.remote) + " after component " + std::to_string(*component) +
                             " had a nominated pair, and no check it received on that pair triggered it: " +
                             trace.where(*c.stun));
      }
      ++judged[p.index];
    }
  }
  const std::string d = sess::per_party(m, judged, "triggered checks after nomination");
  bool any = false;
  for (const Party& p : m.parties()) any |= !m.events(p, "nominated").empty();
  if (!any) return Verdict::not_applicable("no agent nominated a pair");
  return Verdict::pass(d.empty() ? "no agent started a check on a component after it had a nominated pair"
                                 : d + ", each answering a check received on its pair; no ordinary checks");
}

}  // namespace

Check completed_check() {
  return Check{"RFC5245-8.1.2-completed-nominated", 5245, "8.1.2",
               "An agent reaches ICE state Completed only once every component has a nominated pair.",
               judge_completed};
}

Check stop_checks_check() {
  return Check{"RFC5245-8.1.2-stop-checks", 5245, "8.1.2",
               "Once a component has a nominated pair (and so once ICE has completed) the agent starts no more "
               "ordinary checks for it: only retransmissions and triggered checks answering checks it receives.",
               judge_stop_checks};
}

}  // namespace natlab::reports::checks
