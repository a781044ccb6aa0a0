#include "agents/turn/probe/context.h"

#include <utility>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "agents/turn/probe/describe.h"

namespace natlab::turn::probe {

int Reply::code() const { return answered ? error_code(msg) : 0; }

std::string Reply::describe() const {
  if (!answered)
    return "no answer to " + probe::describe(request) + " after " + std::to_string(sends) + " transmission" +
           (sends == 1 ? "" : "s");
  return probe::describe(msg);
}

CaseContext::CaseContext(const ProbeConfig& config, Rng& rng, CaseInfo info, std::vector<SocketRole> roles)
    : config_(config), rng_(rng), info_(std::move(info)) {
  for (auto role : roles) {
    Socket s;
    s.role = role;
    sockets_.push_back(std::move(s));
  }
}

std::optional<std::string> CaseContext::nonce(SocketIdx s) const { return sockets_.at(s).nonce; }

stun::Message CaseContext::request(stun::Method method) {
  stun::Message m;
  m.cls = stun::Class::Request;
  m.method = static_cast<std::uint16_t>(method);
  rng_.fill(m.transaction_id);
  return m;
}

stun::Message CaseContext::indication(stun::Method method) {
  stun::Message m = request(method);
  m.cls = stun::Class::Indication;
  return m;
}

std::vector<std::uint8_t> CaseContext::payload(std::size_t size) {
  std::vector<std::uint8_t> out(size);
  for (auto& b : out) b = static_cast<std::uint8_t>(rng_.next_u64() >> 56);
  return out;
}

std::vector<std::uint8_t> CaseContext::encode_request(SocketIdx s, stun::Message m, const RequestOptions& o) {
  stun::EncodeOptions enc;
  enc.fingerprint = true;
  if (o.sign) {
    // RFC 5389 10.2.2/10.2.3: USERNAME, the REALM and NONCE of the
    // challenge, MESSAGE-INTEGRITY with the long-term key of that realm.
    m.add(stun::Username{config_.username});
    m.add(stun::Realm{realm_});
    m.add(stun::Nonce{o.nonce ? *o.nonce : sockets_.at(s).nonce.value_or("")});
    enc.integrity = stun::long_term_key(config_.username, realm_, o.password ? *o.password : config_.password);
  }
  return stun::encode(m, enc);
}

void CaseContext::send_request(SocketIdx s, stun::Message m, RequestOptions o) {
  PendingRequest p;
  p.socket = s;
  p.unsigned_msg = m;
  p.options = o;
  // Without a nonce there is nothing to sign with yet: an unsigned copy
  // fetches the challenge first (RFC 5389 10.2.3), then the signed request
  // goes out as a new transaction.
  RequestOptions first = o;
  if (o.sign && !o.nonce && !sockets_.at(s).nonce) first.sign = false;
  p.bytes = encode_request(s, m, first);
  auto decoded = stun::decode(p.bytes);
  p.sent = decoded ? *decoded.message : m;
  p.signed_now = first.sign;
  p.next_send = now_;
  p.rto = std::chrono::milliseconds(500);  // RFC 5389 7.2.1 RTO default
  p.deadline = now_ + config_.timeout;
  pending_ = std::move(p);
  reply_ = Reply{};
  wait_ = Wait::Request;
  transmit_pending();
}

void CaseContext::transmit_pending() {
  PendingRequest& p = *pending_;
  out_.push_back(Transmit{sockets_.at(p.socket).local, config_.server, p.bytes});
  ++p.sends;
  // RFC 5389 7.2.1: retransmit after RTO, doubling each time.
  p.next_send = now_ + p.rto;
  p.rto *= 2;
}

void CaseContext::expect_datagram(SocketIdx s) {
  wait_ = Wait::Datagram;
  wait_socket_ = s;
  wait_deadline_ = now_ + config_.timeout;
}

void CaseContext::wait(Duration d) { wait_until(now_ + d); }

void CaseContext::wait_until(Time t) {
  wait_ = Wait::Timer;
  wait_deadline_ = t;
}

void CaseContext::send(SocketIdx s, const Endpoint& to, std::vector<std::uint8_t> bytes) {
  out_.push_back(Transmit{sockets_.at(s).local, to, std::move(bytes)});
}

std::optional<Received> CaseContext::take(SocketIdx s) {
  auto& inbox = sockets_.at(s).inbox;
  if (inbox.empty()) return std::nullopt;
  Received r = std::move(inbox.front());
  inbox.pop_front();
  return r;
}

std::vector<Received> CaseContext::take_all(SocketIdx s) {
  std::vector<Received> out;
  while (auto r = take(s)) out.push_back(std::move(*r));
  return out;
}

std::optional<Endpoint> CaseContext::relayed(SocketIdx s) const {
  auto it = allocations_.find(s);
  if (it == allocations_.end()) return std::nullopt;
  return it->second;
}

void CaseContext::note(std::string text) { notes_.push_back(std::move(text)); }

void CaseContext::pass(std::string detail) {
  if (verdict_) return;
  if (detail.empty()) {
    for (const auto& n : notes_) detail += (detail.empty() ? "" : "; ") + n;
  }
  verdict_ = CaseStatus::Pass;
  detail_ = std::move(detail);
}

void CaseContext::fail(std::string detail) {
  if (verdict_) return;
  verdict_ = CaseStatus::Fail;
  detail_ = std::move(detail);
}

void CaseContext::not_applicable(std::string detail) {
  if (verdict_) return;
  verdict_ = CaseStatus::NotApplicable;
  detail_ = std::move(detail);
}

bool CaseContext::require(bool cond, const std::string& detail) {
  if (!cond) fail(detail);
  return cond;
}

}  // namespace natlab::turn::probe
