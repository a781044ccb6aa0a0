// RFC 5389 6: "Success and error responses MUST carry the same transaction
// ID as their corresponding request." 7.3.1.1: "The method of the response
// is the same as that of the request". A response whose transaction ID no
// request reaching its sender carried answers nothing.
#include "agents/stun/summary.h"
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

Verdict judge_response_tid(const TraceView& trace) {
  std::size_t judged = 0;
  for (const Answered& a : answered(trace)) {
    ++judged;
    if (!a.request) {
      return Verdict::fail(std::string("response with a transaction ID that no request ") +
                           (a.indication ? "(only an indication) " : "") + "received by " +
                           sender_node(*a.response) + " carried: " + trace.where(*a.response));
    }
    if (a.request->message.method != a.response->message.method) {
      return Verdict::fail("response method " + stun::method_name(a.response->message.method) +
                           " differs from its request's " + stun::method_name(a.request->message.method) + ": " +
                           trace.where(*a.response) + "; request " + trace.where(*a.request));
    }
  }
  if (judged == 0) return Verdict::not_applicable("no STUN response was sent");
  return Verdict::pass(plural(judged, "response", "responses") +
                       ", each with the transaction ID and method of a request its sender received");
}

}  // namespace

Check response_tid_check() {
  return Check{"RFC5389-6-response-transaction", 5389, "6",
               "A success or error response carries the transaction ID of a request its sender received, and that "
               "request's method (7.3.1.1).",
               judge_response_tid};
}

}  // namespace natlab::reports::checks
