// RFC 5389 7.3.1.2: "If the request was received over UDP, the destination
// IP address and port of the response are the source IP address and port of
// the received request message, and the source IP address and port of the
// response are equal to the destination IP address and port of the received
// request message." Addresses are compared as the responder saw them: on the
// last hop of the request into it and the first hop of its response (for a
// relayed message, the relayed address and the peer).
//
// RFC 5780 7.2 / 7.5: CHANGE-REQUEST asks for a response from another
// address or port, RESPONSE-PORT for one to another port; those parts are not
// compared.
#include "agents/stun/attributes.h"
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

Verdict judge_response_address(const TraceView& trace) {
  std::size_t judged = 0, unknown = 0;
  for (const Answered& a : answered(trace)) {
    if (!a.request) continue;  // RFC5389-6-response-transaction
    const stun::Message& q = a.request->message;
    const auto change = q.get<stun::ChangeRequest>();
    const bool source_may_change = change && (change->change_ip || change->change_port);
    const bool port_may_change = q.find(stun::attr::ResponsePort) != nullptr;
    const auto from = source_of(*a.response), to = destination_of(*a.response);
    const auto request_from = source_of(*a.request), request_to = destination_of(*a.request);
    if (!from || !to || !request_from || !request_to) {
      ++unknown;
      continue;
    }
    ++judged;
    if (!source_may_change && *from != *request_to) {
      return Verdict::fail("response sent from " + from->to_string() + ", not from " + request_to->to_string() +
                           " where its request arrived: " + trace.where(*a.response) + "; request " +
                           trace.where(*a.request));
    }
    const bool same_destination = port_may_change ? to->address == request_from->address : *to == *request_from;
    if (!same_destination) {
      return Verdict::fail("response sent to " + to->to_string() + ", not to " + request_from->to_string() +
                           ", the source of its request: " + trace.where(*a.response) + "; request " +
                           trace.where(*a.request));
    }
  }
  if (judged == 0) {
    return Verdict::not_applicable(unknown ? plural(unknown, "response", "responses") +
                                                 " whose relayed addresses the trace does not show"
                                           : "no STUN response answered a request");
  }
  std::string detail = plural(judged, "response", "responses") +
                       " sent from the request's destination to its source, as the responder saw them";
  if (unknown) detail += "; " + std::to_string(unknown) + " skipped, relayed addresses not in the trace";
  return Verdict::pass(detail);
}

}  // namespace

Check response_address_check() {
  return Check{"RFC5389-7.3.1.2-response-address", 5389, "7.3.1.2",
               "A response to a request received over UDP is sent from the address and port the request arrived at "
               "to the address and port it came from.",
               judge_response_address};
}

}  // namespace natlab::reports::checks
