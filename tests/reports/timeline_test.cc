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

nlohmann::json socket_record(std::int64_t t_ns, const std::string& agent, const std::string& event,
                             nlohmann::json fields = nlohmann::json::object()) {
  fields["t_ns"] = t_ns;
  fields["kind"] = "socket";
  fields["agent"] = agent;
  fields["event"] = event;
  return fields;
}

// call1 from 0 to its hang-up, call2 placed at 3.5 s by the same agents.
sim::Scenario back_to_back() {
  sim::Scenario s = two_agents(1);
  s.sessions[0].end = std::chrono::seconds(3);
  sim::Session call2 = s.sessions[0];
  call2.name = "call2";
  call2.start = std::chrono::milliseconds(3500);
  call2.end.reset();
  s.sessions.push_back(call2);
  return s;
}

TEST(Timeline, BackToBackCallsEachGetTheirOwnMomentsAndSockets) {
  std::vector<nlohmann::json> trace = {
      agent_event(0, "A", "candidate-gathered"),
      socket_record(100 * kMs, "A", "connected", {{"local", "192.168.1.10:50000"}, {"remote", "192.0.2.20:40010"}, {"stream", 2}}),
      agent_event(150 * kMs, "A", "ice-state", {{"state", "completed"}}),
      socket_record(3000 * kMs, "A", "time_wait",
                    {{"local", "192.168.1.10:50000"}, {"remote", "192.0.2.20:40010"}, {"duration", "60s"}}),
      socket_record(3022 * kMs, "B", "peer_closed", {{"local", "192.0.2.20:40010"}}),
      agent_event(3500 * kMs, "A", "candidate-gathered"),
      socket_record(3600 * kMs, "A", "addr_in_use", {{"local", "192.168.1.10:50000"}, {"reason", "bind"}}),
  };
  Json t = session_timelines(back_to_back(), trace);
  ASSERT_EQ(t["sessions"].size(), 2u);
  const Json& call1 = t["sessions"][0];
  const Json& call2 = t["sessions"][1];
  // Each call's gathering-start is its own, not the first of either.
  ASSERT_EQ(call1["events"].size(), 2u);
  EXPECT_EQ(call1["events"][0]["t_ms"], 0.0);
  EXPECT_EQ(call1["events"][1]["event"], "completed");
  ASSERT_EQ(call2["events"].size(), 1u);
  EXPECT_EQ(call2["events"][0]["event"], "gathering-start");
  EXPECT_EQ(call2["events"][0]["t_ms"], 3500.0);
  // Socket records go with the call they happened in, with their details.
  ASSERT_EQ(call1["sockets"].size(), 3u);
  EXPECT_EQ(call1["sockets"][1]["event"], "time_wait");
  EXPECT_EQ(call1["sockets"][1]["duration"], "60s");
  EXPECT_EQ(call1["sockets"][1]["duration_ms"], 60000.0);
  EXPECT_EQ(call1["sockets"][1]["remote"], "192.0.2.20:40010");
  EXPECT_EQ(call1["sockets"][2]["agent"], "B");
  ASSERT_EQ(call2["sockets"].size(), 1u);
  EXPECT_EQ(call2["sockets"][0]["event"], "addr_in_use");
  EXPECT_EQ(call2["sockets"][0]["reason"], "bind");
  EXPECT_EQ(call2["sockets"][0]["t_ms"], 3600.0);
  EXPECT_FALSE(call2["sockets"][0].contains("remote"));
}

TEST(Timeline, NoSocketsKeyWithoutTcp) {
  std::vector<nlohmann::json> trace = {agent_event(0, "A", "candidate-gathered")};
  Json t = session_timelines(two_agents(1), trace);
  EXPECT_FALSE(t["sessions"][0].contains("sockets"));
}

}  // namespace
}  // namespace natlab::reports
