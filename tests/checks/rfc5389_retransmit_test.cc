// RFC5389-7.2.1-rto and RFC5389-7.2.1-rc: retransmissions per (socket,
// transaction ID) at the original sender.
#include <gtest/gtest.h>

#include "tests/checks/rfc5389_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kRto = "RFC5389-7.2.1-rto";
const char* kRc = "RFC5389-7.2.1-rc";

// A sends the same gathering request to turn1 at these times (ms).
StunTrace gathering_at(const std::vector<double>& times) {
  StunTrace t;
  for (double ms_ : times) t.send(ms_, "alice-pc", "turn1", t.a_private, t.server, StunTrace::request(1));
  return t;
}

// A sends the same connectivity check to B at these times (ms).
StunTrace check_at(const std::vector<double>& times) {
  StunTrace t;
  for (double ms_ : times) {
    t.send(ms_, "alice-pc", "bob-pc", t.a_private, t.bob, StunTrace::check(2, t.b_ufrag, t.a_ufrag),
           stun::short_term_key(t.b_pwd));
  }
  return t;
}

TEST(Rfc5389Rto, GatheringRetransmissionsOnTheDefaultScheduleClosestOnTimePass) {
  Verdict v = gathering_at({0, 500, 1500, 3500}).b.judge(kRto);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "1 request transaction, 3 retransmissions, none before its RTO (closest: 0.000 ms after)");
}

TEST(Rfc5389Rto, RtoThatDoesNotDoubleFails) {
  Verdict v = gathering_at({0, 500, 1000}).b.judge(kRto);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "retransmission 2 came 500.000 ms after the previous send, before the RTO of 1000.000 ms"))
      << v.detail;
  EXPECT_TRUE(mentions(v, "t=1.000000 s")) << v.detail;
}

TEST(Rfc5389Rto, GatheringIsHeldToTheAgentsConfiguredRto) {
  StunTrace t = gathering_at({0, 200, 600});
  EXPECT_EQ(t.b.judge(kRto).status, Status::Fail);  // default rto 500 ms
  t.b.scenario().agents[0].rto = std::chrono::milliseconds(200);
  EXPECT_EQ(t.b.judge(kRto).status, Status::Pass);
}

TEST(Rfc5389Rto, ChecksAreHeldToTheRfc5245FloorOf100Ms) {
  EXPECT_EQ(check_at({0, 100, 300, 700}).b.judge(kRto).status, Status::Pass);
  // 100 us of queueing slack, as for pacing.
  EXPECT_EQ(check_at({0, 99.95}).b.judge(kRto).status, Status::Pass);
  Verdict v = check_at({0, 90}).b.judge(kRto);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "RFC 5245 16.1 floor")) << v.detail;
}

TEST(Rfc5389Rto, Rfc8445ChecksAreHeldTo500Ms) {
  StunTrace t = check_at({0, 100});
  t.b.scenario().agents[0].rfc = sim::IceProfile::Rfc8445;
  Verdict v = t.b.judge(kRto);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "RFC 8445 14.3")) << v.detail;
  StunTrace u = check_at({0, 500});
  u.b.scenario().agents[0].rfc = sim::IceProfile::Rfc8445;
  EXPECT_EQ(u.b.judge(kRto).status, Status::Pass);
}

TEST(Rfc5389Rto, ALostTransmissionStillCounts) {
  StunTrace t;
  const stun::Message q = StunTrace::request(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, stun::encode(q, stun::EncodeOptions{std::nullopt, true}), true);
  t.send(300, "alice-pc", "turn1", t.a_private, t.server, q);
  EXPECT_EQ(t.b.judge(kRto).status, Status::Fail);
}

// A's check to B through A's allocation on turn1: the Send indication from
// alice-pc and turn1's relay transmission to B, at `t` ms.
void relayed_check(StunTrace& s, double t, std::uint8_t send_tid) {
  const stun::Message check = StunTrace::check(9, s.b_ufrag, s.a_ufrag);
  const auto inner = stun::encode(check, stun::EncodeOptions{stun::short_term_key(s.b_pwd), true});
  stun::Message send = StunTrace::indication(send_tid);
  send.method = static_cast<std::uint16_t>(stun::Method::Send);
  send.add(stun::XorPeerAddress{s.bob}).add(stun::DataAttr{inner});
  s.send(t, "alice-pc", "turn1", s.a_private, s.server, send);
  s.send(t + 3, "turn1", "bob-pc", ep("203.0.113.10:50000"), s.bob, inner);
}

TEST(Rfc5389Rto, RelayedChecksAreJudgedOnceAtTheirSender) {
  StunTrace t;
  t.allocate(0);
  relayed_check(t, 100, 20);
  relayed_check(t, 200, 21);
  relayed_check(t, 400, 22);
  Verdict v = t.b.judge(kRto);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(mentions(v, "2 retransmissions")) << v.detail;  // not 4: the relay hops are turn1's
  relayed_check(t, 450, 23);
  Verdict w = t.b.judge(kRto);
  ASSERT_EQ(w.status, Status::Fail);
  EXPECT_TRUE(mentions(w, "in a Send indication")) << w.detail;
}

TEST(Rfc5389Rto, NoRetransmissionIsNotApplicable) {
  Verdict v = gathering_at({0}).b.judge(kRto);
  EXPECT_EQ(v.status, Status::NotApplicable);
  EXPECT_EQ(v.detail, "1 request transaction, none retransmitted");
}

TEST(Rfc5389Rc, SevenSendsPassAndAnEighthFails) {
  const std::vector<double> seven{0, 500, 1500, 3500, 7500, 15500, 31500};
  Verdict v = gathering_at(seven).b.judge(kRc);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "1 request transaction, at most 7 sends each (Rc = 7)");
  auto eight = seven;
  eight.push_back(63500);
  Verdict w = gathering_at(eight).b.judge(kRc);
  ASSERT_EQ(w.status, Status::Fail);
  EXPECT_TRUE(mentions(w, "sent 8 times")) << w.detail;
  EXPECT_TRUE(mentions(w, "t=63.500000 s")) << w.detail;
}

TEST(Rfc5389Rc, NoRequestIsNotApplicable) {
  TraceBuilder b;
  EXPECT_EQ(b.judge(kRc).status, Status::NotApplicable);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
