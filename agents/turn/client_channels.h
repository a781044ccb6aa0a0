#pragma once
// The channel bindings a TURN client holds (RFC 5766 11): peer transport
// address <-> channel number, with refresh times.
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "common/ip.h"
#include "common/time.h"

namespace natlab::turn {

struct ClientChannel {
  std::uint16_t number = 0;
  bool bound = false;      // the server confirmed the binding: ChannelData may flow
  bool in_flight = false;  // a ChannelBind for it is outstanding
  Time refresh_at{};
};

class ClientChannels {
 public:
  ClientChannels();

  // A new binding for `peer` with the next unused number, counting up from
  // 0x4000 (RFC 5766 11). Numbers are never handed out twice for one
  // allocation, which keeps RFC 5766 11's rule that a number is not rebound
  // to another peer within 5 minutes of its expiry. nullopt when 0x7FFE (the
  // last number a server binds, RFC 5766 11.2) has been used or `peer`
  // already has a binding.
  std::optional<std::uint16_t> reserve(const Endpoint& peer);

  ClientChannel* find(const Endpoint& peer);
  const ClientChannel* find(const Endpoint& peer) const;
  // The peer bound to `number`, confirmed bindings only (RFC 5766 11.6).
  std::optional<Endpoint> bound_peer(std::uint16_t number) const;
  void confirm(const Endpoint& peer, Time sent_at, Duration interval);
  void erase(const Endpoint& peer);
  // Forgets every binding and restarts numbering: for a new allocation.
  void clear();

  std::vector<Endpoint> due(Time now) const;
  std::optional<Time> next_refresh() const;
  std::size_t size() const { return by_peer_.size(); }

 private:
  std::map<Endpoint, ClientChannel> by_peer_;
  std::map<std::uint16_t, Endpoint> by_number_;
  std::uint32_t next_number_;  // wider than 16 bits so exhaustion is visible
};

}  // namespace natlab::turn
