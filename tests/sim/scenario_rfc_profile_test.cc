// agents[].rfc selects the ICE timer profile: RFC 5245 (Ta default and floor
// 20 ms) or RFC 8445 (default 50 ms, floor 5 ms).
#include <gtest/gtest.h>

#include "sim/scenario_loader.h"

namespace natlab::sim {
namespace {

std::string profile_scenario(const std::string& agent_extra) {
  return "natlab: 1\nname: t\nservers:\n  - { name: s, address: 203.0.113.1, stun: { port: 3478 } }\n"
         "hosts:\n  - { name: h, address: 203.0.113.2, behind: internet }\n"
         "agents:\n  - name: A\n    host: h\n" + agent_extra;
}

TEST(ScenarioRfcProfile, DefaultsFollowTheProfile) {
  auto a = load_scenario_text(profile_scenario(""), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<Scenario>(a));
  EXPECT_EQ(std::get<Scenario>(a).agents[0].rfc, IceProfile::Rfc5245);
  EXPECT_EQ(std::get<Scenario>(a).agents[0].ta, std::chrono::milliseconds(20));
  auto b = load_scenario_text(profile_scenario("    rfc: 8445\n"), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<Scenario>(b));
  EXPECT_EQ(std::get<Scenario>(b).agents[0].rfc, IceProfile::Rfc8445);
  EXPECT_EQ(std::get<Scenario>(b).agents[0].ta, std::chrono::milliseconds(50));
  auto c = load_scenario_text(profile_scenario("    rfc: 8445\n    ta: 5ms\n"), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<Scenario>(c));
  EXPECT_EQ(std::get<Scenario>(c).agents[0].ta, std::chrono::milliseconds(5));
}

TEST(ScenarioRfcProfile, TaBelowTheProfileFloorIsAnError) {
  auto r = load_scenario_text(profile_scenario("    ta: 5ms\n"), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<std::vector<LoadError>>(r));
  const LoadError& e = std::get<std::vector<LoadError>>(r).front();
  EXPECT_EQ(e.line, 10);
  EXPECT_EQ(e.column, 9);
  EXPECT_NE(e.message.find("20 ms floor of RFC 5245 16"), std::string::npos) << e.message;
  auto r2 = load_scenario_text(profile_scenario("    rfc: 8445\n    ta: 4ms\n"), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<std::vector<LoadError>>(r2));
  EXPECT_NE(std::get<std::vector<LoadError>>(r2).front().message.find("5 ms floor of RFC 8445"), std::string::npos);
}

TEST(ScenarioRfcProfile, UnknownProfileIsAnError) {
  auto r = load_scenario_text(profile_scenario("    rfc: 3489\n"), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<std::vector<LoadError>>(r));
  EXPECT_NE(std::get<std::vector<LoadError>>(r).front().message.find("unknown ICE profile '3489'"), std::string::npos)
      << std::get<std::vector<LoadError>>(r).front().message;
}

}  // namespace
}  // namespace natlab::sim
