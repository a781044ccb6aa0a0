// Long-term credentials (RFC 5389 10.2, RFC 5766 4) and unknown attributes
// (RFC 5389 7.3.1), probed with Allocate requests.
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/turn/probe/cases.h"
#include "agents/turn/probe/steps.h"
#include "common/hex.h"

namespace natlab::turn::probe {

using namespace natlab::stun;

namespace {

// Unassigned in the IANA STUN attribute registry, and below 0x8000, so
// comprehension-required (RFC 5389 15).
constexpr std::uint16_t kUnknown = 0x7E2A;

// A 401/438 must carry REALM and NONCE (RFC 5389 10.2.2); false and the
// case fails when it does not.
bool require_challenge(CaseContext& c, int code) {
  const Reply& r = c.reply();
  if (!c.require(r.code() == code, "expected " + std::to_string(code) + ", got " + r.describe())) return false;
  if (!c.require(r.msg.get<Realm>().has_value(), r.describe() + " has no REALM")) return false;
  return c.require(r.msg.get<Nonce>().has_value(), r.describe() + " has no NONCE");
}

}  // namespace

CaseDef allocate_authenticated_case() {
  CaseInfo info{"RFC5766-6.2-allocate-authenticated", 5766, "6.2",
                "An Allocate without MESSAGE-INTEGRITY is answered 401 with REALM and NONCE (RFC 5389 10.2.2), "
                "and the same Allocate signed with the user's long-term credentials succeeds.",
                false};
  return {info, {SocketRole::Client}, [] {
            return std::vector<Step>{
                [](CaseContext& c) {
                  RequestOptions unsigned_request;
                  unsigned_request.sign = false;
                  c.send_request(0, allocate_request(c), unsigned_request);
                },
                [](CaseContext& c) {
                  if (!require_challenge(c, 401)) return;
                  const std::string realm = c.reply().msg.get<Realm>()->value;
                  // --realm names the realm the operator configured.
                  if (!c.config().realm.empty() &&
                      !c.require(realm == c.config().realm,
                                 c.reply().describe() + " names REALM \"" + realm + "\", expected \"" +
                                     c.config().realm + "\""))
                    return;
                  c.note("unsigned Allocate: " + c.reply().describe() + " with REALM \"" + realm + "\" and a NONCE");
                  c.send_request(0, allocate_request(c));
                },
                [](CaseContext& c) {
                  const Reply& r = c.reply();
                  if (!c.require(r.success(), "Allocate signed with the 401's REALM and NONCE: " + r.describe()))
                    return;
                  if (auto relayed = r.msg.get<XorRelayedAddress>()) c.note_allocation(0, relayed->endpoint);
                  c.note("signed Allocate: " + r.describe());
                },
            };
          }};
}

CaseDef stale_nonce_case() {
  CaseInfo info{"RFC5766-4-stale-nonce", 5766, "4",
                "A request whose NONCE the server did not issue (or no longer accepts) is answered 438 with "
                "REALM and a new NONCE (RFC 5389 10.2.2), and a retry with that NONCE succeeds.",
                false};
  return {info, {SocketRole::Client}, [] {
            auto forged = std::make_shared<std::string>();
            return std::vector<Step>{
                [](CaseContext& c) {
                  RequestOptions o;
                  o.sign = false;
                  c.send_request(0, allocate_request(c), o);
                },
                [forged](CaseContext& c) {
                  if (!require_challenge(c, 401)) return;
                  // Same length as a real one, random content: a nonce this
                  // server cannot have issued.
                  const std::string real = c.reply().msg.get<Nonce>()->value;
                  *forged = to_hex(c.payload(std::max<std::size_t>(8, real.size() / 2 + 1)));
                  RequestOptions o;
                  o.retry_stale = false;
                  o.nonce = *forged;
                  c.send_request(0, allocate_request(c), o);
                },
                [forged](CaseContext& c) {
                  if (auto relayed = c.reply().msg.get<XorRelayedAddress>(); relayed && c.reply().success())
                    c.note_allocation(0, relayed->endpoint);
                  if (!require_challenge(c, 438)) return;
                  const std::string fresh = c.reply().msg.get<Nonce>()->value;
                  if (!c.require(fresh != *forged, c.reply().describe() + " hands back the stale NONCE")) return;
                  c.note("Allocate with a NONCE the server never issued: " + c.reply().describe() +
                         " with REALM and a new NONCE");
                  c.send_request(0, allocate_request(c));  // signed with the new nonce
                },
                [](CaseContext& c) {
                  const Reply& r = c.reply();
                  if (!c.require(r.success(), "Allocate with the 438's NONCE: " + r.describe())) return;
                  if (auto relayed = r.msg.get<XorRelayedAddress>()) c.note_allocation(0, relayed->endpoint);
                  c.note("retry: " + r.describe());
                },
            };
          }};
}

CaseDef unknown_attribute_case() {
  CaseInfo info{"RFC5389-7.3.1-unknown-attributes", 5389, "7.3.1",
                "A request with an unknown comprehension-required attribute is answered 420 (Unknown Attribute) "
                "with UNKNOWN-ATTRIBUTES naming it, never with a success.",
                false};
  return {info, {SocketRole::Client}, [] {
            return std::vector<Step>{
                [](CaseContext& c) {
                  Message m = allocate_request(c);
                  m.attributes.push_back(RawAttribute{kUnknown, {0x6e, 0x61, 0x74, 0x6c}});
                  c.send_request(0, std::move(m));
                },
                [](CaseContext& c) {
                  const Reply& r = c.reply();
                  if (r.success()) {
                    if (auto relayed = r.msg.get<XorRelayedAddress>()) c.note_allocation(0, relayed->endpoint);
                  }
                  if (!c.require(r.code() == 420, "Allocate with attribute 0x7E2A: expected 420, got " + r.describe()))
                    return;
                  auto unknown = r.msg.get<UnknownAttributes>();
                  if (!c.require(unknown.has_value(), r.describe() + " has no UNKNOWN-ATTRIBUTES")) return;
                  const bool named =
                      std::find(unknown->types.begin(), unknown->types.end(), kUnknown) != unknown->types.end();
                  c.require(named, r.describe() + ": UNKNOWN-ATTRIBUTES does not name 0x7E2A");
                  c.note("Allocate with attribute 0x7E2A: " + r.describe() + " with UNKNOWN-ATTRIBUTES 0x7E2A");
                },
            };
          }};
}

CaseDef server_requires_integrity_case() {
  CaseInfo info{"RFC5766-4-server-requires-integrity", 5766, "4",
                "On an allocation, a Refresh or ChannelBind whose MESSAGE-INTEGRITY does not verify under the "
                "user's long-term key, and a CreatePermission without MESSAGE-INTEGRITY, are answered 401 "
                "(RFC 5389 10.2.2), never granted.",
                false};
  struct State {
    std::vector<std::string> wrong;
  };
  auto expect_401 = [](std::shared_ptr<State> st, const char* what) {
    return [st, what](CaseContext& c) {
      const std::string line = std::string(what) + ": " + c.reply().describe();
      if (c.reply().code() != 401) {
        st->wrong.push_back(line);
      } else {
        c.note(line);
      }
    };
  };
  auto wrong_key = [](const CaseContext& c) {
    RequestOptions o;
    o.password = c.config().password + "-wrong";
    return o;
  };
  return {info, {SocketRole::Client}, [expect_401, wrong_key] {
            auto st = std::make_shared<State>();
            return join({allocate(0),
                         {
                             [wrong_key](CaseContext& c) {
                               c.send_request(0, refresh_request(c, std::nullopt), wrong_key(c));
                             },
                             expect_401(st, "Refresh signed with a wrong password"),
                             [](CaseContext& c) {
                               RequestOptions o;
                               o.sign = false;
                               c.send_request(0, create_permission_request(c, c.local(0)), o);
                             },
                             expect_401(st, "CreatePermission without MESSAGE-INTEGRITY"),
                             [wrong_key](CaseContext& c) {
                               c.send_request(0, channel_bind_request(c, 0x4000, c.local(0)), wrong_key(c));
                             },
                             expect_401(st, "ChannelBind signed with a wrong password"),
                             [st](CaseContext& c) {
                               if (st->wrong.empty()) return;
                               std::string detail = "expected 401: ";
                               for (std::size_t i = 0; i < st->wrong.size(); ++i)
                                 detail += (i ? "; " : "") + st->wrong[i];
                               c.fail(detail);
                             },
                         }});
          }};
}

}  // namespace natlab::turn::probe
