#pragma once
// What a driver needs from a sans-IO protocol machine (STUN server, TURN
// server or client, ICE agent, RFC 5780 client): datagrams and time in,
// datagrams, timers and events out. Both drivers use it: the simulator
// (sim/, over ns-3 sockets) and realnet/ (over real UDP sockets), so it lives
// here, below both.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/ip.h"
#include "common/stream_io.h"
#include "common/time.h"
#include "common/transmit.h"

namespace natlab {

class SansIo {
 public:
  virtual ~SansIo() = default;
  // The local transport addresses it needs sockets for.
  virtual std::vector<Endpoint> local_endpoints() const = 0;
  // True when local_endpoints() changes while running (a TURN server's relayed
  // addresses): the driver then opens and closes sockets to match.
  virtual bool dynamic_endpoints() const { return false; }
  // Changes whenever local_endpoints() does. A driver of a dynamic machine
  // re-reads the list only when this changed: a TURN server with thousands of
  // allocations would otherwise rebuild it after every datagram. A machine
  // with dynamic_endpoints() must override it.
  virtual std::uint64_t endpoints_version() const { return 0; }
  virtual void start(Time now) { (void)now; }
  virtual void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                               std::span<const std::uint8_t> bytes) = 0;
  virtual void handle_timeout(Time now) = 0;
  virtual std::optional<Transmit> poll_transmit() = 0;
  virtual std::optional<Time> poll_timeout() const = 0;
  // TCP (common/stream_io.h). Machines without streams keep the defaults; a
  // driver without stream support fails each request with Unreachable.
  virtual std::optional<StreamRequest> poll_stream_request() { return std::nullopt; }
  virtual void handle_stream_event(Time now, const StreamEvent& event) {
    (void)now;
    (void)event;
  }
  // Agent events for the trace ("agent" records), drained after every call.
  virtual std::vector<nlohmann::json> poll_events() { return {}; }
};

}  // namespace natlab
