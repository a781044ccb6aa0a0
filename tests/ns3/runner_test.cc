// Whole scenarios through the runner: ICE sessions over simulated NATs, with
// STUN and TURN servers, as `natlab run` does them.
#include <gtest/gtest.h>

#include "sim/runner.h"
#include "sim/scenario_loader.h"
#include "tests/ns3/repo_scenario.h"

namespace natlab::sim {
namespace {

using testing::load_repo_scenario;

TEST(ns3Runner, FullConePairConnects) {
  ScenarioRun run = run_scenario(load_repo_scenario("scenarios/examples/full-cone-pair.yaml"), {});
  ASSERT_TRUE(run.error.empty()) << run.error;
  ASSERT_EQ(run.sessions.size(), 1u);
  const SessionRun& s = run.sessions[0];
  EXPECT_EQ(s.outcome, "connected");
  // Both NATs are full cones: the server-reflexive pair works, and it outranks
  // the host pair, which cannot (private addresses are not routed).
  EXPECT_EQ(s.selected.at("A").local.type, "srflx");
  EXPECT_EQ(s.selected.at("B").local.type, "srflx");
  EXPECT_EQ(s.selected.at("A").remote.address, s.selected.at("B").local.address);
  ASSERT_TRUE(s.times_ms.offer && s.times_ms.answer && s.times_ms.first_check && s.times_ms.nominated &&
              s.times_ms.completed);
  EXPECT_LT(*s.times_ms.offer, *s.times_ms.answer);
  EXPECT_LE(*s.times_ms.answer, *s.times_ms.first_check);
  EXPECT_LT(*s.times_ms.first_check, *s.times_ms.nominated);
  EXPECT_LE(*s.times_ms.nominated, *s.times_ms.completed);
  // RFC 5245 16: no two checks of one agent closer than Ta (20 ms by default).
  ASSERT_TRUE(s.checks.min_interval_ms);
  EXPECT_GE(*s.checks.min_interval_ms, 20.0);
  EXPECT_GT(s.checks.sent, 0);
}

TEST(ns3Runner, PortRestrictedVsSymmetricUsesRelay) {
  ScenarioRun run = run_scenario(load_repo_scenario("scenarios/examples/port-restricted-vs-symmetric-turn.yaml"), {});
  ASSERT_TRUE(run.error.empty()) << run.error;
  ASSERT_EQ(run.sessions.size(), 1u);
  const SessionRun& s = run.sessions[0];
  EXPECT_EQ(s.outcome, "connected");
  // A's relayed candidate is the only path; B's check to the relay leaves
  // its symmetric NAT through a new mapping, so B's local candidate is
  // peer-reflexive (RFC 5245 7.1.3.2.1), and so is A's remote.
  EXPECT_EQ(s.selected.at("A").local.type, "relay");
  EXPECT_EQ(s.selected.at("A").remote.type, "prflx");
  EXPECT_EQ(s.selected.at("B").local.type, "prflx");
  EXPECT_EQ(s.selected.at("B").remote.type, "relay");
  EXPECT_EQ(s.selected.at("B").local.address, s.selected.at("A").remote.address);
  // The trace shows the TURN exchange: 401, then success, permission, channel.
  int allocate_401 = 0, allocate_ok = 0, create_perm = 0, channel_bind = 0, channel_data = 0;
  for (const auto& r : run.trace.records()) {
    if (r["kind"] != "packet" || !r.contains("summary")) continue;
    const std::string sum = r["summary"];
    if (sum.rfind("Allocate Error", 0) == 0 && sum.find("ERROR-CODE=401") != std::string::npos) ++allocate_401;
    if (sum.rfind("Allocate Success", 0) == 0) ++allocate_ok;
    if (sum.rfind("CreatePermission Request", 0) == 0) ++create_perm;
    if (sum.rfind("ChannelBind Success", 0) == 0) ++channel_bind;
    if (sum.rfind("ChannelData", 0) == 0) ++channel_data;
  }
  EXPECT_GT(allocate_401, 0);
  EXPECT_GT(allocate_ok, 0);
  EXPECT_GT(create_perm, 0);
  EXPECT_GT(channel_bind, 0);
  EXPECT_GT(channel_data, 0) << "keepalives and checks after the bind travel as ChannelData";
}

TEST(ns3Runner, SameSeedSameTraceDifferentSeedDifferentTrace) {
  Scenario sc = load_repo_scenario("scenarios/examples/port-restricted-vs-symmetric-turn.yaml");
  // Each element's link was layered over `links` at load time: set them all.
  for (auto& x : sc.servers) x.link.loss = 0.05;
  for (auto& x : sc.nats) x.link.loss = 0.05;
  for (auto& x : sc.hosts) x.link.loss = 0.05;
  const std::string a = run_scenario(sc, {}).trace.to_jsonl();
  const std::string b = run_scenario(sc, {}).trace.to_jsonl();
  EXPECT_EQ(a, b);
  EXPECT_NE(a, run_scenario(sc, RunOptions{"", false, 99}).trace.to_jsonl());
}

}  // namespace
}  // namespace natlab::sim

namespace natlab::sim {
namespace {

// RFC 5245 8.3.1: three seconds after completion an agent frees what the
// selected pair does not use; natlab releases unused TURN allocations then.
TEST(ns3Runner, UnusedRelaysAreFreedThreeSecondsAfterCompletion) {
  ScenarioRun run = run_scenario(load_repo_scenario("scenarios/matrix/full-cone-vs-full-cone.yaml"), {});
  ASSERT_TRUE(run.error.empty()) << run.error;
  ASSERT_EQ(run.sessions.at(0).outcome, "connected");
  ASSERT_EQ(run.sessions[0].selected.at("A").local.type, "srflx");
  std::map<std::string, std::int64_t> completed_ns, freed_ns;
  int deleted_by_refresh = 0;
  for (const auto& r : run.trace.records()) {
    if (r["kind"] != "agent") continue;
    const std::string agent = r["agent"];
    if (r["event"] == "ice-state" && r["state"] == "completed" && !completed_ns.count(agent))
      completed_ns[agent] = r["t_ns"];
    if (r["event"] == "candidate-freed") freed_ns[agent] = r["t_ns"];
    if (r["event"] == "allocation-deleted" && r["reason"] == "refresh-lifetime-0") ++deleted_by_refresh;
  }
  for (const char* a : {"A", "B"}) {
    ASSERT_TRUE(completed_ns.count(a) && freed_ns.count(a)) << a;
    EXPECT_EQ(freed_ns[a] - completed_ns[a], std::int64_t{3'000'000'000}) << a;
  }
  EXPECT_EQ(deleted_by_refresh, 2) << "both allocations deleted at the server with LIFETIME 0";
}

TEST(ns3Runner, TheSelectedRelayIsKept) {
  ScenarioRun run = run_scenario(load_repo_scenario("scenarios/examples/port-restricted-vs-symmetric-turn.yaml"), {});
  ASSERT_EQ(run.sessions.at(0).selected.at("A").local.type, "relay");
  for (const auto& r : run.trace.records()) {
    EXPECT_FALSE(r["kind"] == "agent" && r["event"] == "candidate-freed") << r.dump();
    EXPECT_FALSE(r["kind"] == "agent" && r["event"] == "allocation-deleted") << r.dump();
  }
}

}  // namespace
}  // namespace natlab::sim
