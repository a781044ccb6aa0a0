// The selected pair's way through the scenario's nodes, from the candidates' addresses.
#include <gtest/gtest.h>

#include "reports/graphs/topology_path.h"
#include "tests/checks/trace_builder.h"

namespace natlab::reports::graphs {
namespace {

using checks::testing::scenario_from;

// alice-pc and carol-pc share nat-home, which sits behind a carrier NAT;
// bob-pc is behind nat-b; dave-pc is in the open.
const char* kWorld = R"(natlab: 1
name: paths
servers:
  - name: turn1
    address: 203.0.113.10
    turn: { port: 3478, users: { u: p } }
  - name: turn2
    address: 203.0.113.20
    turn: { port: 3478, users: { u: p } }
nats:
  - { name: cgn, type: symmetric, public_address: 198.51.100.50 }
  - { name: nat-home, type: full-cone, public_address: 100.64.0.2, behind: cgn }
  - { name: nat-b, type: port-restricted, public_address: 198.51.100.2 }
hosts:
  - { name: alice-pc, address: 192.168.1.10, behind: nat-home }
  - { name: carol-pc, address: 192.168.1.11, behind: nat-home }
  - { name: bob-pc, address: 192.168.2.20, behind: nat-b }
  - { name: dave-pc, address: 203.0.113.99, behind: internet }
agents:
  - { name: A, host: alice-pc }
  - { name: B, host: bob-pc }
  - { name: C, host: carol-pc }
  - { name: D, host: dave-pc }
sessions:
  - { name: call1, controlling: A, controlled: B }
)";

std::vector<std::string> names(const std::vector<PathStep>& steps) {
  std::vector<std::string> out;
  for (const auto& s : steps) out.push_back(s.name);
  return out;
}

TEST(TopologyPath, DirectThroughNestedNats) {
  const auto sc = scenario_from(kWorld);
  auto p = topology_path(sc, PathEnd{"alice-pc", "host", "192.168.1.10:40000"},
                         PathEnd{"bob-pc", "srflx", "198.51.100.2:40010"});
  EXPECT_EQ(names(p), (std::vector<std::string>{"alice-pc", "nat-home", "cgn", "nat-b", "bob-pc"}));
  EXPECT_EQ(p[0].candidates, std::vector<std::string>{"local host 192.168.1.10:40000"});
  EXPECT_EQ(p[3].candidates, std::vector<std::string>{"remote srflx 198.51.100.2:40010"});
  EXPECT_EQ(p[2].detail, "symmetric 198.51.100.50");
  EXPECT_EQ(p[0].detail, "192.168.1.10");
}

TEST(TopologyPath, TwoHostsBehindOneNatMeetThere) {
  const auto sc = scenario_from(kWorld);
  auto p = topology_path(sc, PathEnd{"alice-pc", "host", "192.168.1.10:40000"},
                         PathEnd{"carol-pc", "host", "192.168.1.11:40010"});
  EXPECT_EQ(names(p), (std::vector<std::string>{"alice-pc", "nat-home", "carol-pc"}));
}

TEST(TopologyPath, RelayedLocalGoesToItsServerFirst) {
  const auto sc = scenario_from(kWorld);
  auto p = topology_path(sc, PathEnd{"alice-pc", "relay", "203.0.113.10:50000"},
                         PathEnd{"dave-pc", "host", "203.0.113.99:40010"});
  EXPECT_EQ(names(p), (std::vector<std::string>{"alice-pc", "nat-home", "cgn", "turn1", "dave-pc"}));
  EXPECT_EQ(p[3].kind, StepKind::Server);
  EXPECT_EQ(p[3].candidates, std::vector<std::string>{"local relay 203.0.113.10:50000"});
}

TEST(TopologyPath, RelayToRelayOnTwoServers) {
  const auto sc = scenario_from(kWorld);
  auto p = topology_path(sc, PathEnd{"alice-pc", "relay", "203.0.113.10:50000"},
                         PathEnd{"bob-pc", "relay", "203.0.113.20:50002"});
  EXPECT_EQ(names(p), (std::vector<std::string>{"alice-pc", "nat-home", "cgn", "turn1", "turn2", "nat-b", "bob-pc"}));
}

TEST(TopologyPath, RelayToRelayOnOneServerVisitsItTwice) {
  const auto sc = scenario_from(kWorld);
  auto p = topology_path(sc, PathEnd{"alice-pc", "relay", "203.0.113.10:50000"},
                         PathEnd{"bob-pc", "relay", "203.0.113.10:50002"});
  EXPECT_EQ(names(p), (std::vector<std::string>{"alice-pc", "nat-home", "cgn", "turn1", "turn1", "nat-b", "bob-pc"}));
  EXPECT_EQ(p[3].candidates, std::vector<std::string>{"local relay 203.0.113.10:50000"});
  EXPECT_EQ(p[4].candidates, std::vector<std::string>{"remote relay 203.0.113.10:50002"});
}

TEST(TopologyPath, PeerReflexiveOnTheInnerNatOfANestedPair) {
  const auto sc = scenario_from(kWorld);
  // Alice's address on the carrier NAT's side of nat-home: its public address.
  auto p = topology_path(sc, PathEnd{"bob-pc", "prflx", "198.51.100.2:40013"},
                         PathEnd{"alice-pc", "prflx", "100.64.0.2:40000"});
  EXPECT_EQ(names(p), (std::vector<std::string>{"bob-pc", "nat-b", "cgn", "nat-home", "alice-pc"}));
  EXPECT_EQ(p[1].candidates, std::vector<std::string>{"local prflx 198.51.100.2:40013"});
  EXPECT_EQ(p[3].candidates, std::vector<std::string>{"remote prflx 100.64.0.2:40000"});
}

}  // namespace
}  // namespace natlab::reports::graphs
