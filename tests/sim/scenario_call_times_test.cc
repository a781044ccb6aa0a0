// sessions[].start / end and agents[].tcp_close: back-to-back calls of one
// agent pair (the fixed-port reconnect scenarios), read into Session and
// Agent; bad values reported at their line and column.
#include <gtest/gtest.h>

#include "tests/sim/scenario_test_util.h"

namespace natlab::sim {
namespace {

using namespace std::chrono_literals;

// With no agent extra, the session extra starts at line 13 (else 14).
std::string call_times_scenario(const std::string& agent_extra, const std::string& session_extra) {
  return "natlab: 1\nname: t\nhosts:\n  - { name: h, address: 203.0.113.5, behind: internet }\n"
         "agents:\n  - name: A\n    host: h\n" +
         agent_extra + "  - { name: B, host: h }\nsessions:\n  - name: s1\n    controlling: A\n    controlled: B\n" +
         session_extra;
}

TEST(ScenarioCallTimes, DefaultsStartAtZeroNoEndGracefulClose) {
  Scenario s = testing::load_ok(call_times_scenario("", ""));
  ASSERT_EQ(s.sessions.size(), 1u);
  EXPECT_EQ(s.sessions[0].start, Duration{0});
  EXPECT_FALSE(s.sessions[0].end);
  EXPECT_EQ(s.agents[0].tcp_close, CloseMode::Graceful);
}

TEST(ScenarioCallTimes, StartEndAndCloseModeAreRead) {
  Scenario s = testing::load_ok(call_times_scenario("    tcp_close: linger0\n", "    start: 2s\n    end: 5500ms\n"));
  EXPECT_EQ(s.sessions[0].start, Duration{2s});
  ASSERT_TRUE(s.sessions[0].end);
  EXPECT_EQ(*s.sessions[0].end, Duration{5500ms});
  EXPECT_EQ(s.agents[0].tcp_close, CloseMode::Abortive);
  Scenario g = testing::load_ok(call_times_scenario("    tcp_close: graceful\n", ""));
  EXPECT_EQ(g.agents[0].tcp_close, CloseMode::Graceful);
}

TEST(ScenarioCallTimes, EndNotAfterStartNamesLineAndColumn) {
  for (const char* end : {"2s", "1s"}) {
    auto errors = testing::load_errors(call_times_scenario("", std::string("    start: 2s\n    end: ") + end + "\n"));
    ASSERT_EQ(errors.size(), 1u) << end;
    EXPECT_EQ(errors[0].line, 14) << end;
    EXPECT_EQ(errors[0].column, 10) << end;
    EXPECT_NE(errors[0].to_string().find("'end' must be later than 'start'"), std::string::npos)
        << errors[0].to_string();
  }
}

TEST(ScenarioCallTimes, BadValuesNameLineAndColumn) {
  struct Case {
    std::string agent_extra, session_extra;
    int line, column;
    const char* message;
  };
  for (const Case& c : {Case{"    tcp_close: rst\n", "", 8, 16, "unknown tcp_close 'rst'; expected one of: graceful, linger0"},
                        Case{"", "    start: soon\n", 13, 12, "start"},
                        Case{"", "    end: 0s\n", 13, 10, "end"},
                        Case{"", "    end: -1s\n", 13, 10, "end"}}) {
    auto errors = testing::load_errors(call_times_scenario(c.agent_extra, c.session_extra));
    ASSERT_EQ(errors.size(), 1u) << c.agent_extra << c.session_extra;
    EXPECT_EQ(errors[0].line, c.line) << c.agent_extra << c.session_extra;
    EXPECT_EQ(errors[0].column, c.column) << c.agent_extra << c.session_extra;
    EXPECT_NE(errors[0].to_string().find(c.message), std::string::npos) << errors[0].to_string();
  }
}

}  // namespace
}  // namespace natlab::sim
