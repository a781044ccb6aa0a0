// The fixed-port reconnect scenarios (scenarios/tcp/fixed-port-reconnect-*):
// an ICE-TCP agent that binds its active connections to one port calls, hangs
// up, and calls again at once. After a graceful close the second call fails
// because the first one's TIME_WAIT holds the port (address in use); after a
// linger-0 close an RST went out instead, and the second call connects. The
// facts come from the run's results and trace, not from the files' `expect`.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "reports/conformance.h"
#include "reports/expectations.h"
#include "sim/runner.h"
#include "sim/scenario_loader.h"
#include "tests/ns3/repo_scenario.h"

namespace natlab::sim {
namespace {

constexpr std::int64_t kFprCall2Start = 3'500'000'000;  // ns: call2's `start`
constexpr std::int64_t kFprHangup = 3'000'000'000;      // ns: call1's `end`

Scenario fpr_load(const std::string& file) { return testing::load_repo_scenario("scenarios/tcp/" + file); }

struct FprRun {
  ScenarioRun run;
  std::vector<reports::ExpectationResult> expectations;
  // Every "socket" record of the trace, in order.
  std::vector<nlohmann::json> sockets;
  const SessionRun* session(const std::string& name) const {
    for (const auto& s : run.sessions)
      if (s.name == name) return &s;
    return nullptr;
  }
  std::vector<nlohmann::json> socket_events(const std::string& agent, const std::string& event) const {
    std::vector<nlohmann::json> out;
    for (const auto& r : sockets)
      if (r["agent"] == agent && r["event"] == event) out.push_back(r);
    return out;
  }
};

FprRun fpr_run(const Scenario& sc) {
  FprRun out;
  out.run = run_scenario(sc, {});
  EXPECT_TRUE(out.run.error.empty()) << out.run.error;
  out.expectations = reports::evaluate_expectations(sc, out.run, reports::evaluate_conformance(sc, out.run));
  for (const auto& r : out.run.trace.records())
    if (r["kind"] == "socket") out.sockets.push_back(r);
  return out;
}

void fpr_expect_all_pass(const FprRun& r) {
  ASSERT_FALSE(r.expectations.empty());
  for (const auto& e : r.expectations) EXPECT_TRUE(e.passed) << e.what << ": " << e.detail;
}

TEST(ns3FixedPortReconnect, GracefulCloseLeavesTimeWaitAndTheSecondCallFailsWithAddressInUse) {
  const Scenario sc = fpr_load("fixed-port-reconnect-graceful.yaml");
  ASSERT_EQ(sc.sessions.size(), 2u);
  const FprRun r = fpr_run(sc);
  fpr_expect_all_pass(r);
  ASSERT_TRUE(r.session("call1") && r.session("call2"));
  EXPECT_EQ(r.session("call1")->outcome, "connected");
  EXPECT_EQ(r.session("call1")->selected.at("A").local.transport, "tcp");
  EXPECT_EQ(r.session("call2")->outcome, "failed");

  // Call 1: A connected from its fixed port, closed first with a FIN and
  // kept the connection in TIME_WAIT for linux's 60 s.
  auto connected = r.socket_events("A", "connected");
  ASSERT_EQ(connected.size(), 1u);
  EXPECT_EQ(connected[0]["local"], "192.168.1.10:50000");
  auto tw = r.socket_events("A", "time_wait");
  ASSERT_EQ(tw.size(), 1u);
  EXPECT_EQ(tw[0]["t_ns"], kFprHangup);
  EXPECT_EQ(tw[0]["local"], "192.168.1.10:50000");
  EXPECT_EQ(tw[0]["duration"], "60s");
  EXPECT_TRUE(r.socket_events("A", "rst").empty());
  EXPECT_TRUE(r.socket_events("A", "time_wait_expired").empty());  // still held at the end

  // Call 2 fails for exactly that reason: the bind of port 50000 is refused,
  // and nothing else went wrong on A's side (no refusal, no timeout).
  auto in_use = r.socket_events("A", "addr_in_use");
  ASSERT_EQ(in_use.size(), 1u);
  EXPECT_GE(in_use[0]["t_ns"].get<std::int64_t>(), kFprCall2Start);
  EXPECT_EQ(in_use[0]["local"], "192.168.1.10:50000");
  EXPECT_EQ(in_use[0]["reason"], "bind");
  for (const auto& s : r.sockets) {
    if (s["agent"] != "A" || s["t_ns"].get<std::int64_t>() < kFprCall2Start) continue;
    EXPECT_TRUE(s["event"] == "listen" || s["event"] == "addr_in_use") << s.dump();
  }
  // B accepted call 1's connection only.
  EXPECT_EQ(r.socket_events("B", "accepted").size(), 1u);
}

TEST(ns3FixedPortReconnect, LingerZeroCloseSendsAnRstAndTheSecondCallConnects) {
  const Scenario sc = fpr_load("fixed-port-reconnect-linger0.yaml");
  const FprRun r = fpr_run(sc);
  fpr_expect_all_pass(r);
  ASSERT_TRUE(r.session("call1") && r.session("call2"));
  EXPECT_EQ(r.session("call1")->outcome, "connected");
  EXPECT_EQ(r.session("call2")->outcome, "connected");
  EXPECT_EQ(r.session("call2")->selected.at("A").local.transport, "tcp");

  auto rst = r.socket_events("A", "rst");
  ASSERT_EQ(rst.size(), 1u);
  EXPECT_EQ(rst[0]["direction"], "sent");
  EXPECT_EQ(rst[0]["t_ns"], kFprHangup);
  auto seen = r.socket_events("B", "rst");
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0]["direction"], "received");
  EXPECT_TRUE(r.socket_events("A", "time_wait").empty());
  EXPECT_TRUE(r.socket_events("A", "addr_in_use").empty());
  // Both calls connected from the same fixed port.
  auto connected = r.socket_events("A", "connected");
  ASSERT_EQ(connected.size(), 2u);
  EXPECT_EQ(connected[0]["local"], "192.168.1.10:50000");
  EXPECT_EQ(connected[1]["local"], "192.168.1.10:50000");
  EXPECT_GE(connected[1]["t_ns"].get<std::int64_t>(), kFprCall2Start);
}

