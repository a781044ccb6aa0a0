// agents[].dialect and agents[].accept_alternate_fingerprint (MS-ICE2
// 3.1.4.8.2): defaults, values, and errors at the value's line and column.
#include <gtest/gtest.h>

#include "sim/scenario_loader.h"

namespace natlab::sim {
namespace {

std::string dialect_scenario(const std::string& agent_extra) {
  return "natlab: 1\nname: t\nservers:\n  - { name: s, address: 203.0.113.1, stun: { port: 3478 } }\n"
         "hosts:\n  - { name: h, address: 203.0.113.2, behind: internet }\n"
         "agents:\n  - name: A\n    host: h\n" + agent_extra;
}

const Agent& agent_of(const std::variant<Scenario, std::vector<LoadError>>& r) {
  EXPECT_TRUE(std::holds_alternative<Scenario>(r));
  return std::get<Scenario>(r).agents.at(0);
}

TEST(ScenarioDialect, DefaultsAndValues) {
  auto d = load_scenario_text(dialect_scenario(""), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<Scenario>(d));
  EXPECT_EQ(agent_of(d).dialect, Dialect::Rfc);
  EXPECT_FALSE(agent_of(d).accept_alternate_fingerprint);
  auto m = load_scenario_text(dialect_scenario("    dialect: ms-ice2\n"), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<Scenario>(m));
  EXPECT_EQ(agent_of(m).dialect, Dialect::MsIce2);
  auto l = load_scenario_text(dialect_scenario("    dialect: ms-ice2-legacy\n"), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<Scenario>(l));
  EXPECT_EQ(agent_of(l).dialect, Dialect::MsIce2Legacy);
  auto a = load_scenario_text(dialect_scenario("    dialect: rfc\n    accept_alternate_fingerprint: true\n"), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<Scenario>(a));
  EXPECT_TRUE(agent_of(a).accept_alternate_fingerprint);
}

TEST(ScenarioDialect, BadValuesAreErrorsWithPosition) {
  auto r = load_scenario_text(dialect_scenario("    dialect: msice2\n"), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<std::vector<LoadError>>(r));
  const LoadError& e = std::get<std::vector<LoadError>>(r).front();
  EXPECT_EQ(e.line, 10);
  EXPECT_EQ(e.column, 14);
  EXPECT_NE(e.message.find("unknown dialect 'msice2'"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("rfc, ms-ice2, ms-ice2-legacy"), std::string::npos) << e.message;
  auto b = load_scenario_text(dialect_scenario("    accept_alternate_fingerprint: yes\n"), "t.yaml");
  ASSERT_TRUE(std::holds_alternative<std::vector<LoadError>>(b));
  const LoadError& eb = std::get<std::vector<LoadError>>(b).front();
  EXPECT_EQ(eb.line, 10);
  EXPECT_EQ(eb.column, 35);
}

}  // namespace
}  // namespace natlab::sim
