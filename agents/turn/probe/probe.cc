#include "agents/turn/probe/probe.h"

#include <algorithm>
#include <utility>

#include "agents/stun/attributes.h"
#include "agents/turn/probe/cases.h"
#include "agents/turn/probe/describe.h"

namespace natlab::turn::probe {

TurnProbe::TurnProbe(ProbeConfig config) : TurnProbe(config, all_cases()) {}

TurnProbe::TurnProbe(ProbeConfig config, std::vector<CaseDef> cases)
    : config_(std::move(config)), cases_(std::move(cases)), rng_(config_.seed) {}

void TurnProbe::start(Time now) {
  now_ = now;
  index_ = 0;
  begin_case();
}

void TurnProbe::begin_case() {
  // What the last case still had to send goes out before its sockets close.
  if (ctx_) {
    for (auto& t : ctx_->out_) out_.push_back(std::move(t));
  }
  ctx_.reset();
  steps_.clear();
  step_ = 0;
  socket_ids_.clear();
  if (index_ >= cases_.size()) {
    phase_ = Phase::Done;
    return;
  }
  const CaseDef& c = cases_[index_];
  if (c.info.slow && !config_.slow) {
    results_.push_back(CaseResult{c.info, CaseStatus::Skipped,
                                  "slow: waits for a server timer; run with --slow"});
    ++index_;
    begin_case();
    return;
  }
  ctx_ = std::make_unique<CaseContext>(config_, rng_, c.info, c.sockets);
  ctx_->now_ = now_;
  phase_ = Phase::Opening;
  for (auto role : c.sockets) {
    socket_ids_.push_back(next_socket_id_);
    ops_.push_back(SocketOp{SocketOp::Kind::Open, next_socket_id_++, role, Endpoint{}});
  }
  if (c.sockets.empty()) {
    phase_ = Phase::Running;
    steps_ = c.steps();
    advance();
  }
}

std::optional<SocketOp> TurnProbe::poll_socket_op() {
  if (ops_.empty()) return std::nullopt;
  SocketOp op = ops_.front();
  ops_.pop_front();
  return op;
}

void TurnProbe::socket_opened(std::uint64_t id, const Endpoint& local, Time now) {
  now_ = now;
  auto it = std::find(socket_ids_.begin(), socket_ids_.end(), id);
  if (phase_ != Phase::Opening || !ctx_ || it == socket_ids_.end()) {
    // Opened for a case that ended meanwhile (another of its sockets
    // failed): closed again.
    ops_.push_back(SocketOp{SocketOp::Kind::Close, id, SocketRole::Client, local});
    return;
  }
  auto& s = ctx_->sockets_.at(static_cast<std::size_t>(it - socket_ids_.begin()));
  s.local = local;
  s.open = true;
  for (const auto& sock : ctx_->sockets_)
    if (!sock.open) return;
  ctx_->now_ = now;
  phase_ = Phase::Running;
  steps_ = cases_[index_].steps();
  advance();
}

void TurnProbe::socket_failed(std::uint64_t id, const std::string& why, Time now) {
  now_ = now;
  if (phase_ != Phase::Opening || !ctx_) return;
  if (std::find(socket_ids_.begin(), socket_ids_.end(), id) == socket_ids_.end()) return;
  ctx_->now_ = now;
  ctx_->fail("could not open a local UDP socket: " + why);
  phase_ = Phase::Running;
  advance();
}

std::optional<SocketIdx> TurnProbe::socket_at(const Endpoint& local) const {
  if (!ctx_) return std::nullopt;
  for (SocketIdx i = 0; i < ctx_->sockets_.size(); ++i)
    if (ctx_->sockets_[i].open && ctx_->sockets_[i].local == local) return i;
  return std::nullopt;
}

void TurnProbe::handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                                std::span<const std::uint8_t> bytes) {
  now_ = now;
  auto s = socket_at(local);
  if (!s || (phase_ != Phase::Running && phase_ != Phase::Cleanup)) {
    ++ignored_;
    return;
  }
  CaseContext& c = *ctx_;
  c.now_ = now;
  // Responses from the server are matched to the transaction waited for;
  // everything else (relayed data, indications, ChannelData) is kept for
  // the case to read.
  if (remote == config_.server) {
    if (auto d = stun::decode(bytes);
        d && (d.message->cls == stun::Class::Success || d.message->cls == stun::Class::Error)) {
      if (c.pending_ && c.pending_->socket == *s && d.message->transaction_id == c.pending_->sent.transaction_id) {
        on_answer(*d.message, bytes);
      } else {
        ++ignored_;  // a late answer to a retransmission
      }
      return;
    }
  }
  c.sockets_[*s].inbox.push_back(Received{remote, std::vector<std::uint8_t>(bytes.begin(), bytes.end()), now});
  if (c.wait_ == CaseContext::Wait::Datagram && c.wait_socket_ == *s) {
    c.wait_ = CaseContext::Wait::None;
    advance();
  }
}

