#pragma once
// One RFC 5780 NAT behaviour discovery run on the real network, as `natlab
// nat-discover` runs it: natlab's sans-IO NatDiscovery (agents/stun) driven
// over UDP sockets by realnet::Driver, against a server with two addresses
// and two ports (natlab stun-server, or coturn's turnserver with two -L).
#include <optional>
#include <string>

#include <asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "agents/stun/nat_discovery.h"
#include "common/ip.h"
#include "common/time.h"

namespace natlab::realnet {

struct NatDiscoverRun {
  Endpoint server;   // the server's primary address Da:Dp
  IpAddress local;   // address the client's sockets bind to
  // Port of the socket of tests I to III; 0: one found free.
  std::uint16_t local_port = 0;
  bool test_hairpinning = true;
  // A safety net against a server that never finishes the run: every test
  // has its own retransmission schedule, which ends far sooner.
  Duration limit = std::chrono::seconds(60);
  // Seeds the transaction IDs; unset: from std::random_device, since IDs
  // must not repeat across runs against the same server (RFC 5389 6).
  std::optional<std::uint64_t> seed;
};

struct NatDiscoverOutcome {
  stun::DiscoveryResult result;
  Endpoint local;                        // the socket tests I to III used
  std::optional<Endpoint> hairpin_local;  // the second socket (hairpinning)
  std::string error;  // set when the run could not start (no free port, bind failed) or timed out
};

NatDiscoverOutcome run_nat_discover(asio::io_context& io, const NatDiscoverRun& run);

// {"mapping": ..., "filtering": ..., "hairpinning": ..., "nat_detected": ...,
//  "local": "ip:port", "mapped_address": "ip:port", "mapped_test2": ..., "mapped_test3": ...,
//  "other_address": ..., "error": ...}
nlohmann::json to_json(const NatDiscoverOutcome& o);

}  // namespace natlab::realnet
