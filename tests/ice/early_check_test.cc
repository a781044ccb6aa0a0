// A Binding request that reaches the offerer before the answer does
// (RFC 5245 7.2): "the agent MUST immediately generate a response ... Once the
// answer is received, it MUST proceed with the remaining steps required,
// namely, 7.2.1.3, 7.2.1.4, and 7.2.1.5 for a controlled agent."
//
// Found by the NAT matrix (scenarios/matrix/open-vs-symmetric.yaml and
// {full-cone,restricted}-vs-symmetric.yaml): the answerer behind a symmetric
// NAT starts checking at once, its first check to the offerer arrives before
// the answer, succeeds, and is never repeated. If the offerer forgets it, it
// never learns the peer-reflexive candidate, never sends the triggered check
// that would open the path from its side, and falls back to a relay although
// a direct pair works.
#include <gtest/gtest.h>

#include "agents/ice/agent.h"
#include "fake_network.h"

namespace natlab::ice::test {
namespace {

TEST(IceAgentEarlyCheck, RequestBeforeAnswerLearnsPrflxAndTriggersCheckOnceAnswered) {
  // A (offerer, controlling) is public. B sits behind a NAT whose public
  // address it does not signal (no STUN server): its checks arrive from
  // 198.51.100.2:6000, which is no candidate of B's, and only that address
  // leads back to B (its private host address does not route).
  AgentConfig ca = config(Role::Controlling, {ip("192.0.2.1")}, 5000);
  AgentConfig cb = config(Role::Controlled, {ip("10.0.0.2")}, 6000);
  IceAgent a(ca, Rng(1));
  IceAgent b(cb, Rng(2));
  FakeNet net;
  const std::size_t na = net.add(a, sockets_of(ca));
  net.add(b, sockets_of(cb), ip("198.51.100.2"));
  a.start_gathering(net.now);
  b.start_gathering(net.now);
  net.run_until(Time(10ms));
  ASSERT_TRUE(a.gathering_complete() && b.gathering_complete());

  // The offer reaches B; B answers and checks at once. The answer is slow to
  // reach A: B's first check arrives (10 ms) and is answered long before.
  b.set_remote_description(net.now, a.local_description());
  net.run_until(Time(200ms));
  ASSERT_FALSE(net.sent.empty());
  EXPECT_EQ(a.state(), IceState::New);
  EXPECT_TRUE(a.remote_candidates().empty()) << "7.2.1.3 waits for the answer";

  a.set_remote_description(net.now, b.local_description());
  net.flush();
  // 7.2.1.3 now: the request's source is a new peer-reflexive remote candidate.
  auto learned = net.of<RemoteCandidateLearned>(na);
  ASSERT_EQ(learned.size(), 1u);
  EXPECT_EQ(learned[0].second.candidate.address, ep("198.51.100.2:6000"));
  EXPECT_EQ(learned[0].second.candidate.type, CandidateType::PeerReflexive);
  // 7.2.1.4: the pair goes to the triggered check queue, so A's first check
  // goes there, ahead of its ordinary checks.
  auto checks = net.of<CheckSent>(na);
  ASSERT_FALSE(checks.empty());
  EXPECT_EQ(checks[0].second.remote, ep("198.51.100.2:6000"));
  EXPECT_TRUE(checks[0].second.triggered);

  net.run_until(Time(5s));
  EXPECT_EQ(a.state(), IceState::Completed);
  EXPECT_EQ(b.state(), IceState::Completed);
  auto sa = a.selected_pair(1);
  ASSERT_TRUE(sa);
  EXPECT_EQ(sa->remote.address, ep("198.51.100.2:6000"));
  EXPECT_EQ(sa->remote.type, CandidateType::PeerReflexive);
}

}  // namespace
}  // namespace natlab::ice::test
