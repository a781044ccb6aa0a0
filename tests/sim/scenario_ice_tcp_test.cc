// agents[].transports and agents[].tcp (ICE-TCP, RFC 6544): read into Agent,
// UDP only and an ephemeral TCP port by default, bad values reported at their
// line and column.
#include <gtest/gtest.h>

#include "tests/sim/scenario_test_util.h"

namespace natlab::sim {
namespace {

std::string ice_tcp_scenario(const std::string& extra) {
  return "natlab: 1\nname: t\nhosts:\n  - { name: h, address: 203.0.113.5, behind: internet }\n"
         "agents:\n  - name: A\n    host: h\n" +
         extra;
}

TEST(ScenarioIceTcp, UdpOnlyAndEphemeralByDefault) {
  Scenario s = testing::load_ok(ice_tcp_scenario(""));
  ASSERT_EQ(s.agents.size(), 1u);
  EXPECT_TRUE(s.agents[0].udp);
  EXPECT_FALSE(s.agents[0].tcp);
  EXPECT_FALSE(s.agents[0].tcp_port);
}

TEST(ScenarioIceTcp, TransportsAndFixedPortAreRead) {
  Scenario both = testing::load_ok(ice_tcp_scenario("    transports: [udp, tcp]\n    tcp: 5000\n"));
  EXPECT_TRUE(both.agents[0].udp);
  EXPECT_TRUE(both.agents[0].tcp);
  ASSERT_TRUE(both.agents[0].tcp_port);
  EXPECT_EQ(*both.agents[0].tcp_port, 5000);
  Scenario tcp = testing::load_ok(ice_tcp_scenario("    transports: [tcp]\n    tcp: ephemeral\n"));
  EXPECT_FALSE(tcp.agents[0].udp);
  EXPECT_TRUE(tcp.agents[0].tcp);
  EXPECT_FALSE(tcp.agents[0].tcp_port);
}

// One bad value of a list key, the error it must give (file:line:col).
struct BadListCase {
  const char* value;
  int column;
  const char* message;
};

void expect_list_errors(const std::string& prefix, const std::string& key, int line,
                        std::initializer_list<BadListCase> cases) {
  for (const BadListCase& c : cases) {
    auto errors = testing::load_errors(ice_tcp_scenario(prefix + "    " + key + ": " + c.value + "\n"));
    ASSERT_EQ(errors.size(), 1u) << c.value;
    EXPECT_EQ(errors[0].line, line) << c.value;
    EXPECT_EQ(errors[0].column, c.column) << c.value;
    EXPECT_NE(errors[0].to_string().find(c.message), std::string::npos) << errors[0].to_string();
  }
}

TEST(ScenarioIceTcp, BadTransportsNameLineAndColumn) {
  expect_list_errors("", "transports", 8,
                     {{"[udp, sctp]", 23, "unknown transport 'sctp'; expected one of: udp, tcp"},
                      {"[tcp, tcp]", 23, "transport 'tcp' is listed twice"},
                      {"[]", 17, "'transports' needs at least one of: udp, tcp"},
                      {"[[udp]]", 18, "each of 'transports' must be udp or tcp"}});
}

TEST(ScenarioIceTcp, BadTcpPortNamesLineAndColumn) {
  for (const char* bad : {"0", "65536", "999999", "fixed", "-1", "[5000]"}) {
    auto errors = testing::load_errors(ice_tcp_scenario(std::string("    tcp: ") + bad + "\n"));
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].line, 8) << bad;
    EXPECT_EQ(errors[0].column, 10) << bad;
    EXPECT_NE(errors[0].to_string().find("'tcp'"), std::string::npos) << errors[0].to_string();
  }
}

TEST(ScenarioIceTcp, TcpCandidatesAreReadActiveAndPassiveByDefault) {
  Scenario d = testing::load_ok(ice_tcp_scenario("    transports: [tcp]\n"));
  EXPECT_TRUE(d.agents[0].tcp_active);
  EXPECT_TRUE(d.agents[0].tcp_passive);
  EXPECT_FALSE(d.agents[0].tcp_so);
  Scenario so = testing::load_ok(ice_tcp_scenario("    transports: [tcp]\n    tcp_candidates: [so, active]\n"));
  EXPECT_TRUE(so.agents[0].tcp_active);
  EXPECT_FALSE(so.agents[0].tcp_passive);
  EXPECT_TRUE(so.agents[0].tcp_so);
}

TEST(ScenarioIceTcp, BadTcpCandidatesNameLineAndColumn) {
  expect_list_errors("    transports: [tcp]\n", "tcp_candidates", 9,
                     {{"[so, listen]", 26, "unknown TCP candidate type 'listen'; expected one of: active, passive, so"},
                      {"[so, so]", 26, "TCP candidate type 'so' is listed twice"},
                      {"[]", 21, "'tcp_candidates' needs at least one of: active, passive, so"},
                      {"[[so]]", 22, "each of 'tcp_candidates' must be active, passive or so"}});
  // Without TCP there is nothing to gather them on.
  auto errors = testing::load_errors(ice_tcp_scenario("    tcp_candidates: [so]\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 8);
  EXPECT_EQ(errors[0].column, 5);
  EXPECT_NE(errors[0].to_string().find("'tcp_candidates' needs tcp in 'transports'"), std::string::npos)
      << errors[0].to_string();
}

std::string ice_tcp_expect(const std::string& item) {
  return ice_tcp_scenario("  - { name: B, host: h }\nsessions:\n  - { name: s1, controlling: A, controlled: B }\n"
                          "expect:\n  - session: s1\n" +
                          item);
}

TEST(ScenarioIceTcp, ExpectTransportIsRead) {
  Scenario s = testing::load_ok(ice_tcp_expect("    transport: tcp\n"));
  ASSERT_EQ(s.expect.size(), 1u);
  ASSERT_TRUE(s.expect[0].transport);
  EXPECT_EQ(*s.expect[0].transport, Transport::Tcp);
  EXPECT_FALSE(testing::load_ok(ice_tcp_expect("    outcome: connected\n")).expect[0].transport);
}

TEST(ScenarioIceTcp, BadExpectTransportNamesLineAndColumn) {
  auto errors = testing::load_errors(ice_tcp_expect("    transport: sctp\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 13);
  EXPECT_EQ(errors[0].column, 16);
  EXPECT_NE(errors[0].to_string().find("unknown transport 'sctp'"), std::string::npos) << errors[0].to_string();
  auto contradicts = testing::load_errors(ice_tcp_expect("    outcome: failed\n    transport: tcp\n"));
  ASSERT_EQ(contradicts.size(), 1u);
  EXPECT_NE(contradicts[0].to_string().find("'transport' contradicts outcome: failed"), std::string::npos)
      << contradicts[0].to_string();
}

}  // namespace
}  // namespace natlab::sim
