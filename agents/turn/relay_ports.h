#pragma once
// Relay port pool of one relay IP address: which ports are in use by an
// allocation, which are held for a RESERVATION-TOKEN (RFC 5766 6.2, 14.9),
// and a deterministic random choice among the free ones.
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "common/rng.h"
#include "common/time.h"

namespace natlab::turn {

using Token = std::array<std::uint8_t, 8>;

class RelayPortPool {
 public:
  RelayPortPool(std::uint16_t min_port, std::uint16_t max_port);

  // Any free port.
  std::optional<std::uint16_t> acquire_any(Rng& rng);
  // RFC 5766 6.2, EVEN-PORT with R = 0: a free even port.
  std::optional<std::uint16_t> acquire_even(Rng& rng);
  // RFC 5766 6.2, EVEN-PORT with R = 1: free ports N (even) and N+1; N is
  // taken, N+1 is held under a fresh token until `hold_until`.
  std::optional<std::pair<std::uint16_t, Token>> acquire_even_pair(Rng& rng, Time hold_until);
  // The port reserved under `token`, now taken; nullopt when the token is
  // unknown or expired (RFC 5766 6.2 step 5: "not valid").
  std::optional<std::uint16_t> redeem(const Token& token, Time now);
  void release(std::uint16_t port);
  // Undoes the reservation of acquire_even_pair (its port N is release()d
  // separately).
  void cancel(const Token& token);

  // Drops reservations whose hold ended (hold_until <= now); true if any.
  bool expire(Time now);
  std::optional<Time> next_expiry() const;

  std::size_t in_use() const { return in_use_.size(); }
  std::size_t reserved() const { return reservations_.size(); }
  // Ports held for a token: a real server keeps their sockets open so that
  // no other process takes them before the token is redeemed.
  const std::set<std::uint16_t>& reserved_ports() const { return reserved_ports_; }

 private:
  bool is_free(std::uint32_t port) const;
  // First port from a random start (wrapping) for which ok(port) holds.
  template <class Pred>
  std::optional<std::uint16_t> probe(Rng& rng, std::uint32_t step, Pred ok) const;

  std::uint16_t min_;
  std::uint16_t max_;
  std::set<std::uint16_t> in_use_;
  std::map<Token, std::pair<std::uint16_t, Time>> reservations_;  // token -> (port, hold_until)
  std::set<std::uint16_t> reserved_ports_;
};

}  // namespace natlab::turn
