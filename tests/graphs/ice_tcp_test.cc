// The graph of an ICE-TCP run (RFC 6544): a UDP and a TCP candidate on the
// same address are two nodes, TCP candidates show their transport and
// tcptype, and the pairs that went over TCP end on the TCP nodes.
#include <gtest/gtest.h>

#include <algorithm>

#include "reports/graphs/graph_render.h"
#include "tests/graphs/real_run.h"

namespace natlab::reports::graphs {
namespace {

using testing::real_run;

constexpr const char* kBlockUdpCase = "scenarios/matrix/block-udp-port-restricted-vs-open.yaml";

const CandidateNode* tcp_graph_node(const AgentGroup& g, const std::string& transport, const std::string& address) {
  for (const auto& c : g.candidates)
    if (c.transport == transport && c.address == address) return &c;
  return nullptr;
}

const AgentGroup& tcp_graph_agent(const SessionGraph& s, const std::string& name) {
  for (const auto& a : s.agents)
    if (a.name == name) return a;
  throw std::runtime_error("no agent " + name);
}

TEST(IceTcpGraph, UdpAndTcpCandidatesOnOneAddressAreDistinctNodes) {
  const SessionGraph& s = real_run(kBlockUdpCase).graph.sessions.at(0);
  const AgentGroup& b = tcp_graph_agent(s, "B");
  // B's UDP host candidate and its passive TCP candidate share 192.0.2.20:40010.
  const CandidateNode* udp = tcp_graph_node(b, "udp", "192.0.2.20:40010");
  const CandidateNode* tcp = tcp_graph_node(b, "tcp", "192.0.2.20:40010");
  ASSERT_NE(udp, nullptr);
  ASSERT_NE(tcp, nullptr);
  EXPECT_EQ(tcp->tcptype, "passive");
  EXPECT_TRUE(udp->tcptype.empty());
  EXPECT_NE(udp->priority, tcp->priority);  // RFC 6544 4.2: other local preference
  const AgentGroup& a = tcp_graph_agent(s, "A");
  const CandidateNode* active = tcp_graph_node(a, "tcp", "192.168.1.10:9");
  ASSERT_NE(active, nullptr);
  EXPECT_EQ(active->tcptype, "active");
}

TEST(IceTcpGraph, SelectedPairsAreTcpAndAUdpPairStaysUdp) {
  const SessionGraph& s = real_run(kBlockUdpCase).graph.sessions.at(0);
  int selected = 0, udp = 0;
  for (const auto& e : s.pairs) {
    if (e.selected) {
      ++selected;
      EXPECT_EQ(e.transport, "tcp") << e.agent << " " << e.local << " -> " << e.remote;
    }
    // B's UDP check to A's UDP host candidate (lost: NAT-A blocks UDP).
    if (e.agent == "B" && e.local == "192.0.2.20:40010" && e.remote == "192.168.1.10:40000") {
      EXPECT_EQ(e.transport, "udp");
      ++udp;
    }
  }
  EXPECT_EQ(selected, 2);
  EXPECT_EQ(udp, 1);
}

TEST(IceTcpGraph, DrawnNodesShowTransportAndTcptype) {
  const Rendered r = render_scenario(real_run(kBlockUdpCase).graph);
  EXPECT_NE(r.dot.find("host 192.168.1.10:9\\ntcp active"), std::string::npos) << r.dot;
  EXPECT_NE(r.dot.find("host 192.0.2.20:40010\\ntcp passive"), std::string::npos) << r.dot;
  EXPECT_NE(r.dot.find("prflx 198.51.100.1:"), std::string::npos) << r.dot;
  // The UDP host candidate at the same address is its own node, without a transport line.
  EXPECT_NE(r.dot.find("\"host 192.0.2.20:40010\\nprio "), std::string::npos) << r.dot;
}

}  // namespace
}  // namespace natlab::reports::graphs
