// Two IceAgents over the in-process FakeNet.
#include "agents/ice/agent.h"

#include <gtest/gtest.h>

#include "agents/stun/attributes.h"
#include "fake_network.h"

namespace natlab::ice::test {
namespace {

struct Pair2 {
  AgentConfig ca, cb;
  std::optional<IceAgent> a, b;
  FakeNet net;
  std::size_t na = 0, nb = 0;
  void build(std::optional<IpAddress> nat_a = {}, std::optional<IpAddress> nat_b = {}) {
    a.emplace(ca, Rng(1));
    b.emplace(cb, Rng(2));
    na = net.add(*a, sockets_of(ca), nat_a);
    nb = net.add(*b, sockets_of(cb), nat_b);
  }
};

Pair2 hosts(Role ra = Role::Controlling, Role rb = Role::Controlled) {
  Pair2 p;
  p.ca = config(ra, {ip("10.0.0.1")}, 5000);
  p.cb = config(rb, {ip("10.0.0.2")}, 6000);
  return p;
}

TEST(IceAgentNet, HostToHostRegularNomination) {
  Pair2 p = hosts();
  p.build();
  connect(p.net, *p.a, *p.b, Time(5s));
  EXPECT_EQ(p.a->state(), IceState::Completed);
  EXPECT_EQ(p.b->state(), IceState::Completed);
  auto sa = p.a->selected_pair(1);
  auto sb = p.b->selected_pair(1);
  ASSERT_TRUE(sa && sb);
  EXPECT_EQ(sa->local.address, ep("10.0.0.1:5000"));
  EXPECT_EQ(sa->remote.address, ep("10.0.0.2:6000"));
  EXPECT_EQ(sb->local.address, sa->remote.address);
  EXPECT_EQ(sb->remote.address, sa->local.address);
  // Regular nomination: exactly one (non-retransmitted) check with
  // USE-CANDIDATE, from the controlling agent, after a check without it
  // succeeded on that pair.
  int with_uc = 0;
  for (const auto& [t, c] : p.net.of<CheckSent>(p.na))
    if (c.use_candidate && !c.retransmit) ++with_uc;
  EXPECT_EQ(with_uc, 1);
  for (const auto& [t, c] : p.net.of<CheckSent>(p.nb)) EXPECT_FALSE(c.use_candidate);
  EXPECT_EQ(p.net.of<Nominated>(p.nb).size(), 1u);
  // Media flows on the selected pair.
  std::vector<std::uint8_t> rtp{0x80, 0x00, 0x01, 0x02};
  ASSERT_TRUE(p.a->send_data(p.net.now, 1, rtp));
  p.net.run_until(p.net.now + 100ms);
  auto got = p.net.of<DataReceived>(p.nb);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].second.bytes, rtp);
  EXPECT_EQ(got[0].second.remote, ep("10.0.0.1:5000"));
}

TEST(IceAgentNet, PairPriorityValuesInAgentByHand) {
  Pair2 p = hosts();
  p.build();
  connect(p.net, *p.a, *p.b, Time(0ms));
  // Both host candidates, component 1: priority 2130706431 each; G == D:
  // 2^32*2130706431 = 9151314438521880576; + 2*2130706431 = 4261412862
  const std::uint64_t expected = 9151314442783293438ull;
  ASSERT_EQ(p.a->checklist().pairs().size(), 1u);
  EXPECT_EQ(p.a->checklist().pairs()[0].priority, expected);
  EXPECT_EQ(p.b->checklist().pairs()[0].priority, expected);
}

TEST(IceAgentNet, PairPriorityAsymmetricByHand) {
  // A has a second host address with local preference 65534, so its
  // candidate there has priority 2^24*126 + 2^8*65534 + 255 = 2130706175.
  Pair2 p;
  p.ca = config(Role::Controlling, {ip("10.0.0.1"), ip("10.0.1.1")}, 5000);
  p.cb = config(Role::Controlled, {ip("10.0.0.2")}, 6000);
  p.build();
  connect(p.net, *p.a, *p.b, Time(0ms));
  const auto& pairs = p.a->checklist().pairs();
  ASSERT_EQ(pairs.size(), 2u);
  // On A (controlling): G = 2130706175, D = 2130706431, G < D:
  // 2^32*2130706175 + 2*2130706431 + 0
  //   = 9151313339010252800 + 4261412862 = 9151313343271665662
  EXPECT_EQ(pairs[1].priority, 9151313343271665662ull);
  EXPECT_EQ(pairs[1].local.address, ep("10.0.1.1:5001"));
  // On B (controlled) the same pair has the same priority: G is still A's.
  const auto& bp = p.b->checklist().pairs();
  ASSERT_EQ(bp.size(), 2u);
  EXPECT_EQ(bp[1].priority, 9151313343271665662ull);
}

