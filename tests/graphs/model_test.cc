// The graph model of a real run: port-restricted (A, controlling) against
// symmetric (B): only relayed pairs work, A selects relay -> B's prflx.
#include <gtest/gtest.h>

#include <algorithm>

#include "agents/ice/checklist.h"
#include "tests/graphs/real_run.h"

namespace natlab::reports::graphs {
namespace {

using testing::kPrcSym;
using testing::real_run;

const SessionGraph& call1() {
  const auto& g = real_run(kPrcSym).graph;
  EXPECT_EQ(g.sessions.size(), 1u);
  return g.sessions.at(0);
}

const CandidateNode* find(const AgentGroup& a, const std::string& type, const std::string& address_prefix) {
  for (const auto& c : a.candidates)
    if (c.type == type && c.address.rfind(address_prefix, 0) == 0) return &c;
  return nullptr;
}

std::vector<const PairEdge*> selected_of(const SessionGraph& s, const std::string& agent) {
  std::vector<const PairEdge*> out;
  for (const auto& e : s.pairs)
    if (e.agent == agent && e.selected) out.push_back(&e);
  return out;
}

TEST(GraphModel, BothAgentsWithTheirRolesAndHosts) {
  const SessionGraph& s = call1();
  EXPECT_EQ(s.session, "call1");
  EXPECT_EQ(s.outcome, "connected");
  ASSERT_EQ(s.agents.size(), 2u);
  EXPECT_EQ(s.agents[0].name, "A");
  EXPECT_EQ(s.agents[0].role, "controlling");
  EXPECT_EQ(s.agents[0].host, "alice-pc");
  EXPECT_EQ(s.agents[1].name, "B");
  EXPECT_EQ(s.agents[1].role, "controlled");
  EXPECT_EQ(s.agents[1].host, "bob-pc");
}

TEST(GraphModel, CandidatesOfEachAgentByType) {
  const SessionGraph& s = call1();
  const AgentGroup& a = s.agents[0];
  const AgentGroup& b = s.agents[1];
  // A: host, srflx on NAT-A, relay on turn1. B the same plus the
  // peer-reflexive address its check to A's relay revealed (RFC 5245 7.1.3.2.1).
  ASSERT_NE(find(a, "host", "192.168.1.10:40000"), nullptr);
  ASSERT_NE(find(a, "srflx", "198.51.100.1:40000"), nullptr);
  ASSERT_NE(find(a, "relay", "203.0.113.10:"), nullptr);
  EXPECT_EQ(a.candidates.size(), 3u);
  ASSERT_NE(find(b, "host", "192.168.2.20:40010"), nullptr);
  ASSERT_NE(find(b, "srflx", "198.51.100.2:40010"), nullptr);
  ASSERT_NE(find(b, "prflx", "198.51.100.2:"), nullptr);
  ASSERT_NE(find(b, "relay", "203.0.113.10:"), nullptr);
  EXPECT_EQ(b.candidates.size(), 4u);
  for (const auto* g : {&a, &b}) {
    for (const auto& c : g->candidates) {
      EXPECT_EQ(c.agent, g->name);
      EXPECT_TRUE(c.priority.has_value()) << c.address;
      EXPECT_FALSE(c.learned_by_peer_only) << c.address;
    }
  }
  // RFC 5245 4.1.2.1 with the recommended type preferences, component 1.
  EXPECT_EQ(*find(a, "host", "192.168.1.10")->priority, ice::candidate_priority(ice::CandidateType::Host, 1));
  EXPECT_EQ(*find(a, "relay", "203.0.113.10")->priority, ice::candidate_priority(ice::CandidateType::Relayed, 1));
}

TEST(GraphModel, EveryCheckedPairOnceWithItsState) {
  const SessionGraph& s = call1();
  int a_pairs = 0, b_pairs = 0;
  for (const auto& e : s.pairs) {
    if (e.valid_pair_only) continue;
    (e.agent == "A" ? a_pairs : b_pairs)++;
    EXPECT_GE(e.checks_sent, 1) << e.agent << " #" << e.pair;
    EXPECT_TRUE(e.priority.has_value()) << e.agent << " #" << e.pair;
    EXPECT_FALSE(e.state.empty());
  }
  // Check-sent events per agent, by pair, counted from the trace directly.
  for (const char* agent : {"A", "B"}) {
    std::map<std::uint32_t, int> sent;
    for (const auto* r : real_run(kPrcSym).trace->events_of(agent, "check-sent")) sent[(*r)["pair"].get<std::uint32_t>()]++;
    int drawn = 0;
    for (const auto& e : s.pairs) {
      if (e.agent != agent || e.valid_pair_only) continue;
      ++drawn;
      EXPECT_EQ(e.checks_sent, sent[e.pair]) << agent << " #" << e.pair;
    }
    EXPECT_EQ(drawn, static_cast<int>(sent.size())) << agent;
  }
  EXPECT_GT(a_pairs, 0);
  EXPECT_GT(b_pairs, 0);
  // Order: the controlling agent's pairs first, each agent's by pair number,
  // a valid pair right after the checked pair that produced it.
  std::uint32_t last = 0;
  for (std::size_t i = 0; i < s.pairs.size(); ++i) {
    const PairEdge& e = s.pairs[i];
    if (i > 0 && e.agent != s.pairs[i - 1].agent) {
      EXPECT_EQ(e.agent, "B");
      last = 0;
    }
    if (e.valid_pair_only) {
      ASSERT_GT(i, 0u);
      EXPECT_EQ(s.pairs[i - 1].pair, e.generated_by);
      continue;
    }
    EXPECT_LT(last, e.pair);
    last = e.pair;
  }
}

TEST(GraphModel, ControllingAgentSelectsAndNominatesRelayToPrflx) {
  const SessionGraph& s = call1();
  auto sel = selected_of(s, "A");
  ASSERT_EQ(sel.size(), 1u);
  const PairEdge& e = *sel[0];
  EXPECT_TRUE(e.nominated);
  EXPECT_FALSE(e.valid_pair_only);
  EXPECT_EQ(e.state, "succeeded");
  EXPECT_EQ(e.local, find(s.agents[0], "relay", "")->address);
  EXPECT_EQ(e.remote, find(s.agents[1], "prflx", "")->address);
  // RFC 5245 5.7.2 with G = A's relay priority (A controls) and D = the PRIORITY
  // of B's check that revealed the peer-reflexive candidate.
  const std::uint32_t g = *find(s.agents[0], "relay", "")->priority;
  const std::uint32_t d = *find(s.agents[1], "prflx", "")->priority;
  EXPECT_EQ(e.priority, ice::pair_priority(g, d));
  // Drawn bold: the only bold edges are selected or nominated pairs.
  int bold = 0;
  for (const auto& p : s.pairs) bold += (p.selected || p.nominated);
  EXPECT_GE(bold, 1);
}

TEST(GraphModel, ControlledAgentSelectsTheValidPairItsCheckProduced) {
  const SessionGraph& s = call1();
  auto sel = selected_of(s, "B");
  ASSERT_EQ(sel.size(), 1u);
  const PairEdge& e = *sel[0];
  // B checked host -> A's relay; the response mapped it to its prflx address,
  // so the valid (and selected) pair is prflx -> relay (RFC 5245 7.1.3.2.2).
  EXPECT_TRUE(e.valid_pair_only);
  EXPECT_EQ(e.local, find(s.agents[1], "prflx", "")->address);
  EXPECT_EQ(e.remote, find(s.agents[0], "relay", "")->address);
  ASSERT_NE(e.generated_by, 0u);
  // B's nominated event names the valid pair by its own number.
  EXPECT_TRUE(e.nominated);
  EXPECT_NE(e.pair, 0u);
  bool found = false;
  for (const auto& p : s.pairs) {
    if (p.agent == "B" && p.pair == e.generated_by && !p.valid_pair_only) {
      found = true;
      EXPECT_EQ(p.local, "192.168.2.20:40010");
      EXPECT_EQ(p.remote, e.remote);
      EXPECT_EQ(p.state, "succeeded");
    }
  }
  EXPECT_TRUE(found) << "the checked pair #" << e.generated_by << " that produced it is drawn too";
}

TEST(GraphModel, RttIsResponseArrivalMinusRequest) {
  const auto& run = real_run(kPrcSym);
  const SessionGraph& s = run.graph.sessions.at(0);
  const PairEdge& e = *selected_of(s, "A").at(0);
  ASSERT_FALSE(e.rtt_ms.empty());
  // The pair's first check was answered without a retransmission: its RTT is
  // the first check-response event of the pair minus its first check-sent event.
  std::optional<Time> sent, answered;
  for (const auto* r : run.trace->events_of("A")) {
    if (!r->contains("pair") || (*r)["pair"].get<std::uint32_t>() != e.pair) continue;
    if ((*r)["event"] == "check-sent" && !sent) sent = checks::TraceView::time_of(*r);
    if ((*r)["event"] == "check-response" && !answered) answered = checks::TraceView::time_of(*r);
  }
  ASSERT_TRUE(sent && answered);
  using Ms = std::chrono::duration<double, std::milli>;
  EXPECT_DOUBLE_EQ(e.rtt_ms.front(), Ms(*answered - *sent).count());
  for (const auto& p : s.pairs) {
    for (double v : p.rtt_ms) {
      EXPECT_GT(v, 0.0) << p.agent << " #" << p.pair;
      EXPECT_LT(v, 1000.0) << p.agent << " #" << p.pair;
    }
  }
}

TEST(GraphModel, PathGoesThroughBothNatsAndTurn1) {
  const SessionGraph& s = call1();
  EXPECT_EQ(s.path_agent, "A");
  std::vector<std::string> names;
  std::vector<StepKind> kinds;
  for (const auto& step : s.path) {
    names.push_back(step.name);
    kinds.push_back(step.kind);
  }
  EXPECT_EQ(names, (std::vector<std::string>{"alice-pc", "nat-a", "turn1", "nat-b", "bob-pc"}));
  EXPECT_EQ(kinds, (std::vector<StepKind>{StepKind::Host, StepKind::Nat, StepKind::Server, StepKind::Nat, StepKind::Host}));
  // The selected candidates sit on turn1 (A's relayed address) and on NAT-B (B's peer-reflexive one).
  ASSERT_EQ(s.path[2].candidates.size(), 1u);
  EXPECT_EQ(s.path[2].candidates[0], "local relay " + s.path_local);
  ASSERT_EQ(s.path[3].candidates.size(), 1u);
  EXPECT_EQ(s.path[3].candidates[0], "remote prflx " + s.path_remote);
  EXPECT_EQ(s.path[1].detail, "port-restricted 198.51.100.1");
  EXPECT_EQ(s.path[3].detail, "symmetric 198.51.100.2");
}

TEST(GraphModel, SameTraceSameModel) {
  const auto& run = real_run(kPrcSym);
  const ScenarioGraph again = build_scenario_graph(*run.trace);
  ASSERT_EQ(again.sessions.size(), 1u);
  const auto& a = again.sessions[0];
  const auto& b = run.graph.sessions[0];
  ASSERT_EQ(a.pairs.size(), b.pairs.size());
  for (std::size_t i = 0; i < a.pairs.size(); ++i) {
    EXPECT_EQ(a.pairs[i].agent, b.pairs[i].agent);
    EXPECT_EQ(a.pairs[i].pair, b.pairs[i].pair);
    EXPECT_EQ(a.pairs[i].rtt_ms, b.pairs[i].rtt_ms);
  }
}

}  // namespace
}  // namespace natlab::reports::graphs
