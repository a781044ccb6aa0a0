// RFC5389-10.2.2-challenge and RFC5389-10.2.3-retry-credentials: the
// long-term credential challenge, server and client side.
#include <gtest/gtest.h>

#include "tests/checks/rfc5389_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kChallenge = "RFC5389-10.2.2-challenge";
const char* kRetry = "RFC5389-10.2.3-retry-credentials";

stun::Message allocate(std::uint8_t n) {
  stun::Message q = StunTrace::request(n, stun::Method::Allocate);
  q.add(stun::RequestedTransport{17});
  return q;
}

stun::Message signed_allocate(std::uint8_t n, const std::string& realm = "natlab.test", const std::string& nonce = "n0nce") {
  stun::Message q = allocate(n);
  q.add(stun::Username{"alice"}).add(stun::Realm{realm}).add(stun::Nonce{nonce});
  return q;
}

TEST(Rfc5389Challenge, FourOhOneWithRealmAndNoncePasses) {
  StunTrace t;
  t.allocate(0);
  Verdict v = t.b.judge(kChallenge);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "1 401/438 response, each with REALM and NONCE");
}

TEST(Rfc5389Challenge, FourOhOneWithoutNonceFails) {
  StunTrace t;
  const stun::Message q = allocate(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, q);
  t.send(5, "turn1", "alice-pc", t.server, t.a_public, StunTrace::error(q, 401).add(stun::Realm{"natlab.test"}));
  Verdict v = t.b.judge(kChallenge);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "401 response from a long-term-credential server without NONCE")) << v.detail;
}

TEST(Rfc5389Challenge, StaleNonceWithoutRealmFails) {
  StunTrace t;
  const stun::Message q = signed_allocate(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, q, StunTrace::long_term());
  t.send(5, "turn1", "alice-pc", t.server, t.a_public, StunTrace::error(q, 438).add(stun::Nonce{"fresh"}));
  Verdict v = t.b.judge(kChallenge);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "438 response from a long-term-credential server without REALM")) << v.detail;
}

TEST(Rfc5389Challenge, ShortTermFourOhOneIsNotJudged) {
  // An ICE agent's 401 (RFC 5389 10.1.2) carries no REALM or NONCE.
  StunTrace t;
  const stun::Message q = StunTrace::check(2, t.b_ufrag, t.a_ufrag);
  t.send(0, "alice-pc", "bob-pc", t.a_private, t.bob, q, stun::short_term_key("wrong-password-for-bob"));
  t.send(5, "bob-pc", "alice-pc", t.bob, t.a_public, StunTrace::error(q, 401));
  EXPECT_EQ(t.b.judge(kChallenge).status, Status::NotApplicable);
}

TEST(Rfc5389Retry, RetryWithUsernameRealmNonceAndIntegrityPasses) {
  StunTrace t;
  t.allocate(0);
  Verdict v = t.b.judge(kRetry);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "1 retry after 401/438, each with USERNAME, the response's REALM and NONCE, and MESSAGE-INTEGRITY");
}

// A's unsigned Allocate, turn1's 401 (REALM natlab.test, NONCE n0nce), then `retry`.
StunTrace challenged_then(const stun::Message& retry, std::optional<stun::IntegrityKey> key) {
  StunTrace t;
  const stun::Message q = allocate(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, q);
  t.send(5, "turn1", "alice-pc", t.server, t.a_public,
         StunTrace::error(q, 401).add(stun::Realm{"natlab.test"}).add(stun::Nonce{"n0nce"}));
  t.send(10, "alice-pc", "turn1", t.a_private, t.server, retry, std::move(key));
  return t;
}

TEST(Rfc5389Retry, RetryWithoutMessageIntegrityFails) {
  Verdict v = challenged_then(signed_allocate(2), std::nullopt).b.judge(kRetry);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "retried request without MESSAGE-INTEGRITY after the 401")) << v.detail;
  EXPECT_TRUE(mentions(v, "tid=020202020202020202020202")) << v.detail;
}

TEST(Rfc5389Retry, RetryWithoutNonceFails) {
  stun::Message q = allocate(2);
  q.add(stun::Username{"alice"}).add(stun::Realm{"natlab.test"});
  Verdict v = challenged_then(q, StunTrace::long_term()).b.judge(kRetry);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "without NONCE")) << v.detail;
}

TEST(Rfc5389Retry, RetryWithANonceOtherThanTheChallengesFails) {
  Verdict v = challenged_then(signed_allocate(2, "natlab.test", "made-up"), StunTrace::long_term()).b.judge(kRetry);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "NONCE is not the one of the error response")) << v.detail;
}

TEST(Rfc5389Retry, RetryWithAnotherRealmFails) {
  Verdict v = challenged_then(signed_allocate(2, "elsewhere"), StunTrace::long_term()).b.judge(kRetry);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "REALM is not the one of the error response")) << v.detail;
}

TEST(Rfc5389Retry, RepeatingRejectedCredentialsFails) {
  // A signed Allocate rejected with 401, retried with the same user, realm and password.
  StunTrace t;
  const stun::Message q = signed_allocate(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, q, StunTrace::long_term());
  t.send(5, "turn1", "alice-pc", t.server, t.a_public,
         StunTrace::error(q, 401).add(stun::Realm{"natlab.test"}).add(stun::Nonce{"n0nce"}));
  t.send(10, "alice-pc", "turn1", t.a_private, t.server, signed_allocate(2), StunTrace::long_term());
  Verdict v = t.b.judge(kRetry);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "retried with the USERNAME, REALM and password that the 401 just rejected")) << v.detail;
}

TEST(Rfc5389Retry, OtherRequestsAreNotTakenForTheRetry) {
  // A gathering Binding request on the same socket after the 401 is not the
  // Allocate's retry.
  StunTrace t = challenged_then(signed_allocate(2), StunTrace::long_term());
  t.send(7, "alice-pc", "turn1", t.a_private, t.server, StunTrace::request(9));
  EXPECT_EQ(t.b.judge(kRetry).status, Status::Pass);
}

TEST(Rfc5389Retry, ChallengeNotRetriedIsNotApplicable) {
  StunTrace t;
  const stun::Message q = allocate(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, q);
  t.send(5, "turn1", "alice-pc", t.server, t.a_public,
         StunTrace::error(q, 401).add(stun::Realm{"natlab.test"}).add(stun::Nonce{"n0nce"}));
  Verdict v = t.b.judge(kRetry);
  EXPECT_EQ(v.status, Status::NotApplicable);
  EXPECT_EQ(v.detail, "1 401/438 response received, none followed by a retry");
}

}  // namespace
}  // namespace natlab::reports::checks::testing
