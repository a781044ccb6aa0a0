// The long-term credential mechanism (RFC 5389 10.2) as TURN uses it
// (RFC 5766 4): the server demands it for every request, challenges an
// unsigned Allocate with 401, and answers a stale nonce with 438 and a new
// one; clients sign what they send once they hold the realm and nonce.
#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "reports/checks/rfc5766_checks.h"
#include "reports/checks/rfc5766_wire.h"

namespace natlab::reports::checks {
namespace {

using stun::Class;
using stun::Method;

// Why a request does not authenticate under the server's long-term
// credentials (scenario servers[].turn realm and users); empty when it does.
std::string integrity_problem(const TraceView& trace, const std::string& server, const StunOnWire& request) {
  const sim::TurnService* service = turn_service(trace, server);
  if (!service) return "the server has no TURN service in the scenario";
  const stun::Message& m = request.message;
  if (!m.find(stun::attr::MessageIntegrity)) return "it has no MESSAGE-INTEGRITY";
  auto username = m.get<stun::Username>();
  auto realm = m.get<stun::Realm>();
  if (!username || !realm || !m.get<stun::Nonce>()) return "it lacks USERNAME, REALM or NONCE";
  if (realm->value != service->realm) return "its REALM \"" + realm->value + "\" is not the server's";
  auto user = service->users.find(username->value);
  if (user == service->users.end()) return "USERNAME \"" + username->value + "\" is not one of the server's users";
  const auto key = stun::long_term_key(username->value, service->realm, user->second);
  if (stun::check_integrity(request.bytes, key) != stun::IntegrityCheck::Valid)
    return "its MESSAGE-INTEGRITY does not verify with " + username->value + "'s long-term key";
  return {};
}

Verdict judge_allocate(const TraceView& trace) {
  const TurnWire wire(trace);
  int challenged = 0, granted = 0;
  for (const TurnExchange& x : wire.exchanges()) {
    if (x.response->message.method_enum() != Method::Allocate) continue;
    if (!x.request) {
      if (!x.success()) continue;
      return Verdict::fail(x.server + " sent an Allocate success for a transaction it never received: " +
                           where_answer(trace, x));
    }
    if (!x.request->message.find(stun::attr::MessageIntegrity)) {
      ++challenged;
      // RFC 5389 10.2.2: a request without MESSAGE-INTEGRITY gets 401, with
      // REALM and NONCE; RFC 5766 6.2 step 1: Allocate MUST be authenticated.
      if (x.error_code() != 401) {
        return Verdict::fail(x.server + " answered an Allocate without MESSAGE-INTEGRITY with " +
                             (x.success() ? std::string("a success") : "error " + std::to_string(x.error_code())) +
                             " instead of 401: " + where_answer(trace, x));
      }
      if (!x.response->message.get<stun::Realm>() || !x.response->message.get<stun::Nonce>()) {
        return Verdict::fail(x.server + " challenged an Allocate with a 401 lacking REALM or NONCE: " +
                             where_answer(trace, x));
      }
      continue;
    }
    if (!x.success()) continue;
    ++granted;
    if (auto problem = integrity_problem(trace, x.server, *x.request); !problem.empty()) {
      return Verdict::fail(x.server + " granted an allocation to an Allocate that is not authenticated (" + problem +
                           "): " + trace.where(*x.request) + "; answer " + where_answer(trace, x));
    }
  }
  if (challenged == 0 && granted == 0) return Verdict::not_applicable("no TURN server answered an Allocate");
  return Verdict::pass(std::to_string(challenged) + " unsigned Allocates challenged with 401 (REALM, NONCE); " +
                       std::to_string(granted) + " successes, each for an Allocate signed with a user's long-term key");
}

Verdict judge_stale_nonce(const TraceView& trace) {
  const TurnWire wire(trace);
  int n = 0;
  for (const TurnExchange& x : wire.exchanges()) {
    if (x.error_code() != 438) continue;
    ++n;
    const stun::Message& answer = x.response->message;
    // RFC 5389 10.2.2: "This response MUST include NONCE and REALM attributes"
    // — a nonce the client can use, so not the stale one it sent.
    auto nonce = answer.get<stun::Nonce>();
    if (!nonce || !answer.get<stun::Realm>()) {
      return Verdict::fail(x.server + " answered 438 Stale Nonce without NONCE or REALM: " + where_answer(trace, x));
    }
    if (x.request) {
      auto stale = x.request->message.get<stun::Nonce>();
      if (stale && stale->value == nonce->value) {
        return Verdict::fail(x.server + " answered 438 Stale Nonce with the very NONCE the request carried (\"" +
                             nonce->value + "\"): " + where_answer(trace, x));
      }
    }
  }
  if (n == 0) return Verdict::not_applicable("no TURN server answered 438 Stale Nonce");
  return Verdict::pass(std::to_string(n) + " 438 answers, each with REALM and a new NONCE");
}

bool needs_credentials(const stun::Message& m) {
  const Method method = m.method_enum();
  return m.cls == Class::Request &&
         (method == Method::Refresh || method == Method::CreatePermission || method == Method::ChannelBind);
}

Verdict judge_client_signed(const TraceView& trace) {
  int n = 0;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (!needs_credentials(m.message) || !from_host_to_server(trace, m)) continue;
    ++n;
    // These requests exist only on an allocation, which the client got with
    // the realm's credentials: RFC 5389 10.2.1.2, it includes USERNAME,
    // REALM, NONCE and MESSAGE-INTEGRITY in subsequent requests; RFC 5766 4,
    // the server demands them.
    std::string missing;
    for (auto [type, name] : {std::pair{stun::attr::Username, "USERNAME"}, std::pair{stun::attr::Realm, "REALM"},
                              std::pair{stun::attr::Nonce, "NONCE"},
                              std::pair{stun::attr::MessageIntegrity, "MESSAGE-INTEGRITY"}}) {
      if (!m.message.find(type)) missing += (missing.empty() ? "" : ", ") + std::string(name);
    }
    if (!missing.empty()) return Verdict::fail("a client sent a request without " + missing + ": " + trace.where(m));
  }
  if (n == 0) return Verdict::not_applicable("no client sent Refresh, CreatePermission or ChannelBind");
  return Verdict::pass(std::to_string(n) + " Refresh, CreatePermission and ChannelBind requests from clients, all with "
                       "USERNAME, REALM, NONCE and MESSAGE-INTEGRITY");
}

Verdict judge_server_integrity(const TraceView& trace) {
  const TurnWire wire(trace);
  int n = 0;
  for (const TurnExchange& x : wire.exchanges()) {
    if (!x.success()) continue;
    const Method method = x.response->message.method_enum();
    if (method != Method::Refresh && method != Method::CreatePermission && method != Method::ChannelBind) continue;
    ++n;
    if (!x.request) {
      return Verdict::fail(x.server + " sent a success for a transaction it never received: " + where_answer(trace, x));
    }
    // RFC 5766 4: "the server MUST demand that all requests from the client
    // be authenticated".
    if (auto problem = integrity_problem(trace, x.server, *x.request); !problem.empty()) {
      return Verdict::fail(x.server + " accepted a request that is not authenticated (" + problem + "): " +
                           trace.where(*x.request) + "; answer " + where_answer(trace, x));
    }
    // RFC 5766 4: a request with another username than the allocation's
    // "MUST be rejected with a 441 (Wrong Credentials)".
    const WireAllocation* a = wire.by_tuple(x.tuple, x.t());
    auto user = x.request->message.get<stun::Username>();
    if (a && !a->username.empty() && user && user->value != a->username) {
      return Verdict::fail(x.server + " accepted a request signed by \"" + user->value + "\" on the allocation of \"" +
                           a->username + "\" instead of answering 441: " + where_answer(trace, x));
    }
  }
  if (n == 0) return Verdict::not_applicable("no TURN server accepted a Refresh, CreatePermission or ChannelBind");
  return Verdict::pass(std::to_string(n) + " Refresh, CreatePermission and ChannelBind successes, each for a request "
                       "signed by the allocation's user");
}

}  // namespace

