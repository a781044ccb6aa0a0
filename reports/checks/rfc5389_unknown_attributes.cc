// RFC 5389 7.3.1: "If the request contains one or more unknown
// comprehension-required attributes, the server replies with an error
// response with an error code of 420 (Unknown Attribute), and includes an
// UNKNOWN-ATTRIBUTES attribute in the response that lists the unknown
// comprehension-required attributes." 7.3.1.1: "for an error code of 420
// (Unknown Attribute), the server MUST include an UNKNOWN-ATTRIBUTES
// attribute."
//
// 7.3 runs the authentication checks (section 10) before looking for unknown
// attributes, so a 400, 401 or 438 is an acceptable answer too; a success, or
// any other error, is not. "Unknown" means unknown to natlab's agents and
// servers: every attribute type stun::is_known_attribute lists.
#include <algorithm>
#include <set>

#include "agents/stun/attributes.h"
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

std::vector<std::uint16_t> unknown_required(const stun::Message& m) {
  std::vector<std::uint16_t> out;
  for (const auto& a : m.attributes) {
    if (stun::comprehension_required(a.type) && !stun::is_known_attribute(a.type) &&
        std::find(out.begin(), out.end(), a.type) == out.end())
      out.push_back(a.type);
  }
  return out;
}

std::string names(const std::vector<std::uint16_t>& types) {
  std::string s;
  for (auto t : types) s += (s.empty() ? "" : ", ") + stun::attribute_name(t);
  return s;
}

Verdict judge_unknown_attributes(const TraceView& trace) {
  std::size_t with_unknown = 0, answered_420 = 0, answered_auth = 0, other_420 = 0;
  std::set<std::pair<std::string, stun::TransactionId>> answered_ids;
  for (const Answered& a : answered(trace)) {
    const stun::Message& r = a.response->message;
    const auto code = r.get<stun::ErrorCode>();
    const bool is_420 = r.cls == stun::Class::Error && code && code->code == 420;
    if (is_420 && r.find(stun::attr::UnknownAttributes) == nullptr) {
      return Verdict::fail("420 response without UNKNOWN-ATTRIBUTES: " + trace.where(*a.response));
    }
    const auto unknown = a.request ? unknown_required(a.request->message) : std::vector<std::uint16_t>{};
    if (unknown.empty()) {
      if (is_420) ++other_420;
      continue;
    }
    answered_ids.insert({receiver_node(*a.request), a.request->message.transaction_id});
    const std::string what = "request with unknown comprehension-required " + names(unknown) + " (" +
                             trace.where(*a.request) + ") answered by ";
    if (r.cls == stun::Class::Success) return Verdict::fail(what + "a success response: " + trace.where(*a.response));
    if (!code) continue;  // RFC5389-15.6-error-code
    if (code->code == 400 || code->code == 401 || code->code == 438) {
      ++answered_auth;  // 7.3: authentication first
      continue;
    }
    if (!is_420) {
      return Verdict::fail(what + "error " + std::to_string(code->code) + " instead of 420: " + trace.where(*a.response));
    }
    const auto listed = r.get<stun::UnknownAttributes>();
    for (auto t : unknown) {
      if (!listed || std::find(listed->types.begin(), listed->types.end(), t) == listed->types.end()) {
        return Verdict::fail(what + "420 whose UNKNOWN-ATTRIBUTES does not list " + stun::attribute_name(t) + ": " +
                             trace.where(*a.response));
      }
    }
    ++answered_420;
  }
  std::set<std::pair<std::string, stun::TransactionId>> requests;
  for (const StunOnWire* q : received_requests(trace)) {
    if (q->message.cls == stun::Class::Request && !unknown_required(q->message).empty())
      requests.insert({receiver_node(*q), q->message.transaction_id});
  }
  with_unknown = requests.size();
  if (with_unknown == 0 && other_420 == 0) {
    return Verdict::not_applicable("no request with an unknown comprehension-required attribute, and no 420");
  }
  std::size_t unanswered = 0;
  for (const auto& id : requests) unanswered += answered_ids.count(id) == 0;
  return Verdict::pass(plural(with_unknown, "request", "requests") +
                       " with unknown comprehension-required attributes: " + std::to_string(answered_420) +
                       " answered 420 listing them, " + std::to_string(answered_auth) +
                       " rejected by authentication first, " + std::to_string(unanswered) + " unanswered; " +
                       plural(other_420, "other 420", "other 420s") + ", each with UNKNOWN-ATTRIBUTES");
}

}  // namespace

Check unknown_attributes_check() {
  return Check{"RFC5389-7.3.1-unknown-attributes", 5389, "7.3.1",
               "A request with an unknown comprehension-required attribute is answered with a 420 error whose "
               "UNKNOWN-ATTRIBUTES lists it (or rejected by authentication first), never with a success, and every "
               "420 carries UNKNOWN-ATTRIBUTES.",
               judge_unknown_attributes};
}

}  // namespace natlab::reports::checks
