// TURN over TCP in scenario runs (RFC 5766 2.1): agents behind NATs that drop
// all UDP allocate on a public TURN server over TCP and connect through the
// relay. The trace must show that the allocation really went over TCP: the
// agent's connection to the server's TURN port, the server accepting it from
// the NAT's address, and no UDP of the blocked agent leaving its NAT.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "sim/runner.h"
#include "sim/scenario_loader.h"
#include "tests/ns3/repo_scenario.h"

namespace natlab::sim {
namespace {

using testing::load_repo_scenario;

// Socket records of `agent` with `event`, as "local->remote" (or "local").
std::multiset<std::string> socket_events(const Trace& trace, const std::string& agent, const std::string& event) {
  std::multiset<std::string> out;
  for (const auto& r : trace.records()) {
    if (r["kind"] != "socket" || r["agent"] != agent || r["event"] != event) continue;
    std::string s = r["local"];
    if (r.contains("remote")) s += "->" + r["remote"].get<std::string>();
    out.insert(s);
  }
  return out;
}

// UDP packets that some NAT sent toward the internet.
int udp_leaving(const Trace& trace, const std::string& nat) {
  int n = 0;
  for (const auto& r : trace.records())
    if (r["kind"] == "packet" && r["proto"] == "udp" && r["from"] == nat && r["to"] == "internet") ++n;
  return n;
}

TEST(ns3TurnTcpRun, BothSidesBlockedAllocateOverTcpAndConnectThroughTheRelay) {
  const Scenario sc = load_repo_scenario("scenarios/matrix/block-udp-port-restricted-vs-port-restricted.yaml");
  ScenarioRun run = run_scenario(sc, {});
  ASSERT_TRUE(run.error.empty()) << run.error;
  ASSERT_EQ(run.sessions.size(), 1u);
  const SessionRun& s = run.sessions[0];
  EXPECT_EQ(s.outcome, "connected");
  for (const char* agent : {"A", "B"}) {
    EXPECT_EQ(s.selected.at(agent).local.type, "relay") << agent;
    EXPECT_EQ(s.selected.at(agent).remote.type, "relay") << agent;
    // The relayed address is UDP on the server's side (RFC 5766 6.1).
    EXPECT_EQ(s.selected.at(agent).local.transport, "udp") << agent;
    EXPECT_EQ(s.selected.at(agent).local.address.rfind("203.0.113.10:", 0), 0u) << agent;
    // results.json tells how each allocation reached the server.
    EXPECT_EQ(s.selected.at(agent).local.relay_transport, "tcp") << agent;
    EXPECT_EQ(s.selected.at(agent).remote.relay_transport, "tcp") << agent;
  }
  EXPECT_EQ(s.selected.at("A").remote.address, s.selected.at("B").local.address);

  // Each agent connected from an ephemeral port of its host to turn1:3478,
  // which listened there and accepted both connections from the NATs.
  EXPECT_EQ(socket_events(run.trace, "turn1", "listen"), std::multiset<std::string>{"203.0.113.10:3478"});
  for (const auto& [agent, host] : {std::pair{"A", "192.168.1.10:"}, std::pair{"B", "192.168.2.20:"}}) {
    int to_turn = 0;
    for (const auto& c : socket_events(run.trace, agent, "connected")) {
      if (c.ends_with("->203.0.113.10:3478")) {
        ++to_turn;
        EXPECT_EQ(c.rfind(host, 0), 0u) << c;
      }
    }
    EXPECT_EQ(to_turn, 1) << agent;
  }
  std::set<std::string> accepted_from;
  for (const auto& a : socket_events(run.trace, "turn1", "accepted")) {
    const std::string remote = a.substr(a.find("->") + 2);
    accepted_from.insert(remote.substr(0, remote.find(':')));
  }
  EXPECT_EQ(accepted_from, (std::set<std::string>{"198.51.100.1", "198.51.100.2"}));

  // The agents' UDP (Binding requests, checks from host candidates) never
  // left their NATs; the only UDP on the internet is turn1's relaying.
  EXPECT_EQ(udp_leaving(run.trace, "nat-a"), 0);
  EXPECT_EQ(udp_leaving(run.trace, "nat-b"), 0);
  int allocated = 0;
  for (const auto& r : run.trace.records())
    if (r["kind"] == "agent" && r["event"] == "allocation-created" && r["agent"] == "turn1") ++allocated;
  EXPECT_EQ(allocated, 2);
  int allocated_over_tcp = 0;
  for (const auto& r : run.trace.records())
    if (r["kind"] == "agent" && r["event"] == "turn-allocated" && r.value("transport", "") == "tcp") ++allocated_over_tcp;
  EXPECT_EQ(allocated_over_tcp, 2);
}

TEST(ns3TurnTcpRun, BlockedSideOverTcpReachesSymmetricSideOverUdp) {
  const Scenario sc = load_repo_scenario("scenarios/matrix/block-udp-port-restricted-vs-symmetric.yaml");
  ScenarioRun run = run_scenario(sc, {});
  ASSERT_TRUE(run.error.empty()) << run.error;
  ASSERT_EQ(run.sessions.size(), 1u);
  const SessionRun& s = run.sessions[0];
  EXPECT_EQ(s.outcome, "connected");
  EXPECT_EQ(s.selected.at("A").local.type, "relay");
  EXPECT_EQ(s.selected.at("B").local.type, "prflx");
  EXPECT_EQ(s.selected.at("A").local.relay_transport, "tcp");
  EXPECT_EQ(s.selected.at("B").remote.relay_transport, "tcp");
  EXPECT_EQ(s.selected.at("B").local.relay_transport, "");
  // Only A reaches turn1 over TCP; B's allocation is over UDP.
  EXPECT_EQ(socket_events(run.trace, "A", "connected").size(), 1u);
  EXPECT_TRUE(socket_events(run.trace, "B", "connect").empty());
  EXPECT_EQ(socket_events(run.trace, "turn1", "accepted").size(), 1u);
  EXPECT_EQ(udp_leaving(run.trace, "nat-a"), 0);
  EXPECT_GT(udp_leaving(run.trace, "nat-b"), 0);
}

// Without TCP TURN the same blocked pair has no path: the relay over TCP is
// what connects it (and the test above is not passing for another reason).
TEST(ns3TurnTcpRun, BothSidesBlockedFailWithTurnOverUdp) {
  Scenario sc = load_repo_scenario("scenarios/matrix/block-udp-port-restricted-vs-port-restricted.yaml");
  for (auto& a : sc.agents)
    for (auto& t : a.turn) t.transport = Transport::Udp;
  ScenarioRun run = run_scenario(sc, {});
  ASSERT_TRUE(run.error.empty()) << run.error;
  ASSERT_EQ(run.sessions.size(), 1u);
  EXPECT_EQ(run.sessions[0].outcome, "failed");
  for (const auto& r : run.trace.records()) {
    if (r["kind"] == "agent" && r["event"] == "turn-allocate-failed") {
      EXPECT_FALSE(r.contains("transport"));
    }
  }
  EXPECT_TRUE(socket_events(run.trace, "turn1", "listen").empty()) << "no TCP listener without a TCP client";
}

}  // namespace
}  // namespace natlab::sim
