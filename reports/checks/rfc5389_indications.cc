// RFC 5389 7.2.1: "STUN indications are not retransmitted"; 7.3.2: "No
// response is generated for an indication." An indication sent twice with
// the same transaction ID from the same socket is a retransmission (6: a new
// transaction gets a new ID); a response whose ID only an indication received
// by its sender carried answers that indication.
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

Verdict judge_indications(const TraceView& trace) {
  const auto sent = sent_transactions(trace, stun::Class::Indication);
  for (const SentTransaction& tx : sent) {
    if (tx.sends.size() > 1) {
      return Verdict::fail("indication sent again with the same transaction ID: first " + trace.where(*tx.sends[0]) +
                           "; again " + trace.where(*tx.sends[1]));
    }
  }
  std::size_t received = 0;
  for (const StunOnWire* q : received_requests(trace)) received += q->message.cls == stun::Class::Indication;
  for (const Answered& a : answered(trace)) {
    if (a.indication && !a.request) {
      return Verdict::fail("response to an indication: " + trace.where(*a.response) + "; indication " +
                           trace.where(*a.indication));
    }
  }
  if (sent.empty() && received == 0) return Verdict::not_applicable("no STUN indication was sent");
  return Verdict::pass(plural(sent.size(), "indication", "indications") + " sent once each, " +
                       std::to_string(received) + " received, none answered");
}

}  // namespace

Check indication_check() {
  return Check{"RFC5389-7.3.2-indications", 5389, "7.3.2",
               "An indication is sent once, never retransmitted (7.2.1), and never answered with a response.",
               judge_indications};
}

}  // namespace natlab::reports::checks
