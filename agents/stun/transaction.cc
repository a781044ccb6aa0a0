#include "agents/stun/transaction.h"

#include <utility>

namespace natlab::stun {

const char* to_string(TransactionState s) {
  switch (s) {
    case TransactionState::InProgress: return "in-progress";
    case TransactionState::Succeeded: return "succeeded";
    case TransactionState::TimedOut: return "timed-out";
  }
  return "?";
}

ClientTransaction::ClientTransaction(std::vector<std::uint8_t> request, const TransactionId& id,
                                     const Endpoint& destination, const RetransmitConfig& config,
                                     Time now, const Endpoint& local)
    : request_(std::move(request)),
      id_(id),
      destination_(destination),
      local_(local),
      config_(config),
      started_(now),
      interval_(config.rto) {
  // The method is read from the header rather than decoded, so that bytes the
  // codec would refuse can still be retransmitted faithfully.
  if (request_.size() >= 2) {
    method_ = method_of(static_cast<std::uint16_t>((request_[0] << 8) | request_[1]) & 0x3FFF);
  }
  if (config_.rc < 1) config_.rc = 1;
  send(now);
}

void ClientTransaction::send(Time now) {
  out_.push_back(Transmit{local_, destination_, request_});
  ++sent_;
  if (sent_ < config_.rc) {
    // RFC 5389 7.2.1: retransmit after RTO, doubling the interval each time.
    deadline_ = now + interval_;
    interval_ *= 2;
  } else {
    // RFC 5389 7.2.1: after the Rc-th request, wait Rm * RTO, then fail.
    deadline_ = now + config_.rm * config_.rto;
  }
}

std::optional<Transmit> ClientTransaction::poll_transmit() {
  if (out_.empty()) return std::nullopt;
  Transmit t = std::move(out_.front());
  out_.pop_front();
  return t;
}

std::optional<Time> ClientTransaction::poll_timeout() const {
  if (done()) return std::nullopt;
  return deadline_;
}

void ClientTransaction::handle_timeout(Time now) {
  if (done() || now < deadline_) return;
  if (sent_ < config_.rc) {
    send(now);
  } else {
    state_ = TransactionState::TimedOut;
    completed_ = now;
  }
}

bool ClientTransaction::handle_response(Time now, const Message& response) {
  if (done()) return false;
  if (response.cls != Class::Success && response.cls != Class::Error) return false;
  // RFC 5389 7.3.3: a response is matched to its request by transaction ID.
  if (response.transaction_id != id_ || response.method != method_) return false;
  state_ = TransactionState::Succeeded;
  response_ = response;
  completed_ = now;
  // RFC 5389 7.2.1: once a response arrives, no more retransmissions; one
  // still queued but not yet polled is dropped too.
  out_.clear();
  return true;
}

bool ClientTransaction::handle_response(Time now, std::span<const std::uint8_t> bytes) {
  DecodeResult r = decode(bytes);
  if (!r) return false;
  return handle_response(now, *r.message);
}

}  // namespace natlab::stun
