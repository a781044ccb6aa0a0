// ICE-TCP pairs in results.json and in the trace's candidate objects: they
// say transport tcp and their tcptype (RFC 6544 4.5); UDP ones are unchanged.
#include <gtest/gtest.h>

#include "reports/results_json.h"
#include "sim/event_json.h"
#include "tests/reports/fixtures.h"

namespace natlab::reports {
namespace {

TEST(ResultsJsonTcp, TcpSelectedPairsCarryTheirTcptype) {
  sim::ScenarioRun run = testing::prc_sym_run();
  run.sessions[0].selected["A"] = {{"host", "10.0.0.1:9", "tcp", "active"}, {"host", "10.0.0.2:6000", "tcp", "passive"}};
  run.sessions[0].selected["B"] = {{"host", "10.0.0.2:6000", "tcp", "passive"},
                                   {"prflx", "10.0.0.1:50000", "tcp", "active"}};
  const Json selected = session_json(run.sessions[0])["selected"];
  EXPECT_EQ(selected.dump(),
            R"({"A":{"local":{"type":"host","address":"10.0.0.1:9","transport":"tcp","tcptype":"active"},)"
            R"("remote":{"type":"host","address":"10.0.0.2:6000","transport":"tcp","tcptype":"passive"}},)"
            R"("B":{"local":{"type":"host","address":"10.0.0.2:6000","transport":"tcp","tcptype":"passive"},)"
            R"("remote":{"type":"prflx","address":"10.0.0.1:50000","transport":"tcp","tcptype":"active"}}})");
}

TEST(ResultsJsonTcp, UdpSelectedPairsHaveNoTcptype) {
  const Json selected = session_json(testing::prc_sym_run().sessions[0])["selected"];
  EXPECT_FALSE(selected["A"]["local"].contains("tcptype"));
  EXPECT_FALSE(selected["B"]["remote"].contains("tcptype"));
}

TEST(ResultsJsonTcp, TraceCandidateHasTcptypeOnlyForTcp) {
  ice::Candidate c{"2", 1, Transport::Tcp, 2128608767, *Endpoint::parse("10.0.0.1:9"), ice::CandidateType::Host,
                   *Endpoint::parse("10.0.0.1:9"), std::nullopt, ice::TcpType::Active};
  const nlohmann::json j = sim::candidate_json(c);
  EXPECT_EQ(j["transport"], "tcp");
  EXPECT_EQ(j["tcptype"], "active");
  EXPECT_EQ(j["address"], "10.0.0.1:9");
  c.transport = Transport::Udp;
  c.tcptype.reset();
  EXPECT_FALSE(sim::candidate_json(c).contains("tcptype"));
  // A selected-pair trace event carries both candidates whole.
  c.transport = Transport::Tcp;
  c.tcptype = ice::TcpType::Passive;
  const nlohmann::json e = sim::to_json(ice::Event{ice::SelectedPair{1, c, c}});
  EXPECT_EQ(e["local"]["tcptype"], "passive");
  EXPECT_EQ(e["remote"]["transport"], "tcp");
}

}  // namespace
}  // namespace natlab::reports
