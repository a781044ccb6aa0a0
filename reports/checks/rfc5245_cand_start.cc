// RFC 5245 5.8: "To compute the message integrity for the check, the agent
// uses the remote username fragment and password learned from the SDP from
// its peer"; 7.1.2.3 forms USERNAME from "the username fragment provided by
// the peer" and the agent's own; and "the agent performs a connectivity check
// the moment the offer/answer exchange has been done" (5.8), the check list
// having been formed from the peer's candidates (5.7). So no agent can send a
// check before the peer's description reached it: the offerer after
// answer-received, the answerer after offer-received.
//
// Judged on the wire: an agent's first check (relayed ones included) is not
// earlier than the first description it received. A peer's early check only
// gets a response (7.2); the triggered check it causes waits for the answer.
#include <cstdio>

#include "reports/checks/ice_checks_sent.h"
#include "reports/checks/rfc5245_cand_checks.h"
#include "reports/checks/rfc5245_cand_model.h"

namespace natlab::reports::checks {
namespace {

Verdict judge_start(const TraceView& trace) {
  const auto by_agent = checks_by_agent(trace);
  if (by_agent.empty()) return Verdict::not_applicable("no agent sent a connectivity check");
  std::string summary;
  for (const auto& [name, checks] : by_agent) {
    const Json* received = nullptr;
    for (const Json* e : trace.events_of(name)) {
      const std::string ev = e->value("event", std::string());
      if (ev == "offer-received" || ev == "answer-received") {
        received = e;
        break;
      }
    }
    const StunOnWire& first = *checks.front().stun;
    if (!received) {
      return Verdict::fail(name + ": sends checks but never received its peer's offer or answer (no remote "
                           "credentials to form them with); first check " + trace.where(first));
    }
    const Time got = TraceView::time_of(*received);
    if (first.packet->t < got) {
      return Verdict::fail(name + ": first check before the peer's description arrived (" +
                           received->value("event", std::string()) + " at " + TraceView::format_time(got) + "); " +
                           trace.where(first));
    }
    const Duration after = first.packet->t - got;
    char ms[32];
    std::snprintf(ms, sizeof ms, "%.3f ms", static_cast<double>(after.count()) / 1e6);
    cand::append_part(summary, name + ": first check " + ms + " after " + received->value("event", std::string()));
  }
  return Verdict::pass(summary);
}

}  // namespace

Check checks_after_description_check() {
  return Check{"RFC5245-7.1.2.3-remote-credentials-first", 5245, "7.1.2.3",
               "An agent sends no connectivity check before its peer's offer or answer (the remote candidates and "
               "credentials its checks are formed with) has reached it.",
               judge_start};
}

}  // namespace natlab::reports::checks
