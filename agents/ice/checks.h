#pragma once
// The STUN messages of ICE connectivity checks, as pure functions: building a
// check (RFC 5245 7.1.2), validating an incoming one (7.2, RFC 5389 10.1.2),
// the role-conflict rule (7.2.1.1), responses (7.2.1.2) and validating a
// response (RFC 5389 10.1.3). The agent decides what to do with the results.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "agents/ice/config.h"
#include "agents/ice/credentials.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "common/ip.h"
#include "common/rng.h"

namespace natlab::ice {

struct CheckParams {
  std::string local_ufrag;
  std::string remote_ufrag;
  std::string remote_pwd;
  std::uint32_t priority = 0;  // of a would-be peer-reflexive candidate
  Role role = Role::Controlling;
  std::uint64_t tie_breaker = 0;
  bool use_candidate = false;
};

// RFC 5245 7.1.2: a Binding request with
//  - USERNAME: "formed by concatenating the username fragment provided by the
//    peer with the username fragment of the agent sending the request,
//    separated by a colon" (7.1.2.3);
//  - PRIORITY: "MUST include the PRIORITY attribute ... set equal to the
//    priority that would be assigned ... to a peer reflexive candidate"
//    (7.1.2.1);
//  - ICE-CONTROLLING or ICE-CONTROLLED with the tie-breaker: "The agent MUST
//    include the ICE-CONTROLLING attribute ... if it is in the controlling
//    role, and MUST include the ICE-CONTROLLED attribute ... if it is in the
//    controlled role" (7.1.2.2);
//  - USE-CANDIDATE when nominating (7.1.2.1, 8.1.1).
// MESSAGE-INTEGRITY and FINGERPRINT are added on encoding (check_encoding).
stun::Message build_check(const CheckParams& p);
// RFC 5245 7.1.2.3: "the message integrity is computed using the password
// provided by the peer"; 7.1.2: "The request MUST contain the FINGERPRINT".
stun::EncodeOptions check_encoding(const std::string& remote_pwd);

// What a valid incoming check asked.
struct IncomingCheck {
  std::string remote_ufrag;  // right part of USERNAME
  std::uint32_t priority = 0;
  bool use_candidate = false;
  std::optional<std::uint64_t> controlling;  // ICE-CONTROLLING tie-breaker
  std::optional<std::uint64_t> controlled;   // ICE-CONTROLLED tie-breaker
  // The table its FINGERPRINT matched (MS-ICE2 3.1.4.8.2), for the answer.
  stun::FingerprintMatch fingerprint = stun::FingerprintMatch::Missing;
};
// A request that must not be processed: answer with `code` (0: drop silently).
struct CheckRejection {
  int code = 0;
  std::string reason;
  std::vector<std::uint16_t> unknown;  // for 420
};
struct CheckValidation {
  std::optional<IncomingCheck> check;
  CheckRejection rejection;  // meaningful when !check
  bool bad_fingerprint = false;  // dropped for its FINGERPRINT (RFC 5389 7.3)
};
// RFC 5389 10.1.2 with short-term credentials, local ufrag/password:
//  - "If the message does not contain both a MESSAGE-INTEGRITY and a USERNAME
//    attribute: ... reject the request with ... 400 (Bad Request)."
//  - "If the USERNAME does not contain a username value currently valid
//    within the server: ... 401 (Unauthorized)." ICE: the left part must be
//    our ufrag (RFC 5245 7.2).
//  - "If the resulting value [HMAC] does not match ... 401 (Unauthorized)."
//  - Unknown comprehension-required attributes: 420 (RFC 5389 7.3.1).
//  - A bad FINGERPRINT: not a STUN check at all, dropped (RFC 5245 7.2:
//    "the agent MUST ... verify FINGERPRINT" via RFC 5389 7.3).
//  - No PRIORITY: 400, since RFC 5245 7.1.2.1 makes it mandatory.
// `accept_alternate`: a FINGERPRINT of MS-ICE2's alternate table counts as
// matching (MS-ICE2 3.1.4.8.2); otherwise only RFC 5389 15.5's does.
CheckValidation validate_check(std::span<const std::uint8_t> datagram, const stun::Message& m,
                               const Credentials& local, bool accept_alternate = false);

// RFC 5245 7.2.1.1.
enum class ConflictAction { None, SwitchToControlled, SwitchToControlling, Respond487 };
ConflictAction resolve_role_conflict(Role role, std::uint64_t tie_breaker, const IncomingCheck& c);

// RFC 5245 7.2.1.2: success response with XOR-MAPPED-ADDRESS = the request's
// source, "the response MUST contain ... MESSAGE-INTEGRITY ... using the
// [local] password" and FINGERPRINT.
std::vector<std::uint8_t> success_response(const stun::Message& request, const Endpoint& source,
                                           const std::string& local_pwd);
// An error response; integrity only when `local_pwd` is given (400/401 go
// without, since the request could not be authenticated).
std::vector<std::uint8_t> error_response(const stun::Message& request, int code,
                                         const std::string& reason,
                                         const std::optional<std::string>& local_pwd,
                                         const std::vector<std::uint16_t>& unknown = {});

// RFC 5245 10: "a Binding Indication" for keepalives, with FINGERPRINT.
std::vector<std::uint8_t> keepalive(Rng& rng);

// A response to one of our checks, authenticated with the remote password.
struct CheckResponse {
  bool success = false;
  int error_code = 0;
  std::optional<Endpoint> mapped;  // XOR-MAPPED-ADDRESS of a success
};
// RFC 5389 10.1.3: "If the value does not match, or if MESSAGE-INTEGRITY was
// absent, the response MUST be discarded, as if it was never received."
// A FINGERPRINT that does not match is "not STUN" (RFC 5389 7.3), likewise.
std::optional<CheckResponse> validate_response(std::span<const std::uint8_t> datagram,
                                               const stun::Message& m,
                                               const std::string& remote_pwd,
                                               bool accept_alternate = false);

}  // namespace natlab::ice
