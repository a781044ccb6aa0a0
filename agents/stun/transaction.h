#pragma once
// One STUN client transaction over UDP (RFC 5389 7.2.1), sans-IO: the caller
// sends what poll_transmit() returns, calls handle_timeout() at poll_timeout(),
// and feeds every response it receives to handle_response(). The RTO stays
// fixed per transaction: estimating it from measured RTTs is left to callers.
#include <cstdint>
#include <deque>
#include <optional>
#include <span>
#include <vector>

#include "agents/stun/message.h"
#include "common/ip.h"
#include "common/time.h"
#include "common/transmit.h"

namespace natlab::stun {

// RFC 5389 7.2.1: "RTO SHOULD be configurable", default 500 ms; Rc default 7;
// Rm default 16.
struct RetransmitConfig {
  Duration rto = std::chrono::milliseconds(500);
  int rc = 7;   // requests sent in total, the first one included
  int rm = 16;  // after the last request, wait rm * rto before giving up
};

enum class TransactionState { InProgress, Succeeded, TimedOut };
const char* to_string(TransactionState s);

class ClientTransaction {
 public:
  // `request` is sent as is; `id` is its transaction ID (not re-parsed, so a
  // caller may send bytes the codec would reject, e.g. in a negative test).
  // `local` is the socket to send from; a default Endpoint means "the caller's
  // only socket".
  ClientTransaction(std::vector<std::uint8_t> request, const TransactionId& id,
                    const Endpoint& destination, const RetransmitConfig& config, Time now,
                    const Endpoint& local = {});

  const TransactionId& id() const { return id_; }
  const Endpoint& destination() const { return destination_; }
  const Endpoint& local() const { return local_; }
  TransactionState state() const { return state_; }
  bool done() const { return state_ != TransactionState::InProgress; }

  std::optional<Transmit> poll_transmit();
  std::optional<Time> poll_timeout() const;
  void handle_timeout(Time now);

  // True when the message completed this transaction: a success or error
  // response (RFC 5389 7.3.3: errors are responses too) with our transaction
  // ID and the request's method. Anything else is left for other consumers.
  bool handle_response(Time now, const Message& response);
  // Decodes first; undecodable bytes are not ours.
  bool handle_response(Time now, std::span<const std::uint8_t> bytes);

  // The response that completed the transaction, when Succeeded.
  const std::optional<Message>& response() const { return response_; }
  int requests_sent() const { return sent_; }
  Time started_at() const { return started_; }
  std::optional<Time> completed_at() const { return completed_; }

 private:
  void send(Time now);

  std::vector<std::uint8_t> request_;
  TransactionId id_;
  std::uint16_t method_ = 0;
  Endpoint destination_;
  Endpoint local_;
  RetransmitConfig config_;
  TransactionState state_ = TransactionState::InProgress;
  Time started_;
  Time deadline_;         // next retransmission, or the final failure
  Duration interval_;     // wait after the request just sent
  int sent_ = 0;
  std::deque<Transmit> out_;
  std::optional<Message> response_;
  std::optional<Time> completed_;
};

}  // namespace natlab::stun
