// RFC 5389 7.3.1.1: "When forming the success response, the server adds a
// XOR-MAPPED-ADDRESS attribute to the response, where the contents of the
// attribute are the source transport address of the request message. For
// UDP, this is the source IP address and source UDP port of the request
// message." The source is the one on the request's last hop into the
// responder (for a relayed check, the peer in the Data indication or the
// relayed address the TURN server sent from). A success response of another
// method that carries XOR-MAPPED-ADDRESS (a TURN Allocate, RFC 5766 6.3) is
// held to the same rule.
#include "agents/stun/attributes.h"
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

Verdict judge_xor_mapped(const TraceView& trace) {
  std::size_t judged = 0, unknown = 0;
  for (const Answered& a : answered(trace)) {
    if (!a.request || a.response->message.cls != stun::Class::Success) continue;
    const auto mapped = a.response->message.get<stun::XorMappedAddress>();
    if (!mapped) {
      if (a.response->message.method_enum() != stun::Method::Binding) continue;
      return Verdict::fail("Binding success response without XOR-MAPPED-ADDRESS: " + trace.where(*a.response));
    }
    const auto seen = source_of(*a.request);
    if (!seen) {
      ++unknown;
      continue;
    }
    ++judged;
    if (mapped->endpoint != *seen) {
      return Verdict::fail("XOR-MAPPED-ADDRESS " + mapped->endpoint.to_string() + " but the request came from " +
                           seen->to_string() + ": " + trace.where(*a.response) + "; request " +
                           trace.where(*a.request));
    }
  }
  if (judged == 0) {
    return Verdict::not_applicable(unknown ? plural(unknown, "success response", "success responses") +
                                                 " to relayed requests whose source the trace does not show"
                                           : "no success response carried XOR-MAPPED-ADDRESS");
  }
  std::string detail = plural(judged, "success response", "success responses") +
                       " with XOR-MAPPED-ADDRESS equal to the request's source as the responder saw it";
  if (unknown) detail += "; " + std::to_string(unknown) + " skipped, source not in the trace";
  return Verdict::pass(detail);
}

}  // namespace

Check xor_mapped_address_check() {
  return Check{"RFC5389-7.3.1.1-xor-mapped-address", 5389, "7.3.1.1",
               "A Binding success response carries XOR-MAPPED-ADDRESS, and XOR-MAPPED-ADDRESS in any success "
               "response is the source transport address of the request as the responder received it.",
               judge_xor_mapped};
}

}  // namespace natlab::reports::checks
