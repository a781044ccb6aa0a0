// RFC5389-7.3.1-unknown-attributes: 420 with UNKNOWN-ATTRIBUTES.
#include <gtest/gtest.h>

#include "tests/checks/rfc5389_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kUnknownAttributesCheck = "RFC5389-7.3.1-unknown-attributes";

constexpr std::uint16_t kUnknownRequired = 0x7777;
constexpr std::uint16_t kUnknownOptional = 0xC001;

stun::Message odd_request() {
  stun::Message q = StunTrace::request(1);
  q.attributes.push_back(stun::RawAttribute{kUnknownRequired, {1, 2, 3, 4}});
  return q;
}

// B sends `q` to turn1, which answers with `answer`.
StunTrace exchange(const stun::Message& q, const stun::Message& answer) {
  StunTrace t;
  t.send(0, "bob-pc", "turn1", t.bob, t.server, q);
  t.send(5, "turn1", "bob-pc", t.server, t.bob, answer);
  return t;
}

TEST(Rfc5389UnknownAttributes, AnsweredWith420ListingThemPasses) {
  stun::Message r = StunTrace::error(odd_request(), 420);
  r.add(stun::UnknownAttributes{{kUnknownRequired}});
  Verdict v = exchange(odd_request(), r).b.judge(kUnknownAttributesCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(mentions(v, "1 request with unknown comprehension-required attributes: 1 answered 420")) << v.detail;
}

TEST(Rfc5389UnknownAttributes, SuccessResponseFails) {
  StunTrace t = exchange(odd_request(), StunTrace::response(odd_request()).add(stun::XorMappedAddress{ep("203.0.113.20:40000")}));
  Verdict v = t.b.judge(kUnknownAttributesCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "unknown comprehension-required 0x7777")) << v.detail;
  EXPECT_TRUE(mentions(v, "answered by a success response")) << v.detail;
}

TEST(Rfc5389UnknownAttributes, FourTwentyThatDoesNotListTheAttributeFails) {
  stun::Message r = StunTrace::error(odd_request(), 420);
  r.add(stun::UnknownAttributes{{0x7778}});
  Verdict v = exchange(odd_request(), r).b.judge(kUnknownAttributesCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "does not list 0x7777")) << v.detail;
}

TEST(Rfc5389UnknownAttributes, FourTwentyWithoutUnknownAttributesFails) {
  Verdict v = exchange(odd_request(), StunTrace::error(odd_request(), 420)).b.judge(kUnknownAttributesCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "420 response without UNKNOWN-ATTRIBUTES")) << v.detail;
}

TEST(Rfc5389UnknownAttributes, OtherErrorThanAuthenticationFails) {
  Verdict v = exchange(odd_request(), StunTrace::error(odd_request(), 487)).b.judge(kUnknownAttributesCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "error 487 instead of 420")) << v.detail;
}

TEST(Rfc5389UnknownAttributes, AuthenticationFailureFirstIsAllowed) {
  // RFC 5389 7.3: the authentication checks come before unknown attributes.
  stun::Message r = StunTrace::error(odd_request(), 401);
  r.add(stun::Realm{"natlab.test"}).add(stun::Nonce{"n"});
  Verdict v = exchange(odd_request(), r).b.judge(kUnknownAttributesCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(mentions(v, "1 rejected by authentication first")) << v.detail;
}

TEST(Rfc5389UnknownAttributes, UnknownOptionalAttributesAreIgnoredSoNotApplicable) {
  stun::Message q = StunTrace::request(1);
  q.attributes.push_back(stun::RawAttribute{kUnknownOptional, {1, 2, 3, 4}});
  StunTrace t = exchange(q, StunTrace::response(q).add(stun::XorMappedAddress{ep("203.0.113.20:40000")}));
  EXPECT_EQ(t.b.judge(kUnknownAttributesCheck).status, Status::NotApplicable);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
