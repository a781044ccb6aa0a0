// RFC5389-15.4-message-integrity: short-term keys from the offer and answer,
// long-term keys from the scenario's TURN users, responses keyed like their
// request.
#include <gtest/gtest.h>

#include "tests/checks/rfc5389_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kIntegrityCheck = "RFC5389-15.4-message-integrity";

TEST(Rfc5389Integrity, ChecksAndTurnRequestsWithTheRightKeysPass) {
  StunTrace t;
  t.a_checks_b(100);
  t.allocate(200);
  Verdict v = t.b.judge(kIntegrityCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "4 messages with MESSAGE-INTEGRITY verified");
}

TEST(Rfc5389Integrity, CheckKeyedWithTheSendersOwnPasswordFails) {
  StunTrace t;
  // RFC 5245 7.1.2.3: A's check to B must use B's password, not A's.
  t.send(100, "alice-pc", "bob-pc", t.a_private, t.bob, StunTrace::check(2, t.b_ufrag, t.a_ufrag),
         stun::short_term_key(t.a_pwd));
  Verdict v = t.b.judge(kIntegrityCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "short-term key")) << v.detail;
  EXPECT_TRUE(mentions(v, "tid=020202020202020202020202")) << v.detail;
}

TEST(Rfc5389Integrity, ResponseKeyedDifferentlyFromItsRequestFails) {
  StunTrace t;
  const stun::Message q = StunTrace::check(2, t.b_ufrag, t.a_ufrag);
  t.send(100, "alice-pc", "bob-pc", t.a_private, t.bob, q, stun::short_term_key(t.b_pwd));
  t.send(105, "bob-pc", "alice-pc", t.bob, t.a_public, StunTrace::response(q).add(stun::XorMappedAddress{t.a_public}),
         stun::short_term_key(t.a_pwd));
  Verdict v = t.b.judge(kIntegrityCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "key of the request it answers")) << v.detail;
  EXPECT_TRUE(mentions(v, "Binding Success")) << v.detail;
}

TEST(Rfc5389Integrity, LongTermKeyWithTheWrongPasswordFails) {
  StunTrace t;
  stun::Message q = StunTrace::request(4, stun::Method::Allocate);
  q.add(stun::RequestedTransport{17}).add(stun::Username{"alice"}).add(stun::Realm{"natlab.test"});
  q.add(stun::Nonce{"n0nce"});
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, q, StunTrace::long_term("wrong"));
  Verdict v = t.b.judge(kIntegrityCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "long-term key")) << v.detail;
}

TEST(Rfc5389Integrity, RelayedCheckWithABadKeyFailsNamingItsCarrier) {
  StunTrace t;
  t.allocate(0);
  const auto inner = stun::encode(StunTrace::check(9, t.b_ufrag, t.a_ufrag),
                                  stun::EncodeOptions{stun::short_term_key("not-the-password-at-all"), true});
  stun::Message send = StunTrace::indication(8);
  send.method = static_cast<std::uint16_t>(stun::Method::Send);
  send.add(stun::XorPeerAddress{t.bob}).add(stun::DataAttr{inner});
  t.send(100, "alice-pc", "turn1", t.a_private, t.server, send);
  Verdict v = t.b.judge(kIntegrityCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "in a Send indication")) << v.detail;
}

TEST(Rfc5389Integrity, MessagesWhoseKeyIsUnknownAreSkippedAndCounted) {
  StunTrace t;
  t.a_checks_b(100);
  // A ufrag nobody announced: the key cannot be known, so it is not judged.
  t.send(200, "alice-pc", "bob-pc", t.a_private, t.bob, StunTrace::check(5, "zzzz", t.a_ufrag),
         stun::short_term_key("whatever-password-here"));
  Verdict v = t.b.judge(kIntegrityCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(mentions(v, "2 messages with MESSAGE-INTEGRITY verified; 1 message skipped, key unknown")) << v.detail;
  EXPECT_TRUE(mentions(v, "zzzz:aaaa")) << v.detail;
}

TEST(Rfc5389Integrity, NothingSignedIsNotApplicable) {
  StunTrace t;
  t.gathering(0);
  EXPECT_EQ(t.b.judge(kIntegrityCheck).status, Status::NotApplicable);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
