// nats[].block_inbound_tcp: read into nat::Config, off by default, and a bad
// value is reported at its line and column like every other boolean.
#include <gtest/gtest.h>

#include "tests/sim/scenario_test_util.h"

namespace natlab::sim {
namespace {

using testing::load_errors;
using testing::load_ok;

const char* kTwoNats =
    "natlab: 1\n"
    "name: t\n"
    "nats:\n"
    "  - name: fw\n"
    "    type: open\n"
    "    public_address: 198.51.100.1\n"
    "    block_inbound_tcp: true\n"
    "  - name: plain\n"
    "    type: port-restricted\n"
    "    public_address: 198.51.100.2\n";

TEST(ScenarioBlockInboundTcp, ReadIntoTheNatConfigAndOffByDefault) {
  Scenario s = load_ok(kTwoNats);
  ASSERT_EQ(s.nats.size(), 2u);
  EXPECT_TRUE(s.find_nat("fw")->config.block_inbound_tcp);
  EXPECT_FALSE(s.find_nat("fw")->config.block_udp);
  EXPECT_FALSE(s.find_nat("plain")->config.block_inbound_tcp);
}

TEST(ScenarioBlockInboundTcp, BadValueNamesLineAndColumn) {
  auto errors = load_errors(
      "natlab: 1\nname: t\nnats:\n  - name: fw\n    type: open\n    public_address: 198.51.100.1\n"
      "    block_inbound_tcp: sometimes\n");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].line, 7);
  EXPECT_EQ(errors[0].column, 24);
  EXPECT_EQ(errors[0].to_string(),
            "test.yaml:7:24: error: 'block_inbound_tcp' must be true or false, not 'sometimes'");
}

}  // namespace
}  // namespace natlab::sim
