// Role conflicts, nomination modes, peer-reflexive candidates, the symmetric
// address check, gathering and relayed candidates over FakeNet.
#include <gtest/gtest.h>

#include "agents/ice/agent.h"
#include "fake_network.h"

namespace natlab::ice::test {
namespace {

struct Duo {
  AgentConfig ca, cb;
  std::optional<IceAgent> a, b;
  FakeNet net;
  std::size_t na = 0, nb = 1;
  Duo(Role ra, Role rb, std::uint64_t ta_tb, std::uint64_t tb_tb) {
    ca = config(ra, {ip("10.0.0.1")}, 5000);
    cb = config(rb, {ip("10.0.0.2")}, 6000);
    ca.tie_breaker = ta_tb;
    cb.tie_breaker = tb_tb;
  }
  void build(std::optional<IpAddress> nat_a = {}) {
    a.emplace(ca, Rng(1));
    b.emplace(cb, Rng(2));
    na = net.add(*a, sockets_of(ca), nat_a);
    nb = net.add(*b, sockets_of(cb));
  }
};

void expect_connected(Duo& d) {
  EXPECT_EQ(d.a->state(), IceState::Completed);
  EXPECT_EQ(d.b->state(), IceState::Completed);
  ASSERT_TRUE(d.a->selected_pair(1) && d.b->selected_pair(1));
  EXPECT_EQ(d.a->selected_pair(1)->remote.address, ep("10.0.0.2:6000"));
}

TEST(IceRoleConflict, BothControllingSmallerTieBreakerYields) {
  Duo d(Role::Controlling, Role::Controlling, 10, 20);
  d.build();
  connect(d.net, *d.a, *d.b, Time(5s));
  EXPECT_EQ(d.a->role(), Role::Controlled);
  EXPECT_EQ(d.b->role(), Role::Controlling);
  // B kept its role and answered 487 (its tie-breaker 20 >= 10).
  auto rb = d.net.of<RoleConflict>(d.nb);
  ASSERT_FALSE(rb.empty());
  EXPECT_TRUE(rb[0].second.sent_487);
  EXPECT_EQ(rb[0].second.role_after, Role::Controlling);
  auto ra = d.net.of<RoleConflict>(d.na);
  ASSERT_FALSE(ra.empty());
  EXPECT_EQ(ra[0].second.role_after, Role::Controlled);
  expect_connected(d);
  // Only the agent left controlling nominates.
  for (const auto& [t, c] : d.net.of<CheckSent>(d.na))
    if (t > ra[0].first) { EXPECT_FALSE(c.use_candidate); }
}

TEST(IceRoleConflict, BothControlledLargerTieBreakerTakesControl) {
  Duo d(Role::Controlled, Role::Controlled, 10, 20);
  d.build();
  connect(d.net, *d.a, *d.b, Time(5s));
  // B (20 >= 10) switches to controlling; A (10 < 20) answers 487.
  EXPECT_EQ(d.b->role(), Role::Controlling);
  EXPECT_EQ(d.a->role(), Role::Controlled);
  auto ra = d.net.of<RoleConflict>(d.na);
  ASSERT_FALSE(ra.empty());
  EXPECT_TRUE(ra[0].second.sent_487);
  expect_connected(d);
  EXPECT_EQ(d.net.of<Nominated>(d.na).size(), 1u);
}

TEST(IceRoleConflict, Received487SwitchesRoleAndRetriesPair) {
  // Only A checks at first: B has A's description late, so the first
  // conflict B sees is A's check, and A learns of it through 487.
  Duo d(Role::Controlling, Role::Controlling, 10, 20);
  d.build();
  d.a->start_gathering(d.net.now);
  d.b->start_gathering(d.net.now);
  d.net.flush();
  d.a->set_remote_description(d.net.now, d.b->local_description());
  d.net.run_until(Time(200ms));
  auto ra = d.net.of<RoleConflict>(d.na);
  ASSERT_EQ(ra.size(), 1u);
  EXPECT_TRUE(ra[0].second.received_487);
  EXPECT_EQ(ra[0].second.role_after, Role::Controlled);
  EXPECT_EQ(ra[0].first, Time(20ms));  // one round trip
  // The pair went back to Waiting and was re-checked as a triggered check
  // carrying ICE-CONTROLLED (no USE-CANDIDATE).
  auto sent = d.net.of<CheckSent>(d.na);
  ASSERT_GE(sent.size(), 2u);
  EXPECT_TRUE(sent[1].second.triggered);
  EXPECT_EQ(sent[1].second.pair, sent[0].second.pair);
  EXPECT_EQ(d.a->tie_breaker(), 10u);  // "MUST NOT be reselected"
  d.b->set_remote_description(d.net.now, d.a->local_description());
  d.net.run_until(Time(5s));
  expect_connected(d);
}

// A has two host addresses; everything through 10.0.0.1 is slow, so the
// lower-priority pair through 10.0.1.1 becomes valid first.
Duo slow_best(NominationMode mode) {
  Duo d(Role::Controlling, Role::Controlled, 2, 1);
  d.ca = config(Role::Controlling, {ip("10.0.0.1"), ip("10.0.1.1")}, 5000);
  d.ca.nomination = mode;
  d.ca.nomination_wait = 2s;
  d.build();
  d.net.delay = [](const Packet& p) {
    bool slow = p.from.address == ip("10.0.0.1") || p.to.address == ip("10.0.0.1");
    return slow ? Duration(300ms) : Duration(10ms);
  };
  return d;
}

TEST(IceNomination, AggressiveSelectsFirstValidPair) {
  Duo d = slow_best(NominationMode::Aggressive);
  connect(d.net, *d.a, *d.b, Time(5s));
  // Every check of the controlling agent carries USE-CANDIDATE.
  for (const auto& [t, c] : d.net.of<CheckSent>(d.na)) EXPECT_TRUE(c.use_candidate);
  auto sel = d.net.of<SelectedPair>(d.na);
  ASSERT_FALSE(sel.empty());
  // The first selection is the first pair to succeed: the fast one, at one
  // round trip after its check (sent Ta after the first check).
  EXPECT_EQ(sel[0].second.local.address, ep("10.0.1.1:5001"));
  EXPECT_EQ(sel[0].first, Time(20ms + 20ms));
  // The better pair, nominated when its own check returns, takes over.
  EXPECT_EQ(d.a->selected_pair(1)->local.address, ep("10.0.0.1:5000"));
  EXPECT_EQ(d.b->selected_pair(1)->remote.address, ep("10.0.0.1:5000"));
}

TEST(IceNomination, RegularWaitsForChecksThenNominatesBestOnce) {
  Duo d = slow_best(NominationMode::Regular);
  connect(d.net, *d.a, *d.b, Time(5s));
  auto sel = d.net.of<SelectedPair>(d.na);
  ASSERT_EQ(sel.size(), 1u);  // no flapping: one selection, the best pair
  EXPECT_EQ(sel[0].second.local.address, ep("10.0.0.1:5000"));
  // Nomination waited for the slow, higher-priority pair to settle (~600
  // ms round trip) rather than taking the fast pair at 40 ms.
  EXPECT_GT(sel[0].first, Time(600ms));
  EXPECT_LT(sel[0].first, Time(2s));  // and did not need the 2 s wait
  int uc = 0;
  for (const auto& [t, c] : d.net.of<CheckSent>(d.na))
    if (c.use_candidate && !c.retransmit) ++uc;
  EXPECT_EQ(uc, 1);
  EXPECT_EQ(d.net.of<Nominated>(d.nb).size(), 1u);
}

TEST(IceNomination, RegularNominatesAfterWaitWhenBetterPairHangs) {
  Duo d = slow_best(NominationMode::Regular);
  d.ca.nomination_wait = 300ms;
  d.a.reset();
  d.b.reset();
  d.net = FakeNet{};
  d.build();
  // The better pair never answers.
  d.net.drop = [](const Packet& p) { return p.from.address == ip("10.0.0.1") || p.to.address == ip("10.0.0.1"); };
  connect(d.net, *d.a, *d.b, Time(3s));
  auto sel = d.net.of<SelectedPair>(d.na);
  ASSERT_EQ(sel.size(), 1u);
  EXPECT_EQ(sel[0].second.local.address, ep("10.0.1.1:5001"));
  // First valid at 40 ms, wait 300 ms, then a USE-CANDIDATE round trip.
  EXPECT_GE(sel[0].first, Time(340ms));
  EXPECT_LE(sel[0].first, Time(400ms));
}

// A has two host addresses again; the better path, through 10.0.0.1, drops
// what is sent on it before `open_at` (as a TURN server drops checks from an
// address the peer has no permission for yet), and every check's RTO is
// `rto`: longer than the 500 ms nomination wait, as RFC 5245 16.1 makes it
// for a few pairs (20 ms * 6 pairs * 6 = 720 ms).
Duo late_path(Duration open_at, Duration rto) {
  Duo d(Role::Controlling, Role::Controlled, 2, 1);
  d.ca = config(Role::Controlling, {ip("10.0.0.1"), ip("10.0.1.1")}, 5000);
  d.ca.check_rto = rto;
  d.cb.check_rto = rto;
  d.build();
  d.net.drop = [open_at](const Packet& p) {
    const bool better = p.from.address == ip("10.0.0.1") || p.to.address == ip("10.0.0.1");
    return better && p.at < Time(open_at);
  };
  return d;
}

TEST(IceNomination, RegularWaitsForTheRetransmissionOfAnEarlyCheck) {
  // Both agents check from 0 ms; the better pair's first checks are lost,
  // their retransmissions (800 ms) get through.
  Duo d = late_path(100ms, 800ms);
  connect(d.net, *d.a, *d.b, Time(3s));
  auto sel = d.net.of<SelectedPair>(d.na);
  ASSERT_EQ(sel.size(), 1u);
  EXPECT_EQ(sel[0].second.local.address, ep("10.0.0.1:5000"));
  EXPECT_EQ(d.b->selected_pair(1)->remote.address, ep("10.0.0.1:5000"));
  // Not at the end of the wait (the lower pair was valid at 40 ms: 540 ms),
  // but once the retransmission at 800 ms was answered.
  EXPECT_GE(sel[0].first, Time(820ms));
  EXPECT_LT(sel[0].first, Time(900ms));
}

TEST(IceNomination, RegularHoldsForAnEarlyCheckOnlyUntilItsRetransmissionCouldBeAnswered) {
  // The better path never opens: the lower pair is nominated once the
  // retransmission at 800 ms has had twice the longest round trip (40 ms).
  Duo d = late_path(10s, 800ms);
  connect(d.net, *d.a, *d.b, Time(3s));
  auto sel = d.net.of<SelectedPair>(d.na);
  ASSERT_EQ(sel.size(), 1u);
  EXPECT_EQ(sel[0].second.local.address, ep("10.0.1.1:5001"));
  EXPECT_GE(sel[0].first, Time(860ms));  // 840 ms, then a USE-CANDIDATE round trip
  EXPECT_LT(sel[0].first, Time(900ms));
}

TEST(IceNomination, RegularDoesNotHoldForARetransmissionDueAfterASecondWait) {
  // First valid pair at 40 ms: a retransmission at 2 s is later than
  // 40 ms + 2 * 500 ms, so the wait alone decides, as without the hold.
  Duo d = late_path(10s, 2s);
  connect(d.net, *d.a, *d.b, Time(3s));
  auto sel = d.net.of<SelectedPair>(d.na);
  ASSERT_EQ(sel.size(), 1u);
  EXPECT_EQ(sel[0].second.local.address, ep("10.0.1.1:5001"));
  EXPECT_GE(sel[0].first, Time(540ms));
  EXPECT_LT(sel[0].first, Time(600ms));
}

TEST(IceNomination, RegularDoesNotHoldForChecksSentOnceThePeerWasChecking) {
  // B has A's description at 0 ms and its check through 10.0.1.1 reaches A
  // at 10 ms; A has B's at 50 ms, so all of A's checks leave after the peer
  // was checking, and the wait alone decides although the better pair's
  // retransmission (850 ms) would be due within a second wait.
  Duo d = late_path(10s, 800ms);
  d.a->start_gathering(d.net.now);
  d.b->start_gathering(d.net.now);
  d.net.flush();
  d.b->set_remote_description(d.net.now, d.a->local_description());
  d.net.flush();
  d.net.run_until(Time(50ms));
  d.a->set_remote_description(d.net.now, d.b->local_description());
  d.net.flush();
  d.net.run_until(Time(3s));
  auto sel = d.net.of<SelectedPair>(d.na);
  ASSERT_EQ(sel.size(), 1u);
  EXPECT_EQ(sel[0].second.local.address, ep("10.0.1.1:5001"));
  // First valid pair at 70 ms (A's triggered check for B's early check), wait 500 ms.
  EXPECT_GE(sel[0].first, Time(570ms));
  EXPECT_LT(sel[0].first, Time(650ms));
}

TEST(IcePeerReflexive, LearnedBothWaysThroughNat) {
  // A sits behind a full-cone NAT (public 203.0.113.1) and has no STUN
  // server: B only knows A's private address.
  Duo d(Role::Controlling, Role::Controlled, 2, 1);
  d.build(ip("203.0.113.1"));
  connect(d.net, *d.a, *d.b, Time(10s));
  // B: A's checks come from 203.0.113.1:5000, which matches no candidate.
  auto learned = d.net.of<RemoteCandidateLearned>(d.nb);
  ASSERT_EQ(learned.size(), 1u);
  EXPECT_EQ(learned[0].second.candidate.type, CandidateType::PeerReflexive);
  EXPECT_EQ(learned[0].second.candidate.address, ep("203.0.113.1:5000"));
  // Its priority is the PRIORITY of A's check: prflx type preference 110.
  EXPECT_EQ(learned[0].second.candidate.priority, candidate_priority(CandidateType::PeerReflexive, 1));
  // A: B's response maps A to its public address: a local prflx candidate.
  bool local_prflx = false;
  for (const auto& [t, g] : d.net.of<CandidateGathered>(d.na))
    if (g.candidate.type == CandidateType::PeerReflexive) {
      local_prflx = true;
      EXPECT_EQ(g.candidate.address, ep("203.0.113.1:5000"));
      EXPECT_EQ(g.candidate.base, ep("10.0.0.1:5000"));
    }
  EXPECT_TRUE(local_prflx);
  EXPECT_EQ(d.a->state(), IceState::Completed);
  EXPECT_EQ(d.b->state(), IceState::Completed);
  EXPECT_EQ(d.a->selected_pair(1)->local.type, CandidateType::PeerReflexive);
  EXPECT_EQ(d.b->selected_pair(1)->remote.type, CandidateType::PeerReflexive);
}

TEST(IceChecksNet, NonSymmetricResponseFailsPair) {
  Duo d(Role::Controlling, Role::Controlled, 2, 1);
  d.build();
  // Every packet B sends appears to come from another port.
  d.net.rewrite = [](Packet& p) {
    if (p.from == ep("10.0.0.2:6000")) p.from.port = 6001;
  };
  connect(d.net, *d.a, *d.b, Time(1s));
  auto changes = d.net.of<PairStateChanged>(d.na);
  bool failed_fast = false;
  for (const auto& [t, c] : changes)
    if (c.to == PairState::Failed && t <= Time(20ms)) failed_fast = true;
  EXPECT_TRUE(failed_fast);  // at the first response, not after a timeout
  EXPECT_FALSE(d.a->selected_pair(1));
  EXPECT_TRUE(d.a->checklist().valid().empty());
}

TEST(IceGathering, ServerReflexiveBehindNatAndRedundantWithout) {
  Duo d(Role::Controlling, Role::Controlled, 2, 1);
  d.ca.stun_servers = {ep("192.0.2.10:3478")};
  d.cb.stun_servers = {ep("192.0.2.10:3478")};
  d.build(ip("203.0.113.1"));
  d.net.stun_servers = {ep("192.0.2.10:3478")};
  connect(d.net, *d.a, *d.b, Time(5s));
  auto la = d.a->local_description().candidates;
  ASSERT_EQ(la.size(), 2u);
  EXPECT_EQ(la[1].type, CandidateType::ServerReflexive);
  EXPECT_EQ(la[1].address, ep("203.0.113.1:5000"));
  EXPECT_EQ(*la[1].related, ep("10.0.0.1:5000"));
  EXPECT_EQ(la[1].priority, 1694498815u);
  EXPECT_EQ(d.net.of<GatheringComplete>(d.na).size(), 1u);
  // B is not behind a NAT: its srflx equals its host candidate and base,
  // so it is redundant (RFC 5245 4.1.3) and dropped.
  EXPECT_EQ(d.b->local_description().candidates.size(), 1u);
  EXPECT_EQ(d.a->state(), IceState::Completed);
  // The SDP carries the candidates through text unchanged.
  auto text = format_description(d.a->local_description());
  auto back = parse_description(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(back->candidates[1].address, la[1].address);
  EXPECT_EQ(back->credentials, d.a->credentials());
}

TEST(IceRelay, RelayedCandidateSendsFromRelayedAddress) {
  Duo d(Role::Controlling, Role::Controlled, 2, 1);
  d.a.emplace(d.ca, Rng(1));
  d.b.emplace(d.cb, Rng(2));
  // The relayed address is "owned" by A: FakeNet stands in for the TURN
  // client, which would unwrap Data indications and hand them over.
  d.na = d.net.add(*d.a, {ep("10.0.0.1:5000"), ep("198.51.100.9:40000")});
  d.nb = d.net.add(*d.b, sockets_of(d.cb));
  // Only the relay reaches B.
  d.net.drop = [](const Packet& p) { return p.from == ep("10.0.0.1:5000") || p.to == ep("10.0.0.1:5000"); };
  d.a->expect_relayed_candidate();
  d.a->start_gathering(d.net.now);
  d.b->start_gathering(d.net.now);
  EXPECT_FALSE(d.a->gathering_complete());
  d.a->add_relayed_candidate(d.net.now, 1, ep("198.51.100.9:40000"), ep("203.0.113.1:5000"),
                             ep("10.0.0.1:5000"), ep("198.51.100.9:3478"));
  EXPECT_TRUE(d.a->gathering_complete());
  EXPECT_TRUE(d.a->is_relayed(ep("198.51.100.9:40000")));
  d.b->set_remote_description(d.net.now, d.a->local_description());
  d.a->set_remote_description(d.net.now, d.b->local_description());
  d.net.run_until(Time(10s));
  ASSERT_TRUE(d.a->selected_pair(1));
  EXPECT_EQ(d.a->selected_pair(1)->local.type, CandidateType::Relayed);
  EXPECT_EQ(d.a->selected_pair(1)->local.base, ep("198.51.100.9:40000"));
  EXPECT_EQ(*d.a->selected_pair(1)->local.related, ep("203.0.113.1:5000"));
  EXPECT_EQ(d.a->selected_pair(1)->local.priority, 16777215u);
  bool relayed_tx = false;
  for (const auto& s : d.net.sent)
    if (s.node == d.na && s.t.local == ep("198.51.100.9:40000")) relayed_tx = true;
  EXPECT_TRUE(relayed_tx);
}

TEST(IceAgentNet, TwoComponentsBothSelected) {
  Duo d(Role::Controlling, Role::Controlled, 2, 1);
  d.ca = config(Role::Controlling, {ip("10.0.0.1")}, 5000, 2);
  d.cb = config(Role::Controlled, {ip("10.0.0.2")}, 6000, 2);
  d.build();
  connect(d.net, *d.a, *d.b, Time(5s));
  EXPECT_EQ(d.a->state(), IceState::Completed);
  ASSERT_TRUE(d.a->selected_pair(2));
  EXPECT_EQ(d.a->selected_pair(2)->local.address, ep("10.0.0.1:5001"));
  EXPECT_EQ(d.b->selected_pair(2)->local.address, ep("10.0.0.2:6001"));
  // Component 2 starts Frozen and is unfrozen by the component-1 success
  // of the same foundation (RFC 5245 7.1.3.2.3).
  auto changes = d.net.of<PairStateChanged>(d.na);
  ASSERT_FALSE(changes.empty());
  int frozen_to_waiting_c2 = 0;
  for (const auto& [t, c] : changes)
    if (c.component == 2 && c.from == PairState::Frozen && c.to == PairState::Waiting && t > Time(0ms))
      ++frozen_to_waiting_c2;
  EXPECT_EQ(frozen_to_waiting_c2, 1);
}

}  // namespace
}  // namespace natlab::ice::test