void TurnProbe::on_answer(const stun::Message& msg, std::span<const std::uint8_t> bytes) {
  CaseContext& c = *ctx_;
  auto& p = *c.pending_;
  auto& sock = c.sockets_[p.socket];
  const int code = error_code(msg);
  auto nonce = msg.get<stun::Nonce>();
  if ((code == 401 || code == 438) && nonce) {
    if (auto realm = msg.get<stun::Realm>()) c.realm_ = realm->value;
    sock.nonce = nonce->value;
    // RFC 5389 10.2.3: after a 401 to an unsigned request, or a 438, the
    // client retries as a new transaction with the challenge's REALM and NONCE.
    const bool fetched_challenge = code == 401 && !p.signed_now && p.options.sign;
    const bool stale = code == 438 && p.options.retry_stale && p.challenges < 2;
    if (fetched_challenge || stale) {
      ++p.challenges;
      stun::Message m = p.unsigned_msg;
      c.rng_.fill(m.transaction_id);
      p.unsigned_msg = m;
      p.options.nonce.reset();
      p.bytes = c.encode_request(p.socket, m, p.options);
      auto d = stun::decode(p.bytes);
      p.sent = d ? *d.message : m;
      p.signed_now = true;
      p.sends = 0;
      p.rto = std::chrono::milliseconds(500);
      p.deadline = c.now_ + config_.timeout;
      c.transmit_pending();
      return;
    }
  }
  c.reply_ = Reply{true, p.sent, msg, std::vector<std::uint8_t>(bytes.begin(), bytes.end()), p.sends};
  c.pending_.reset();
  c.wait_ = CaseContext::Wait::None;
  advance();
}

void TurnProbe::handle_timeout(Time now) {
  now_ = now;
  if (!ctx_) return;
  CaseContext& c = *ctx_;
  c.now_ = now;
  switch (c.wait_) {
    case CaseContext::Wait::None: return;
    case CaseContext::Wait::Request: {
      auto& p = *c.pending_;
      if (now >= p.deadline) {
        c.reply_ = Reply{false, p.sent, stun::Message{}, {}, p.sends};
        c.pending_.reset();
        c.wait_ = CaseContext::Wait::None;
        advance();
      } else if (now >= p.next_send) {
        c.transmit_pending();
      }
      return;
    }
    case CaseContext::Wait::Datagram:
    case CaseContext::Wait::Timer:
      if (now >= c.wait_deadline_) {
        c.wait_ = CaseContext::Wait::None;
        advance();
      }
      return;
  }
}

std::optional<Time> TurnProbe::poll_timeout() const {
  if (!ctx_) return std::nullopt;
  switch (ctx_->wait_) {
    case CaseContext::Wait::None: return std::nullopt;
    case CaseContext::Wait::Request: return std::min(ctx_->pending_->next_send, ctx_->pending_->deadline);
    case CaseContext::Wait::Datagram:
    case CaseContext::Wait::Timer: return ctx_->wait_deadline_;
  }
  return std::nullopt;
}

std::optional<Transmit> TurnProbe::poll_transmit() {
  if (!out_.empty()) {
    Transmit t = std::move(out_.front());
    out_.pop_front();
    return t;
  }
  if (!ctx_ || ctx_->out_.empty()) return std::nullopt;
  Transmit t = std::move(ctx_->out_.front());
  ctx_->out_.pop_front();
  return t;
}

std::optional<CaseResult> TurnProbe::poll_result() {
  if (reported_ >= results_.size()) return std::nullopt;
  return results_[reported_++];
}

void TurnProbe::advance() {
  if (phase_ == Phase::Running) run_steps();
  if (phase_ == Phase::Cleanup) run_cleanup();
}

void TurnProbe::run_steps() {
  CaseContext& c = *ctx_;
  while (phase_ == Phase::Running) {
    if (c.verdict_) {
      // A verdict ends the case, whatever it was waiting for.
      c.wait_ = CaseContext::Wait::None;
      c.pending_.reset();
      record(*c.verdict_, c.detail_);
      phase_ = Phase::Cleanup;
      return;
    }
    if (c.wait_ != CaseContext::Wait::None) return;
    if (step_ >= steps_.size()) {
      c.pass();
      continue;
    }
    Step step = steps_[step_++];
    c.repeat_ = false;
    step(c);
    if (c.repeat_) --step_;
  }
}

void TurnProbe::run_cleanup() {
  CaseContext& c = *ctx_;
  // Deletes what the case allocated (RFC 5766 7.2, LIFETIME 0), so that the
  // next cases find the server as they would a fresh one. The answers do
  // not count: the verdict is already given.
  if (c.wait_ != CaseContext::Wait::None) return;
  if (!c.allocations_.empty()) {
    const SocketIdx s = c.allocations_.begin()->first;
    c.allocations_.erase(c.allocations_.begin());
    stun::Message m = c.request(stun::Method::Refresh);
    m.add(stun::Lifetime{0});
    c.send_request(s, std::move(m));
    return;
  }
  close_case();
}

void TurnProbe::close_case() {
  for (SocketIdx i = 0; i < ctx_->sockets_.size(); ++i) {
    if (ctx_->sockets_[i].open)
      ops_.push_back(SocketOp{SocketOp::Kind::Close, socket_ids_[i], ctx_->sockets_[i].role, ctx_->sockets_[i].local});
  }
  ++index_;
  begin_case();
}

void TurnProbe::record(CaseStatus status, std::string detail) {
  results_.push_back(CaseResult{cases_[index_].info, status, std::move(detail)});
}

}  // namespace natlab::turn::probe