TEST(IceAgentNet, PacingNoTwoChecksCloserThanTa) {
  // Several pairs per agent so that many checks are due at once.
  Pair2 p;
  p.ca = config(Role::Controlling, {ip("10.0.0.1"), ip("10.0.1.1"), ip("10.0.2.1")}, 5000, 2);
  p.cb = config(Role::Controlled, {ip("10.0.0.2"), ip("10.0.1.2")}, 6000, 2);
  p.ca.ta = 25ms;
  p.cb.ta = 25ms;
  p.build();
  // Nothing answers: every pair gets its check, then retransmissions.
  p.net.drop = [](const Packet&) { return true; };
  connect(p.net, *p.a, *p.b, Time(2s));
  for (std::size_t n : {p.na, p.nb}) {
    std::vector<Time> times;
    for (const auto& [t, c] : p.net.of<CheckSent>(n))
      if (!c.retransmit) times.push_back(t);
    ASSERT_GE(times.size(), 10u);  // 3*2*2 pairs for A, 2*3*2 for B
    for (std::size_t i = 1; i < times.size(); ++i)
      EXPECT_GE(times[i] - times[i - 1], Duration(25ms)) << "check " << i;
    // And the pace is exactly Ta: the scheduler never idles with work left.
    EXPECT_EQ(times[1] - times[0], Duration(25ms));
  }
}

TEST(IceAgentNet, FailsWhenNoPairWorksAfterTransactionTimeout) {
  Pair2 p = hosts();
  p.build();
  p.net.drop = [](const Packet&) { return true; };
  connect(p.net, *p.a, *p.b, Time(20s));
  // One pair, RTO = MAX(100ms, 20ms*1*1) = 100ms; Rc = 7 sends at 0, 100,
  // 300, 700, 1500, 3100, 6300 ms, then Rm*RTO = 1600 ms more: 7900 ms.
  auto states = p.net.of<StateChanged>(p.na);
  ASSERT_FALSE(states.empty());
  EXPECT_EQ(states.back().second.state, IceState::Failed);
  const Time start = p.net.of<CheckSent>(p.na).front().first;
  EXPECT_EQ(states.back().first - start, Duration(7900ms));
  int sends = 0;
  for (const auto& s : p.net.sent)
    if (s.node == p.na) ++sends;
  EXPECT_EQ(sends, 7);
  EXPECT_EQ(p.b->state(), IceState::Failed);
}

TEST(IceAgentNet, KeepaliveEveryTrOnSelectedPair) {
  Pair2 p = hosts();
  p.build();
  connect(p.net, *p.a, *p.b, Time(1s));
  ASSERT_EQ(p.a->state(), IceState::Completed);
  const Time selected_at = p.net.of<SelectedPair>(p.na).front().first;
  p.net.run_until(Time(50s));
  std::vector<Time> ka;
  for (const auto& s : p.net.sent)
    if (s.node == p.na && is_indication(s.t)) {
      ka.push_back(s.at);
      EXPECT_EQ(s.t.local, ep("10.0.0.1:5000"));
      EXPECT_EQ(s.t.remote, ep("10.0.0.2:6000"));
    }
  ASSERT_EQ(ka.size(), 3u);
  // No packet on the pair since selection (the USE-CANDIDATE check was
  // the last one, sent before), so the first comes Tr after selection.
  EXPECT_LE(ka[0] - selected_at, Duration(15s));
  EXPECT_EQ(ka[1] - ka[0], Duration(15s));
  EXPECT_EQ(ka[2] - ka[1], Duration(15s));
  // Media resets the timer.
  p.a->send_data(p.net.now, 1, std::vector<std::uint8_t>{0x80, 0});
  p.net.flush();
  const Time media_at = p.net.now;
  p.net.run_until(Time(70s));
  std::vector<Time> later;
  for (const auto& s : p.net.sent)
    if (s.node == p.na && is_indication(s.t) && s.at > media_at) later.push_back(s.at);
  ASSERT_FALSE(later.empty());
  EXPECT_EQ(later[0] - media_at, Duration(15s));
}

}  // namespace
}  // namespace natlab::ice::test
