#include "agents/ice/checks.h"

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"

namespace natlab::ice {

using stun::attr::Fingerprint;
using stun::attr::MessageIntegrity;

stun::Message build_check(const CheckParams& p) {
  stun::Message m;
  m.cls = stun::Class::Request;
  m.method = static_cast<std::uint16_t>(stun::Method::Binding);
  m.add(stun::Username{p.remote_ufrag + ":" + p.local_ufrag});
  m.add(stun::Priority{p.priority});
  if (p.role == Role::Controlling) m.add(stun::IceControlling{p.tie_breaker});
  else m.add(stun::IceControlled{p.tie_breaker});
  if (p.use_candidate) m.add(stun::UseCandidate{});
  return m;
}

stun::EncodeOptions check_encoding(const std::string& remote_pwd) {
  stun::EncodeOptions o;
  o.integrity = stun::short_term_key(remote_pwd);
  o.fingerprint = true;
  return o;
}

namespace {
bool fingerprint_ok(stun::FingerprintMatch match, bool accept_alternate) {
  if (match == stun::FingerprintMatch::None) return false;
  return match != stun::FingerprintMatch::Alternate || accept_alternate;
}
}  // namespace

CheckValidation validate_check(std::span<const std::uint8_t> datagram, const stun::Message& m,
                               const Credentials& local, bool accept_alternate) {
  CheckValidation v;
  const stun::FingerprintMatch fingerprint = stun::verify_fingerprint(datagram).match;
  if (!fingerprint_ok(fingerprint, accept_alternate)) {
    v.rejection = {0, "bad fingerprint", {}};
    v.bad_fingerprint = true;
    return v;
  }
  auto username = m.get<stun::Username>();
  if (!username || m.find(MessageIntegrity) == nullptr) {
    v.rejection = {400, "Bad Request", {}};
    return v;
  }
  // RFC 5245 7.2: USERNAME is "LFRAG:RFRAG" seen from the receiver.
  const std::string& u = username->value;
  auto colon = u.find(':');
  if (colon == std::string::npos || u.substr(0, colon) != local.ufrag) {
    v.rejection = {401, "Unauthorized", {}};
    return v;
  }
  if (stun::check_integrity(datagram, stun::short_term_key(local.pwd)) != stun::IntegrityCheck::Valid) {
    v.rejection = {401, "Unauthorized", {}};
    return v;
  }
  std::vector<std::uint16_t> unknown;
  for (const auto& a : m.attributes)
    if (stun::comprehension_required(a.type) && !stun::is_known_attribute(a.type)) unknown.push_back(a.type);
  if (!unknown.empty()) {
    v.rejection = {420, "Unknown Attribute", unknown};
    return v;
  }
  auto prio = m.get<stun::Priority>();
  if (!prio) {
    v.rejection = {400, "Bad Request", {}};
    return v;
  }
  IncomingCheck c;
  c.fingerprint = fingerprint;
  c.remote_ufrag = u.substr(colon + 1);
  c.priority = prio->value;
  c.use_candidate = m.find(stun::attr::UseCandidate) != nullptr;
  if (auto a = m.get<stun::IceControlling>()) c.controlling = a->tie_breaker;
  if (auto a = m.get<stun::IceControlled>()) c.controlled = a->tie_breaker;
  v.check = std::move(c);
  return v;
}

ConflictAction resolve_role_conflict(Role role, std::uint64_t tie_breaker, const IncomingCheck& c) {
  // RFC 5245 7.2.1.1: "If the agent is in the controlling role, and the
  // ICE-CONTROLLING attribute is present in the request: If the agent's
  // tie-breaker is larger than or equal to the contents of the
  // ICE-CONTROLLING attribute, the agent generates a Binding error response
  // and includes an ERROR-CODE attribute with a value of 487 (Role Conflict)
  // but retains its role. If the agent's tie-breaker is less than the contents
  // of the ICE-CONTROLLING attribute, the agent switches to the controlled
  // role."
  if (role == Role::Controlling && c.controlling)
    return tie_breaker >= *c.controlling ? ConflictAction::Respond487 : ConflictAction::SwitchToControlled;
  // "If the agent is in the controlled role, and the ICE-CONTROLLED attribute
  // is present in the request: If the agent's tie-breaker is larger than or
  // equal to the contents of the ICE-CONTROLLED attribute, the agent switches
  // to the controlling role. If the agent's tie-breaker is less than the
  // contents of the ICE-CONTROLLED attribute, the agent generates a Binding
  // error response and includes an ERROR-CODE attribute with a value of 487."
  if (role == Role::Controlled && c.controlled)
    return tie_breaker >= *c.controlled ? ConflictAction::SwitchToControlling : ConflictAction::Respond487;
  return ConflictAction::None;
}

namespace {
stun::Message response_to(const stun::Message& request, stun::Class cls) {
  stun::Message r;
  r.cls = cls;
  r.method = request.method;
  r.transaction_id = request.transaction_id;
  return r;
}
}  // namespace

std::vector<std::uint8_t> success_response(const stun::Message& request, const Endpoint& source,
                                           const std::string& local_pwd) {
  stun::Message r = response_to(request, stun::Class::Success);
  r.add(stun::XorMappedAddress{source});
  stun::EncodeOptions o;
  o.integrity = stun::short_term_key(local_pwd);
  o.fingerprint = true;
  return stun::encode(r, o);
}

std::vector<std::uint8_t> error_response(const stun::Message& request, int code,
                                         const std::string& reason,
                                         const std::optional<std::string>& local_pwd,
                                         const std::vector<std::uint16_t>& unknown) {
  stun::Message r = response_to(request, stun::Class::Error);
  r.add(stun::ErrorCode{code, reason});
  if (!unknown.empty()) r.add(stun::UnknownAttributes{unknown});
  stun::EncodeOptions o;
  if (local_pwd) o.integrity = stun::short_term_key(*local_pwd);
  o.fingerprint = true;
  return stun::encode(r, o);
}

std::vector<std::uint8_t> keepalive(Rng& rng) {
  stun::Message m;
  m.cls = stun::Class::Indication;
  m.method = static_cast<std::uint16_t>(stun::Method::Binding);
  rng.fill(m.transaction_id);
  stun::EncodeOptions o;
  o.fingerprint = true;
  return stun::encode(m, o);
}

std::optional<CheckResponse> validate_response(std::span<const std::uint8_t> datagram,
                                               const stun::Message& m,
                                               const std::string& remote_pwd,
                                               bool accept_alternate) {
  if (!fingerprint_ok(stun::verify_fingerprint(datagram).match, accept_alternate)) return std::nullopt;
  if (stun::check_integrity(datagram, stun::short_term_key(remote_pwd)) != stun::IntegrityCheck::Valid)
    return std::nullopt;
  CheckResponse r;
  if (m.cls == stun::Class::Success) {
    r.success = true;
    if (auto x = m.get<stun::XorMappedAddress>()) r.mapped = x->endpoint;
    else if (auto y = m.get<stun::MappedAddress>()) r.mapped = y->endpoint;
  } else if (m.cls == stun::Class::Error) {
    auto e = m.get<stun::ErrorCode>();
    r.error_code = e ? e->code : 0;
  } else {
    return std::nullopt;
  }
  return r;
}

}  // namespace natlab::ice