TEST(ns3FixedPortReconnect, GracefulCloseWithATimeWaitShorterThanTheGapConnects) {
  // The graceful file's failure is TIME_WAIT's doing: with 2 MSL cut to
  // 300 ms (shorter than the 500 ms between the calls), the same calls
  // connect and the graceful file's `expect` no longer holds.
  Scenario sc = fpr_load("fixed-port-reconnect-graceful.yaml");
  bool found = false;
  for (auto& h : sc.hosts) {
    if (h.name != "alice-pc") continue;
    h.tcp_time_wait = std::chrono::milliseconds(300);
    found = true;
  }
  ASSERT_TRUE(found);
  const FprRun r = fpr_run(sc);
  ASSERT_TRUE(r.session("call2"));
  EXPECT_EQ(r.session("call2")->outcome, "connected");
  EXPECT_EQ(r.socket_events("A", "time_wait").size(), 1u);
  EXPECT_EQ(r.socket_events("A", "time_wait_expired").size(), 1u);
  EXPECT_TRUE(r.socket_events("A", "addr_in_use").empty());
  bool failed_expectation = false;
  for (const auto& e : r.expectations) failed_expectation |= !e.passed;
  EXPECT_TRUE(failed_expectation);
}

TEST(ns3FixedPortReconnect, AnEphemeralPortReconnectsAfterAGracefulClose) {
  // Without the fixed port each connection gets a fresh ephemeral port, so
  // the first call's TIME_WAIT is in nobody's way.
  Scenario sc = fpr_load("fixed-port-reconnect-graceful.yaml");
  for (auto& a : sc.agents) a.tcp_port.reset();
  const FprRun r = fpr_run(sc);
  ASSERT_TRUE(r.session("call2"));
  EXPECT_EQ(r.session("call2")->outcome, "connected");
  EXPECT_EQ(r.socket_events("A", "time_wait").size(), 1u);
  EXPECT_TRUE(r.socket_events("A", "addr_in_use").empty());
}

TEST(ns3FixedPortReconnect, AWindowsHostRefusesOnlyTheSameFiveTupleSoTheSecondCallConnects) {
  // Each call's passive candidate listens on that call's own port, so call 2
  // reaches B on another port: windows binds the port in TIME_WAIT and only
  // an identical 5-tuple would be refused (docs/scenario-format.md).
  Scenario sc = fpr_load("fixed-port-reconnect-graceful.yaml");
  for (auto& h : sc.hosts)
    if (h.name == "alice-pc") h.os = HostOs::Windows;
  const FprRun r = fpr_run(sc);
  ASSERT_TRUE(r.session("call2"));
  EXPECT_EQ(r.session("call2")->outcome, "connected");
  auto tw = r.socket_events("A", "time_wait");
  ASSERT_EQ(tw.size(), 1u);
  EXPECT_EQ(tw[0]["duration"], "240s");
  EXPECT_TRUE(r.socket_events("A", "addr_in_use").empty());
}

}  // namespace
}  // namespace natlab::sim
