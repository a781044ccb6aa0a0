// RFC5389-7.3.2-indications: sent once, never answered.
#include <gtest/gtest.h>

#include "tests/checks/rfc5389_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kIndicationsCheck = "RFC5389-7.3.2-indications";

// Keepalives: A sends Binding indications to B at these times with these IDs.
StunTrace keepalives(const std::vector<std::pair<double, std::uint8_t>>& sends) {
  StunTrace t;
  for (auto [at, n] : sends) t.send(at, "alice-pc", "bob-pc", t.a_private, t.bob, StunTrace::indication(n));
  return t;
}

TEST(Rfc5389Indications, FreshIndicationsUnansweredPass) {
  Verdict v = keepalives({{0, 1}, {15000, 2}}).b.judge(kIndicationsCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "2 indications sent once each, 2 received, none answered");
}

TEST(Rfc5389Indications, IndicationSentTwiceWithOneTransactionIdFails) {
  Verdict v = keepalives({{0, 1}, {500, 1}}).b.judge(kIndicationsCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "indication sent again with the same transaction ID")) << v.detail;
  EXPECT_TRUE(mentions(v, "t=0.500000 s")) << v.detail;
}

TEST(Rfc5389Indications, AnsweredIndicationFails) {
  StunTrace t = keepalives({{0, 1}});
  stun::Message answer = StunTrace::response(StunTrace::indication(1));
  answer.cls = stun::Class::Success;
  answer.add(stun::XorMappedAddress{t.a_public});
  t.send(5, "bob-pc", "alice-pc", t.bob, t.a_public, answer);
  Verdict v = t.b.judge(kIndicationsCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "response to an indication")) << v.detail;
}

TEST(Rfc5389Indications, TheTurnServersRelayOfASendIndicationIsNotARetransmission) {
  // turn1 passes the keepalive inside A's Send indication on to B: the same
  // transaction ID leaves twice, from two different senders.
  StunTrace t;
  t.allocate(0);
  const auto keepalive = stun::encode(StunTrace::indication(40), stun::EncodeOptions{std::nullopt, true});
  stun::Message send = StunTrace::indication(41);
  send.method = static_cast<std::uint16_t>(stun::Method::Send);
  send.add(stun::XorPeerAddress{t.bob}).add(stun::DataAttr{keepalive});
  t.send(100, "alice-pc", "turn1", t.a_private, t.server, send);
  t.send(103, "turn1", "bob-pc", ep("203.0.113.10:50000"), t.bob, keepalive);
  Verdict v = t.b.judge(kIndicationsCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
}

TEST(Rfc5389Indications, NoIndicationIsNotApplicable) {
  StunTrace t;
  t.gathering(0);
  EXPECT_EQ(t.b.judge(kIndicationsCheck).status, Status::NotApplicable);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
