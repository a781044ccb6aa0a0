#pragma once
// The client side of many concurrent STUN transactions: picks fresh
// transaction IDs, keeps each ClientTransaction keyed by its ID, routes
// responses to the right one and reports each outcome once.
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "agents/stun/message.h"
#include "agents/stun/transaction.h"
#include "common/rng.h"
#include "common/time.h"
#include "common/transmit.h"

namespace natlab::stun {

struct TransactionOutcome {
  TransactionId id{};
  TransactionState state = TransactionState::InProgress;
  std::optional<Message> response;  // set when state == Succeeded
  Endpoint local;
  Endpoint destination;
  Time started{};
  Time completed{};
};

class TransactionSet {
 public:
  explicit TransactionSet(RetransmitConfig defaults = {}) : defaults_(defaults) {}

  // RFC 5389 6: the transaction ID "MUST be uniformly and randomly chosen from
  // the interval 0 .. 2**96-1"; also distinct from every live transaction here.
  TransactionId new_transaction_id(Rng& rng) const;

  // Starts a transaction for `request`, overwriting its transaction ID with a
  // fresh one, encoding it with `opts`. Returns the ID.
  TransactionId start(Message request, const Endpoint& destination, Time now, Rng& rng,
                      const EncodeOptions& opts = {}, const Endpoint& local = {},
                      std::optional<RetransmitConfig> config = std::nullopt);
  // Starts a transaction for pre-encoded bytes whose ID the caller chose. False
  // (and nothing sent) if that ID is already live.
  bool start_raw(std::vector<std::uint8_t> bytes, const TransactionId& id,
                 const Endpoint& destination, Time now, const Endpoint& local = {},
                 std::optional<RetransmitConfig> config = std::nullopt);

  // True when a live transaction took the message; false for anything else
  // (unknown ID, a request or indication, undecodable bytes), which the
  // caller may hand to other consumers.
  bool handle_response(Time now, const Message& m);
  bool handle_response(Time now, std::span<const std::uint8_t> bytes);
  void handle_timeout(Time now);
  // Drops a live transaction without an outcome.
  bool cancel(const TransactionId& id);

  std::optional<Transmit> poll_transmit();
  std::optional<Time> poll_timeout() const;
  std::optional<TransactionOutcome> poll_outcome();

  std::size_t live() const { return live_.size(); }
  bool contains(const TransactionId& id) const { return live_.count(id) != 0; }

 private:
  void drain(ClientTransaction& t);
  void finish(std::map<TransactionId, ClientTransaction>::iterator it);

  RetransmitConfig defaults_;
  std::map<TransactionId, ClientTransaction> live_;
  std::deque<Transmit> out_;
  std::deque<TransactionOutcome> outcomes_;
};

}  // namespace natlab::stun
