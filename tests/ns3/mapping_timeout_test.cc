// RFC 4787 REQ-5/REQ-6 in the simulator: a mapping idle for longer than
// mapping_timeout is gone, and one kept busy by outbound traffic is not.
#include <gtest/gtest.h>

#include "sim/nat_routing.h"
#include "sim/sans_io_app.h"
#include "sim/world.h"
#include "tests/ns3/probe.h"

namespace natlab::sim {
namespace {

using namespace testing;

struct Outcome {
  std::size_t client_received = 0;
  std::uint64_t no_mapping_drops = 0;
  int expired_records = 0;
};

// The client sends `client_packets` datagrams 10 s apart from t=0; the server
// sends one datagram back to the client's mapped endpoint at `server_at`.
Outcome run(Duration timeout, int client_packets, Duration server_at) {
  Scenario sc = one_nat(nat::NatType::FullCone);
  sc.nats[0].config.mapping_timeout = timeout;
  World w(sc, {});
  auto client = std::make_shared<Probe>(std::vector{ep("192.168.1.10:5000")}, ep("203.0.113.10:3478"),
                                        client_packets, false, std::chrono::seconds(10));
  auto server = std::make_shared<Probe>(std::vector{ep("203.0.113.10:3478")}, ep("198.51.100.1:5000"), 1, false);
  install_sans_io(w.node("alice"), "client", client, &w.trace(), Duration{0});
  install_sans_io(w.node("srv"), "server", server, &w.trace(), server_at);
  w.run(server_at + std::chrono::seconds(1));
  Outcome o;
  o.client_received = client->received.size();
  const auto& drops = w.nat("nat-a")->nat().drops();
  if (auto it = drops.find(nat::DropReason::NoMapping); it != drops.end()) o.no_mapping_drops = it->second;
  for (const auto& r : w.trace().records())
    if (r["kind"] == "nat" && r["action"] == "mapping-expired") ++o.expired_records;
  return o;
}

TEST(ns3MappingTimeout, IdleMappingExpiresAfterTimeout) {
  // One packet at t=0 (arrives at the NAT at 1 ms); 30 s timeout; the answer at 35 s finds nothing.
  Outcome o = run(std::chrono::seconds(30), 1, std::chrono::seconds(35));
  EXPECT_EQ(o.client_received, 0u);
  EXPECT_EQ(o.no_mapping_drops, 1u);
  EXPECT_EQ(o.expired_records, 1);
}

TEST(ns3MappingTimeout, IdleMappingStillLiveJustBeforeTimeout) {
  Outcome o = run(std::chrono::seconds(30), 1, std::chrono::seconds(29));
  EXPECT_EQ(o.client_received, 1u);
  EXPECT_EQ(o.no_mapping_drops, 0u);
}

TEST(ns3MappingTimeout, OutboundTrafficRefreshesMapping) {
  // Packets at 0, 10, 20, 30 s keep the 30 s mapping alive at 35 s.
  Outcome o = run(std::chrono::seconds(30), 4, std::chrono::seconds(35));
  EXPECT_EQ(o.client_received, 1u);
  EXPECT_EQ(o.no_mapping_drops, 0u);
  EXPECT_EQ(o.expired_records, 0);
}

}  // namespace
}  // namespace natlab::sim