Check allocate_authenticated_check() {
  return Check{"RFC5766-6.2-allocate-authenticated", 5766, "6.2",
               "A TURN server answers an Allocate without MESSAGE-INTEGRITY with 401 carrying REALM and NONCE, and "
               "grants an allocation only to an Allocate whose MESSAGE-INTEGRITY verifies under a configured user's "
               "long-term credentials.",
               judge_allocate};
}

Check stale_nonce_check() {
  return Check{"RFC5766-4-stale-nonce", 5766, "4",
               "A 438 (Stale Nonce) answer carries REALM and a NONCE different from the stale one in the request "
               "(RFC 5389 10.2.2).",
               judge_stale_nonce};
}

Check client_requests_signed_check() {
  return Check{"RFC5766-4-client-requests-signed", 5766, "4",
               "A TURN client's Refresh, CreatePermission and ChannelBind requests carry USERNAME, REALM, NONCE and "
               "MESSAGE-INTEGRITY (RFC 5389 10.2.1.2).",
               judge_client_signed};
}

Check server_requires_integrity_check() {
  return Check{"RFC5766-4-server-requires-integrity", 5766, "4",
               "A TURN server accepts a Refresh, CreatePermission or ChannelBind only when its MESSAGE-INTEGRITY "
               "verifies under the long-term credentials of the user who created the allocation.",
               judge_server_integrity};
}

}  // namespace natlab::reports::checks
