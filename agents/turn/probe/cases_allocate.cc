// Allocate and Refresh (RFC 5766 6 and 7) as seen from outside.
#include <memory>
#include <string>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "agents/turn/probe/cases.h"
#include "agents/turn/probe/steps.h"

namespace natlab::turn::probe {

using namespace natlab::stun;

namespace {

constexpr std::uint32_t kHuge = 0xFFFFFFFF;  // 136 years
// SCTP (132): no TURN extension relays it (RFC 6062 adds TCP only), so
// every RFC 5766 server must refuse it with 442.
constexpr std::uint8_t kSctp = 132;

void remember_allocation(CaseContext& c, SocketIdx s) {
  if (!c.reply().success()) return;
  if (auto relayed = c.reply().msg.get<XorRelayedAddress>()) c.note_allocation(s, relayed->endpoint);
}

}  // namespace

CaseDef allocate_response_case() {
  CaseInfo info{"RFC5766-6.3-allocate-response-attributes", 5766, "6.3",
                "An Allocate success response carries XOR-RELAYED-ADDRESS, XOR-MAPPED-ADDRESS and LIFETIME "
                "(RFC 5766 6.2), and MESSAGE-INTEGRITY under the requester's long-term key (RFC 5389 10.2.2).",
                false};
  return {info, {SocketRole::Client}, [] {
            return std::vector<Step>{
                [](CaseContext& c) { c.send_request(0, allocate_request(c)); },
                [](CaseContext& c) {
                  const Reply& r = c.reply();
                  remember_allocation(c, 0);
                  if (!c.require(r.success(), "Allocate with credentials: " + r.describe())) return;
                  std::string missing;
                  for (auto [type, name] : {std::pair{attr::XorRelayedAddress, "XOR-RELAYED-ADDRESS"},
                                            std::pair{attr::XorMappedAddress, "XOR-MAPPED-ADDRESS"},
                                            std::pair{attr::Lifetime, "LIFETIME"},
                                            std::pair{attr::MessageIntegrity, "MESSAGE-INTEGRITY"}}) {
                    if (!r.msg.find(type)) missing += std::string(missing.empty() ? "" : ", ") + name;
                  }
                  if (!c.require(missing.empty(), r.describe() + " lacks " + missing)) return;
                  const auto key = long_term_key(c.config().username, c.realm(), c.config().password);
                  if (!c.require(check_integrity(r.bytes, key) == IntegrityCheck::Valid,
                                 r.describe() + ": MESSAGE-INTEGRITY does not verify with the long-term key"))
                    return;
                  const Endpoint mapped = r.msg.get<XorMappedAddress>()->endpoint;
                  c.note(r.describe() + ": XOR-RELAYED-ADDRESS " +
                         r.msg.get<XorRelayedAddress>()->endpoint.to_string() + ", XOR-MAPPED-ADDRESS " +
                         mapped.to_string() + (mapped == c.local(0) ? " (the probe's socket)" : " (a NAT's mapping?)") +
                         ", LIFETIME " + std::to_string(r.msg.get<Lifetime>()->seconds) +
                         " s, MESSAGE-INTEGRITY valid");
                },
            };
          }};
}

CaseDef second_allocate_case() {
  CaseInfo info{"RFC5766-6.2-second-allocate-437", 5766, "6.2",
                "A second Allocate on a 5-tuple that already has an allocation, with a different transaction id, "
                "is answered 437 (Allocation Mismatch).",
                false};
  return {info, {SocketRole::Client}, [] {
            return join({allocate(0),
                         {
                             [](CaseContext& c) { c.send_request(0, allocate_request(c)); },
                             [](CaseContext& c) {
                               c.require(c.reply().code() == 437,
                                         "second Allocate on the same 5-tuple: expected 437, got " +
                                             c.reply().describe());
                               c.note("second Allocate on the same 5-tuple: " + c.reply().describe());
                             },
                         }});
          }};
}

CaseDef no_allocation_case() {
  // RFC 5766 4: every request but Allocate on a 5-tuple without an
  // allocation "MUST ... be rejected with a 437".
  CaseInfo info{"RFC5766-4-no-allocation-437", 5766, "4",
                "A Refresh, CreatePermission or ChannelBind on a 5-tuple without an allocation is answered 437 "
                "(Allocation Mismatch).",
                false};
  // All three are asked; the detail lists every answer that is not 437.
  struct State {
    std::vector<std::string> wrong;
  };
  auto expect_437 = [](std::shared_ptr<State> st, const char* what) {
    return [st, what](CaseContext& c) {
      const std::string line = std::string(what) + " without an allocation: " + c.reply().describe();
      if (c.reply().code() != 437) {
        st->wrong.push_back(line);
      } else {
        c.note(line);
      }
    };
  };
  return {info, {SocketRole::Client}, [expect_437] {
            auto st = std::make_shared<State>();
            return std::vector<Step>{
                [](CaseContext& c) { c.send_request(0, refresh_request(c, std::nullopt)); },
                expect_437(st, "Refresh"),
                [](CaseContext& c) { c.send_request(0, create_permission_request(c, c.local(0))); },
                expect_437(st, "CreatePermission"),
                [](CaseContext& c) { c.send_request(0, channel_bind_request(c, 0x4000, c.local(0))); },
                expect_437(st, "ChannelBind"),
                [st](CaseContext& c) {
                  if (st->wrong.empty()) return;
                  std::string detail = "expected 437: ";
                  for (std::size_t i = 0; i < st->wrong.size(); ++i) detail += (i ? "; " : "") + st->wrong[i];
                  c.fail(detail);
                },
            };
          }};
}

CaseDef unsupported_transport_case() {
  CaseInfo info{"RFC5766-6.2-unsupported-transport-442", 5766, "6.2",
                "An authenticated Allocate whose REQUESTED-TRANSPORT is not UDP is answered 442 (Unsupported "
                "Transport Protocol) and gets no allocation.",
                false};
  return {info, {SocketRole::Client}, [] {
            return std::vector<Step>{
                [](CaseContext& c) { c.send_request(0, allocate_request(c, kSctp)); },
                [](CaseContext& c) {
                  remember_allocation(c, 0);
                  c.require(c.reply().code() == 442,
                            "Allocate with REQUESTED-TRANSPORT 132 (SCTP): expected 442, got " + c.reply().describe());
                  c.note("Allocate with REQUESTED-TRANSPORT 132 (SCTP): " + c.reply().describe());
                },
            };
          }};
}

CaseDef lifetime_capped_case() {
  CaseInfo info{"RFC5766-7.2-lifetime-capped", 5766, "7.2",
                "An Allocate (6.2) or Refresh (7.2) asking for a LIFETIME beyond the server's maximum is granted "
                "at most that maximum: the LIFETIME of the success response is below the one requested.",
                false};
  auto check = [](const char* what) {
    return [what](CaseContext& c) {
      const Reply& r = c.reply();
      remember_allocation(c, 0);
      if (!c.require(r.success(), std::string(what) + " with LIFETIME 4294967295: " + r.describe())) return;
      auto lt = r.msg.get<Lifetime>();
      if (!c.require(lt.has_value(), r.describe() + " has no LIFETIME")) return;
      if (!c.require(lt->seconds < kHuge && lt->seconds > 0,
                     r.describe() + " grants LIFETIME " + std::to_string(lt->seconds) + " s for 4294967295 asked"))
        return;
      c.note(std::string(what) + " asking 4294967295 s: " + r.describe() + " grants " +
             std::to_string(lt->seconds) + " s");
    };
  };
  return {info, {SocketRole::Client}, [check] {
            return std::vector<Step>{
                [](CaseContext& c) { c.send_request(0, allocate_request(c, 17, kHuge)); },
                check("Allocate"),
                [](CaseContext& c) { c.send_request(0, refresh_request(c, kHuge)); },
                check("Refresh"),
            };
          }};
}

CaseDef lifetime_zero_case() {
  CaseInfo info{"RFC5766-7.2-lifetime-zero-deletes", 5766, "7.2",
                "A Refresh with LIFETIME 0 succeeds and deletes the allocation at once: a later Refresh on that "
                "5-tuple is answered 437 (Allocation Mismatch).",
                false};
  return {info, {SocketRole::Client}, [] {
            return join({allocate(0),
                         {
                             [](CaseContext& c) { c.send_request(0, refresh_request(c, 0)); },
                             [](CaseContext& c) {
                               const Reply& r = c.reply();
                               if (!c.require(r.success(), "Refresh with LIFETIME 0: " + r.describe())) return;
                               c.forget_allocation(0);
                               c.note("Refresh with LIFETIME 0: " + r.describe());
                               c.send_request(0, refresh_request(c, std::nullopt));
                             },
                             [](CaseContext& c) {
                               // Still there: delete it when the case ends.
                               if (c.reply().success()) c.note_allocation(0, Endpoint{});
                               c.require(c.reply().code() == 437,
                                         "Refresh after the deleting one: expected 437, got " + c.reply().describe());
                               c.note("Refresh after it: " + c.reply().describe());
                             },
                         }});
          }};
}

}  // namespace natlab::turn::probe
