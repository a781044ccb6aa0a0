// The files under scenarios/ are what users copy from: each must load.
#include <gtest/gtest.h>

#include <filesystem>
#include <set>

#include "sim/scenario_loader.h"
#include "tests/sim/scenario_test_util.h"

namespace natlab::sim {
namespace {

TEST(ScenarioExamples, EveryFileUnderScenariosLoads) {
  auto files = expand_scenario_paths({NATLAB_SOURCE_DIR "/scenarios"});
  ASSERT_GE(files.size(), 8u);  // examples/ and the matrix/
  for (const auto& file : files) {
    auto result = load_scenario_file(file);
    if (auto* errors = std::get_if<std::vector<LoadError>>(&result)) {
      ADD_FAILURE() << testing::describe(*errors);
    }
  }
}

TEST(ScenarioExamples, MatrixCoversEveryNatType) {
  std::set<nat::NatType> seen;
  for (const auto& file : expand_scenario_paths({NATLAB_SOURCE_DIR "/scenarios/matrix"})) {
    auto result = load_scenario_file(file);
    ASSERT_TRUE(std::holds_alternative<Scenario>(result)) << file;
    const Scenario& s = std::get<Scenario>(result);
    for (const auto& n : s.nats) seen.insert(n.config.type);
    EXPECT_FALSE(s.sessions.empty()) << file;
    EXPECT_FALSE(s.expect.empty()) << file;
  }
  EXPECT_EQ(seen.size(), 5u);
}

TEST(ScenarioExamples, SpecExampleAsWritten) {
  auto result = load_scenario_file(NATLAB_SOURCE_DIR "/scenarios/examples/port-restricted-vs-symmetric-turn.yaml");
  ASSERT_TRUE(std::holds_alternative<Scenario>(result));
  const Scenario& s = std::get<Scenario>(result);
  EXPECT_EQ(s.name, "port-restricted vs symmetric falls back to TURN");
  EXPECT_EQ(s.find_nat("nat-a")->config.filtering, nat::Filtering::AddressAndPortDependent);
  EXPECT_EQ(s.expect.at(0).selected.at("A"), CandidateType::Relay);
}

TEST(ScenarioExamples, NatBehindNatLans) {
  auto result = load_scenario_file(NATLAB_SOURCE_DIR "/scenarios/examples/nat-behind-nat.yaml");
  ASSERT_TRUE(std::holds_alternative<Scenario>(result));
  const Scenario& s = std::get<Scenario>(result);
  EXPECT_EQ(s.find_nat("nat-home")->behind, "nat-cgn");
  EXPECT_EQ(s.find_nat("nat-cgn")->lan.inside_address, *IpAddress::parse("100.64.0.1"));
  EXPECT_EQ(s.find_nat("nat-home")->lan.inside_address, *IpAddress::parse("192.168.0.254"));
  ASSERT_TRUE(s.find_server("turn1")->stun);  // turn: alone still answers Binding
  EXPECT_EQ(s.find_server("turn1")->stun->port, 3478);
}

}  // namespace
}  // namespace natlab::sim
