#pragma once
// What a TURN client is told before it starts: where the server is, who it is,
// and when to refresh what it holds on the server.
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "agents/stun/transaction.h"
#include "common/ip.h"
#include "common/time.h"

namespace natlab::turn {

// When each piece of server state is refreshed. Timers run from the moment the
// request that installed or last refreshed the state was first sent: the server
// started its own timer later than that, so we can only be early, never late.
struct RefreshPolicy {
  // RFC 5766 7: the allocation is refreshed when `allocation_margin` remains
  // of its lifetime, but never later than half-way through it, so that a short
  // lifetime granted by the server still leaves room for retransmissions.
  Duration allocation_margin = std::chrono::seconds(60);
  // RFC 5766 8: a permission lasts 300 s and is not configurable; refreshing
  // at 240 s leaves 60 s for the CreatePermission transaction (39.5 s worst case).
  Duration permission_interval = std::chrono::seconds(240);
  // RFC 5766 11: a channel binding lasts 600 s; 540 s leaves the same slack.
  Duration channel_interval = std::chrono::seconds(540);
};

// The allocation refresh instant for a lifetime granted at `granted`.
constexpr Time allocation_refresh_at(Time granted, Duration lifetime, const RefreshPolicy& p) {
  const Duration margin_based = lifetime - p.allocation_margin;
  const Duration half = lifetime / 2;
  return granted + (margin_based > half ? margin_based : half);
}

struct TurnClientConfig {
  Endpoint server;
  Endpoint local;  // the socket the client sends from; also its only local endpoint
  std::string username;
  std::string password;
  // RFC 5766 6.1: LIFETIME in the Allocate (and each Refresh) asks for a
  // lifetime other than the server's default; unset leaves it to the server.
  std::optional<std::chrono::seconds> requested_lifetime;
  // RFC 5766 2.1: how the client reaches the server. Tcp: one connection
  // from `local` (port 0: an ephemeral port) to `server`, opened by
  // allocate(); the relayed address is still UDP (RFC 5766 6.1).
  Transport transport = Transport::Udp;
  // Over UDP (RFC 5389 7.2.1).
  stun::RetransmitConfig retransmit{};
  // Over TCP: sent once, failed when no answer came by Ti (RFC 5389 7.2.2:
  // "SHOULD be configurable and SHOULD have a default of 39.5s").
  Duration reliable_transaction_timeout = std::chrono::milliseconds(39500);
  // Ids of its connections: first_stream_id (not 0), then one more per
  // reconnect.
  // An owner that runs several clients (or ICE-TCP) on one SansIo gives
  // each its own range, since stream ids are unique per machine.
  std::uint64_t first_stream_id = 1;
  RefreshPolicy refresh{};
  // RFC 5389 15.10: SOFTWARE SHOULD be in requests; empty leaves it out.
  std::string software = "natlab";
  // Append FINGERPRINT to requests (RFC 5389 7.1: MAY; useful when the socket
  // is shared with ICE).
  bool fingerprint = false;
  // RFC 5766 gives no bound; without one a server that answers every request
  // with 438 would keep the client busy for ever.
  int max_stale_nonce_retries = 3;
};

}  // namespace natlab::turn
