// AgentConfig::relay_only (RFC 8829 4.1.1's "relay" policy): only relayed
// candidates are offered and paired, even where host candidates would work.
#include <gtest/gtest.h>

#include "agents/ice/agent.h"
#include "fake_network.h"

namespace natlab::ice::test {
namespace {

TEST(IceRelayOnly, OffersAndPairsOnlyTheRelayedCandidate) {
  AgentConfig ca = config(Role::Controlling, {ip("10.0.0.1")}, 5000);
  AgentConfig cb = config(Role::Controlled, {ip("10.0.0.2")}, 6000);
  ca.tie_breaker = 2;
  cb.tie_breaker = 1;
  ca.relay_only = true;
  IceAgent a(ca, Rng(1));
  IceAgent b(cb, Rng(2));
  FakeNet net;
  // FakeNet stands in for A's TURN client, as in agent_roles_test.cc; every
  // path works, host to host included.
  const std::size_t na = net.add(a, {ep("10.0.0.1:5000"), ep("198.51.100.9:40000")});
  net.add(b, sockets_of(cb));
  a.expect_relayed_candidate();
  a.start_gathering(net.now);
  b.start_gathering(net.now);
  a.add_relayed_candidate(net.now, 1, ep("198.51.100.9:40000"), ep("203.0.113.1:5000"), ep("10.0.0.1:5000"),
                          ep("198.51.100.9:3478"));
  const SessionDescription offer = a.local_description();
  ASSERT_EQ(offer.candidates.size(), 1u);
  EXPECT_EQ(offer.candidates[0].type, CandidateType::Relayed);
  b.set_remote_description(net.now, offer);
  a.set_remote_description(net.now, b.local_description());
  for (const auto& p : a.checklist().pairs()) EXPECT_EQ(p.local.type, CandidateType::Relayed);
  net.run_until(Time(std::chrono::seconds(10)));
  ASSERT_TRUE(a.selected_pair(1));
  EXPECT_EQ(a.selected_pair(1)->local.type, CandidateType::Relayed);
  for (const auto& s : net.sent) {
    if (s.node != na) continue;
    EXPECT_NE(s.t.local, ep("10.0.0.1:5000")) << "a check left from the host candidate";
  }
}

}  // namespace
}  // namespace natlab::ice::test
