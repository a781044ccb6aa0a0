// TurnServer: relay ports the host refuses (TurnServerConfig::relay_port_usable),
// as on a real machine where another process holds part of the range.
#include <set>

#include "tests/turn/server_test_util.h"

namespace natlab::turn::testing {
namespace {

TEST(TurnServerRelayPorts, RefusedPortIsSkipped) {
  TurnServerConfig c = test_config();
  c.relay_port_min = 50000;
  c.relay_port_max = 50001;
  std::set<std::uint16_t> asked;
  c.relay_port_usable = [&](const Endpoint& ep) {
    EXPECT_EQ(ep.address, kRelayIp);
    asked.insert(ep.port);
    return ep.port != 50000;
  };
  // Whichever port the pool draws first, the allocation ends on 50001.
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    Harness h(c, seed);
    EXPECT_EQ(h.allocated().port, 50001);
    EXPECT_EQ(h.server.allocation_count(), 1u);
  }
  EXPECT_EQ(asked, (std::set<std::uint16_t>{50000, 50001}));
}

TEST(TurnServerRelayPorts, EveryPortRefusedGets508AndNothingStaysTaken) {
  TurnServerConfig c = test_config();
  c.relay_port_min = 50000;
  c.relay_port_max = 50003;
  bool refuse = true;
  c.relay_port_usable = [&](const Endpoint&) { return !refuse; };
  Harness h(c);
  EXPECT_EQ(h.allocate().code(), 508);
  EXPECT_EQ(h.server.allocation_count(), 0u);
  EXPECT_GE(h.server.counters().relay_ports_unusable, 1u);
  // The refused ports went back to the pool.
  refuse = false;
  for (int i = 0; i < 4; ++i) {
    const Endpoint from{kClient.address, static_cast<std::uint16_t>(41000 + i)};
    EXPECT_TRUE(h.allocate(from).ok()) << i;
  }
}

}  // namespace
}  // namespace natlab::turn::testing
