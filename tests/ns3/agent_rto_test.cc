// An agent's `rto` is the initial STUN retransmission timeout of all its own
// client transactions to servers (RFC 5389 7.2.1: "the initial value for RTO
// SHOULD be configurable"): gathering Binding requests and its TURN client's
// requests alike.
#include <gtest/gtest.h>

#include <variant>

#include "sim/runner.h"
#include "sim/scenario_loader.h"

namespace natlab::sim {
namespace {

// turn1's link drops everything, so each request is retransmitted.
const char* kUnreachableTurn = R"(natlab: 1
name: rto applies to TURN
duration: 5s
servers:
  - name: turn1
    address: 203.0.113.10
    stun: { port: 3478 }
    turn: { port: 3478, users: { alice: s3cret } }
    link: { loss: 100% }
hosts:
  - { name: alice-pc, address: 203.0.113.30, behind: internet }
  - { name: bob-pc, address: 203.0.113.20, behind: internet }
agents:
  - { name: A, host: alice-pc, rto: 1s, stun: [turn1], turn: [{ server: turn1, username: alice, password: s3cret }] }
  - { name: B, host: bob-pc }
sessions:
  - { name: call1, controlling: A, controlled: B }
)";

// Times (ms) at which alice-pc sent requests whose summary starts with `what`.
std::vector<double> sends(const ScenarioRun& run, const std::string& what) {
  std::vector<double> out;
  for (const auto& r : run.trace.records()) {
    if (r["kind"] == "packet" && r["from"] == "alice-pc" && r.value("summary", "").rfind(what, 0) == 0)
      out.push_back(static_cast<double>(r["t_ns"].get<std::int64_t>()) / 1e6);
  }
  return out;
}

TEST(ns3AgentRto, GatheringAndTurnRequestsRetransmitAfterTheAgentsRto) {
  auto loaded = load_scenario_text(kUnreachableTurn, "rto.yaml");
  ASSERT_TRUE(std::holds_alternative<Scenario>(loaded));
  ScenarioRun run = run_scenario(std::get<Scenario>(loaded), {});
  ASSERT_TRUE(run.error.empty()) << run.error;
  for (const char* what : {"Binding Request", "Allocate Request"}) {
    const auto t = sends(run, what);
    ASSERT_GE(t.size(), 3u) << what;
    // RFC 5389 7.2.1: RTO, then doubled: 0, 1000, 3000 ms.
    EXPECT_NEAR(t[1] - t[0], 1000.0, 1.0) << what;
    EXPECT_NEAR(t[2] - t[1], 2000.0, 1.0) << what;
  }
}

}  // namespace
}  // namespace natlab::sim
