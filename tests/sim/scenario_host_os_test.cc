// hosts[].os and hosts[].tcp_time_wait: read into Host, linux and no
// override by default, bad values reported at their line and column.
#include <gtest/gtest.h>

#include "tests/sim/scenario_test_util.h"

namespace natlab::sim {
namespace {

std::string host_os_scenario(const std::string& extra) {
  return "natlab: 1\nname: t\nhosts:\n  - name: a\n    address: 203.0.113.5\n    behind: internet\n" + extra;
}

TEST(ScenarioHostOs, LinuxWithoutOverrideByDefault) {
  Scenario s = testing::load_ok(host_os_scenario(""));
  ASSERT_EQ(s.hosts.size(), 1u);
  EXPECT_EQ(s.hosts[0].os, HostOs::Linux);
  EXPECT_FALSE(s.hosts[0].tcp_time_wait);
}

TEST(ScenarioHostOs, WindowsAndTimeWaitAreRead) {
  Scenario s = testing::load_ok(host_os_scenario("    os: windows\n    tcp_time_wait: 30s\n"));
  ASSERT_EQ(s.hosts.size(), 1u);
  EXPECT_EQ(s.hosts[0].os, HostOs::Windows);
  ASSERT_TRUE(s.hosts[0].tcp_time_wait);
  EXPECT_EQ(*s.hosts[0].tcp_time_wait, std::chrono::seconds(30));
  EXPECT_EQ(testing::load_ok(host_os_scenario("    os: linux\n")).hosts[0].os, HostOs::Linux);
}

TEST(ScenarioHostOs, UnknownOsNamesLineAndColumn) {
  auto errors = testing::load_errors(host_os_scenario("    os: macos\n"));
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 7);
  EXPECT_EQ(errors[0].column, 9);
  EXPECT_NE(errors[0].to_string().find("test.yaml:7:9: error: unknown operating system 'macos'"), std::string::npos)
      << errors[0].to_string();
}

TEST(ScenarioHostOs, BadTimeWaitNamesLineAndColumn) {
  for (const char* bad : {"60", "0s", "soon"}) {
    auto errors = testing::load_errors(host_os_scenario(std::string("    tcp_time_wait: ") + bad + "\n"));
    ASSERT_EQ(errors.size(), 1u) << bad;
    EXPECT_EQ(errors[0].line, 7) << bad;
    EXPECT_EQ(errors[0].column, 20) << bad;
    EXPECT_NE(errors[0].to_string().find("'tcp_time_wait'"), std::string::npos) << errors[0].to_string();
  }
}

}  // namespace
}  // namespace natlab::sim
