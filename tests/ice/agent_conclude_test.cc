// Concluding (RFC 5245 8.1.2): once a component has a nominated pair, its
// Waiting and Frozen pairs are removed, with aggressive nomination as with
// regular: only checks already in progress may still complete.
#include <gtest/gtest.h>

#include "agents/ice/agent.h"
#include "fake_network.h"

namespace natlab::ice::test {
namespace {

// A has three host addresses, in decreasing priority: a1 is slow (500 ms
// each way), a2 is unreachable, a3 is fast. A paces its checks 200 ms apart:
// (a1, B) at 0 ms; B's check to a3 triggers A's check on (a3, B) at 200 ms,
// which succeeds at 220 ms and, with aggressive nomination, is nominated
// while (a2, B) still waits for its ordinary check at 400 ms.
TEST(IceConclude, AggressiveNominationRemovesWaitingPairs) {
  AgentConfig ca = config(Role::Controlling, {ip("10.0.0.1"), ip("10.0.1.1"), ip("10.0.2.1")}, 5000);
  ca.nomination = NominationMode::Aggressive;
  ca.ta = 200ms;
  ca.tie_breaker = 2;
  AgentConfig cb = config(Role::Controlled, {ip("10.0.0.2")}, 6000);
  cb.tie_breaker = 1;
  IceAgent a(ca, Rng(1));
  IceAgent b(cb, Rng(2));
  FakeNet net;
  const std::size_t na = net.add(a, sockets_of(ca));
  net.add(b, sockets_of(cb));
  net.delay = [](const Packet& p) {
    const bool slow = p.from.address == ip("10.0.0.1") || p.to.address == ip("10.0.0.1");
    return slow ? Duration(500ms) : Duration(10ms);
  };
  net.drop = [](const Packet& p) { return p.from.address == ip("10.0.1.1") || p.to.address == ip("10.0.1.1"); };
  connect(net, a, b, Time(3s));

  auto nominated = net.of<Nominated>(na);
  ASSERT_FALSE(nominated.empty());
  EXPECT_EQ(nominated[0].second.local.address, ip("10.0.2.1"));
  const Time first = nominated[0].first;
  // RFC 5245 8.1.2: "The agent MUST remove all Waiting and Frozen pairs in
  // the check list and triggered check queue for the same component as the
  // nominated pairs": no check on (a2, B) is started after that.
  for (const auto& [t, c] : net.of<CheckSent>(na)) {
    if (t > first && !c.retransmit) {
      EXPECT_NE(c.local.address.to_string(), "10.0.1.1") << "ordinary check at " << to_ms(t) << " ms";
    }
  }
  // The slow, better pair was in progress and still completes and takes
  // over (8.1.1.2: "another check may yet complete").
  EXPECT_EQ(a.state(), IceState::Completed);
  ASSERT_TRUE(a.selected_pair(1));
  EXPECT_EQ(a.selected_pair(1)->local.address, ep("10.0.0.1:5000"));
}

}  // namespace
}  // namespace natlab::ice::test
