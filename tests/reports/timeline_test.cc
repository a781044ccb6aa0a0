// Session timelines read from trace records (reports/timeline.h).
#include <gtest/gtest.h>

#include "reports/timeline.h"

namespace natlab::reports {
namespace {

nlohmann::json agent_event(std::int64_t t_ns, const std::string& agent, const std::string& event,
                           nlohmann::json fields = nlohmann::json::object()) {
  fields["t_ns"] = t_ns;
  fields["kind"] = "agent";
  fields["agent"] = agent;
  fields["event"] = event;
  return fields;
}

sim::Scenario two_agents(int components) {
  sim::Scenario s;
  for (const char* name : {"A", "B"}) {
    sim::Agent a;
    a.name = name;
    a.components = components;
    s.agents.push_back(a);
  }
  sim::Session call;
  call.name = "call1";
  call.controlling = "A";
  call.controlled = "B";
  s.sessions.push_back(call);
  return s;
}

std::vector<std::string> lines(const Json& timeline) {
  std::vector<std::string> out;
  for (const auto& e : timeline["sessions"][0]["events"]) {
    out.push_back(e["agent"].get<std::string>() + " " + e["event"].get<std::string>() + " " + e["t_ms"].dump());
  }
  return out;
}

constexpr std::int64_t kMs = 1'000'000;

TEST(Timeline, FirstOfEachMomentInTimeOrder) {
  std::vector<nlohmann::json> trace = {
      agent_event(0, "A", "candidate-gathered"),
      agent_event(0, "B", "candidate-gathered"),
      agent_event(20 * kMs, "A", "candidate-gathered"),
      agent_event(60 * kMs, "A", "gathering-complete"),
      agent_event(60 * kMs, "A", "offer-sent", {{"session", "call1"}}),
      agent_event(70 * kMs, "B", "gathering-complete"),
      agent_event(110 * kMs, "B", "offer-received", {{"session", "call1"}}),
      agent_event(110 * kMs, "B", "answer-sent", {{"session", "call1"}}),
      agent_event(110 * kMs, "B", "check-sent", {{"retransmit", false}}),
      agent_event(130 * kMs, "B", "check-sent", {{"retransmit", false}}),
      agent_event(160 * kMs, "A", "answer-received", {{"session", "call1"}}),
      agent_event(160 * kMs, "A", "ice-state", {{"state", "running"}}),
      agent_event(160'500'000, "A", "check-sent", {{"retransmit", false}}),
      agent_event(800 * kMs, "B", "nominated", {{"component", 1}}),
      agent_event(800 * kMs, "B", "ice-state", {{"state", "completed"}}),
      agent_event(840 * kMs, "A", "nominated", {{"component", 1}}),
      agent_event(840 * kMs, "A", "ice-state", {{"state", "completed"}}),
  };
  Json t = session_timelines(two_agents(1), trace);
  EXPECT_EQ(t["sessions"][0]["name"], "call1");
  EXPECT_EQ(t["sessions"][0]["controlling"], "A");
  EXPECT_EQ(t["sessions"][0]["controlled"], "B");
  EXPECT_EQ(lines(t), (std::vector<std::string>{
                          "A gathering-start 0.0",      "B gathering-start 0.0",   "A gathering-complete 60.0",
                          "A offer-sent 60.0",          "B gathering-complete 70.0", "B offer-received 110.0",
                          "B answer-sent 110.0",        "B first-check 110.0",     "A answer-received 160.0",
                          "A first-check 160.5",        "B nominated 800.0",       "B completed 800.0",
                          "A nominated 840.0",          "A completed 840.0",
                      }));
}

TEST(Timeline, RetransmissionsAreNotFirstChecks) {
  std::vector<nlohmann::json> trace = {
      agent_event(5 * kMs, "A", "check-sent", {{"retransmit", true}}),
      agent_event(9 * kMs, "A", "check-sent", {{"retransmit", false}}),
  };
  EXPECT_EQ(lines(session_timelines(two_agents(1), trace)), (std::vector<std::string>{"A first-check 9.0"}));
}

// RFC 5245 8.1.1: an agent is nominated once every component is: the last one counts.
TEST(Timeline, NominatedWhenEveryComponentIs) {
  std::vector<nlohmann::json> trace = {
      agent_event(300 * kMs, "A", "nominated", {{"component", 1}}),
      agent_event(300 * kMs, "B", "nominated", {{"component", 2}}),
      agent_event(350 * kMs, "A", "nominated", {{"component", 2}}),
      agent_event(400 * kMs, "A", "nominated", {{"component", 1}}),  // again: the first counts
      agent_event(500 * kMs, "B", "ice-state", {{"state", "failed"}}),
  };
  EXPECT_EQ(lines(session_timelines(two_agents(2), trace)),
            (std::vector<std::string>{"A nominated 350.0", "B failed 500.0"}));
}

TEST(Timeline, SignallingOfOtherSessionsAndOtherAgentsIsIgnored) {
  std::vector<nlohmann::json> trace = {
      agent_event(10 * kMs, "A", "offer-sent", {{"session", "call2"}}),
      agent_event(12 * kMs, "C", "gathering-complete"),
      agent_event(15 * kMs, "B", "pair-state"),
  };
  nlohmann::json packet = {{"t_ns", 1}, {"kind", "packet"}, {"agent", "A"}, {"event", "gathering-complete"}};
  trace.push_back(packet);
  EXPECT_TRUE(session_timelines(two_agents(1), trace)["sessions"][0]["events"].empty());
}

}  // namespace
}  // namespace natlab::reports
