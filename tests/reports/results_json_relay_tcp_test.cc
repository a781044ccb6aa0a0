// Relayed candidates allocated over TCP (RFC 5766 2.1) in results.json: the
// candidate is UDP (its relayed address is) and says relay_transport tcp;
// relayed candidates allocated over UDP are printed as before.
#include <gtest/gtest.h>

#include "reports/results_json.h"
#include "tests/reports/fixtures.h"

namespace natlab::reports {
namespace {

TEST(ResultsJsonRelayTcp, RelayAllocatedOverTcpSaysSo) {
  sim::ScenarioRun run = testing::prc_sym_run();
  sim::CandidateSummary relay{"relay", "203.0.113.10:50000", "udp"};
  relay.relay_transport = "tcp";
  run.sessions[0].selected["A"] = {relay, {"prflx", "198.51.100.2:40012", "udp"}};
  const Json selected = session_json(run.sessions[0])["selected"];
  EXPECT_EQ(selected["A"]["local"].dump(),
            R"({"type":"relay","address":"203.0.113.10:50000","transport":"udp","relay_transport":"tcp"})");
  EXPECT_FALSE(selected["A"]["remote"].contains("relay_transport"));
}

TEST(ResultsJsonRelayTcp, RelayOverUdpHasNoRelayTransport) {
  const Json selected = session_json(testing::prc_sym_run().sessions[0])["selected"];
  for (const char* agent : {"A", "B"})
    for (const char* side : {"local", "remote"}) EXPECT_FALSE(selected[agent][side].contains("relay_transport"));
}

}  // namespace
}  // namespace natlab::reports
