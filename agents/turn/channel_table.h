#pragma once
// The channel bindings of one allocation (RFC 5766 11): a binding is unique
// both by channel number and by peer transport address.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "common/ip.h"
#include "common/time.h"

namespace natlab::turn {

// RFC 5766 11.2: the server accepts "the range 0x4000 through 0x7FFE
// (inclusive)". Section 11 calls 0x4000-0x7FFF the allowed numbers, but the
// server's check in 11.2 is the narrower one, so 0x7FFF is refused here while
// ChannelData framing (stun/channel_data.h) still parses it.
constexpr std::uint16_t kMinBindableChannel = 0x4000;
constexpr std::uint16_t kMaxBindableChannel = 0x7FFE;
constexpr bool is_bindable_channel(std::uint16_t n) {
  return n >= kMinBindableChannel && n <= kMaxBindableChannel;
}

struct ChannelBinding {
  std::uint16_t number = 0;
  Endpoint peer;
  Time expiry{};
};

enum class BindCheck {
  Ok,                   // new binding, or a refresh of the same number and peer
  NumberBoundElsewhere, // RFC 5766 11.2: number bound to a different address
  PeerBoundElsewhere,   // RFC 5766 11.2: address bound to a different number
  NumberGuarded,        // optional guard after expiry, see bind_guard below
  PeerGuarded,
};

class ChannelTable {
 public:
  BindCheck check(std::uint16_t number, const Endpoint& peer, Time now) const;
  // Creates or refreshes; call only after check() said Ok. True if new.
  bool bind(std::uint16_t number, const Endpoint& peer, Time expiry);

  const ChannelBinding* by_number(std::uint16_t number) const;
  const ChannelBinding* by_peer(const Endpoint& peer) const;
  std::size_t size() const { return by_number_.size(); }

  // Removes bindings with expiry <= now. `guard` > 0 remembers each expired
  // pair until expiry + guard: RFC 5766 11 makes the *client* wait 5 minutes
  // before rebinding the number or the address to something else, and lets
  // the server accept it once unbound ("Once unbound, the channel number can
  // be bound to a different transport address"); a guard makes the server
  // reject such early rebinds, to expose clients that break the client MUST.
  std::vector<ChannelBinding> expire(Time now, Duration guard);
  std::optional<Time> next_expiry() const;

 private:
  std::map<std::uint16_t, ChannelBinding> by_number_;
  std::map<Endpoint, std::uint16_t> by_peer_;
  // Expired bindings still guarded: number -> (peer, until) and peer -> (number, until).
  std::map<std::uint16_t, std::pair<Endpoint, Time>> guarded_numbers_;
  std::map<Endpoint, std::pair<std::uint16_t, Time>> guarded_peers_;
};

}  // namespace natlab::turn
