// RFC5389-6-well-formed, RFC5389-15.5-fingerprint, RFC5389-15.6-error-code:
// what single messages look like on the wire.
#include <gtest/gtest.h>

#include "tests/checks/rfc5389_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kWellFormed = "RFC5389-6-well-formed";
const char* kFingerprint = "RFC5389-15.5-fingerprint";
const char* kErrorCode = "RFC5389-15.6-error-code";

// A Binding request from B to turn1 with these bytes.
StunTrace bob_sends(const std::vector<std::uint8_t>& bytes) {
  StunTrace t;
  t.gathering(0);
  t.send(100, "bob-pc", "turn1", t.bob, t.server, bytes);
  return t;
}

std::vector<std::uint8_t> good_request() {
  stun::Message m = StunTrace::request(7);
  m.add(stun::Software{"abc"});  // 3 bytes: one byte of padding
  return stun::encode(m, stun::EncodeOptions{std::nullopt, true});
}

TEST(Rfc5389WellFormed, ConformingMessagesPass) {
  Verdict v = bob_sends(good_request()).b.judge(kWellFormed);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "3 STUN messages sent, header and attributes well-formed");
}

TEST(Rfc5389WellFormed, WrongMagicCookieFails) {
  auto bytes = good_request();
  bytes[4] = 0x21;
  bytes[7] = 0x43;
  Verdict v = bob_sends(bytes).b.judge(kWellFormed);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "magic cookie 0x2112A443")) << v.detail;
  EXPECT_TRUE(mentions(v, "t=0.100000 s")) << v.detail;
}

TEST(Rfc5389WellFormed, HeaderLengthThatDisagreesWithTheBodyFails) {
  auto bytes = good_request();
  bytes.resize(bytes.size() + 4);  // 4 stray bytes after the last attribute
  Verdict v = bob_sends(bytes).b.judge(kWellFormed);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "bytes follow the header")) << v.detail;
}

TEST(Rfc5389WellFormed, UnpaddedAttributeFails) {
  // Header, then SOFTWARE "abc" without its padding byte: length 7.
  stun::Message m = StunTrace::request(7);
  auto bytes = stun::encode(m);
  const std::vector<std::uint8_t> attr{0x80, 0x22, 0x00, 0x03, 'a', 'b', 'c'};
  bytes.insert(bytes.end(), attr.begin(), attr.end());
  bytes[3] = 7;
  Verdict v = bob_sends(bytes).b.judge(kWellFormed);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "not a multiple of 4")) << v.detail;
}

TEST(Rfc5389WellFormed, MalformedAttributeValueFails) {
  stun::Message m = StunTrace::request(7);
  m.attributes.push_back(stun::RawAttribute{stun::attr::XorMappedAddress, {0, 9, 0, 0}});  // family 9, truncated
  Verdict v = bob_sends(stun::encode(m)).b.judge(kWellFormed);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "XOR-MAPPED-ADDRESS has a malformed value")) << v.detail;
}

TEST(Rfc5389WellFormed, NoStunIsNotApplicable) {
  TraceBuilder b;
  EXPECT_EQ(b.judge(kWellFormed).status, Status::NotApplicable);
}

// A message with SOFTWARE appended after a valid FINGERPRINT.
std::vector<std::uint8_t> fingerprint_not_last() {
  auto bytes = good_request();
  const std::vector<std::uint8_t> attr{0x80, 0x22, 0x00, 0x04, 'x', 'y', 'z', 'w'};
  bytes.insert(bytes.end(), attr.begin(), attr.end());
  bytes[3] = static_cast<std::uint8_t>(bytes[3] + 8);
  return bytes;
}

TEST(Rfc5389Fingerprint, ValidFingerprintsPass) {
  Verdict v = bob_sends(good_request()).b.judge(kFingerprint);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "3 messages with FINGERPRINT, each valid and last");
}

TEST(Rfc5389Fingerprint, WrongCrcFails) {
  auto bytes = good_request();
  bytes.back() ^= 0x01;
  Verdict v = bob_sends(bytes).b.judge(kFingerprint);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "does not match")) << v.detail;
  EXPECT_TRUE(mentions(v, "tid=070707070707070707070707")) << v.detail;
  // Still well-formed: only the checksum is wrong.
  EXPECT_EQ(bob_sends(bytes).b.judge(kWellFormed).status, Status::Pass);
}

TEST(Rfc5389Fingerprint, AttributeAfterFingerprintFails) {
  Verdict v = bob_sends(fingerprint_not_last()).b.judge(kFingerprint);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "FINGERPRINT is followed by SOFTWARE")) << v.detail;
  // The framing itself is fine, so the well-formedness check leaves it to this one.
  Verdict w = bob_sends(fingerprint_not_last()).b.judge(kWellFormed);
  EXPECT_EQ(w.status, Status::Pass) << w.detail;
}

TEST(Rfc5389Fingerprint, NoFingerprintAnywhereIsNotApplicable) {
  StunTrace t;
  t.send(0, "bob-pc", "turn1", t.bob, t.server, stun::encode(StunTrace::request(1)));
  EXPECT_EQ(t.b.judge(kFingerprint).status, Status::NotApplicable);
}

TEST(Rfc5389ErrorCode, ValidErrorCodesPass) {
  StunTrace t;
  t.allocate(0);
  Verdict v = t.b.judge(kErrorCode);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "1 error response, each with ERROR-CODE class 3-6 and number 0-99");
}

TEST(Rfc5389ErrorCode, ErrorResponseWithoutErrorCodeFails) {
  StunTrace t;
  const stun::Message q = StunTrace::request(1);
  t.send(0, "bob-pc", "turn1", t.bob, t.server, q);
  t.send(5, "turn1", "bob-pc", t.server, t.bob, StunTrace::response(q, stun::Class::Error));
  Verdict v = t.b.judge(kErrorCode);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "without ERROR-CODE")) << v.detail;
}

// An error response whose ERROR-CODE bytes say class `cls`, number `number`.
std::vector<std::uint8_t> error_with(int cls, int number) {
  stun::Message m = StunTrace::response(StunTrace::request(1), stun::Class::Error);
  m.attributes.push_back(stun::RawAttribute{stun::attr::ErrorCode,
                                            {0, 0, static_cast<std::uint8_t>(cls), static_cast<std::uint8_t>(number), 'x', 'y', 'z', 'w'}});
  return stun::encode(m, stun::EncodeOptions{std::nullopt, true});
}

TEST(Rfc5389ErrorCode, ClassOutsideThreeToSixFails) {
  StunTrace t;
  t.send(0, "bob-pc", "turn1", t.bob, t.server, StunTrace::request(1));
  t.send(5, "turn1", "bob-pc", t.server, t.bob, error_with(7, 0));
  Verdict v = t.b.judge(kErrorCode);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "class 7 outside 3-6")) << v.detail;
  EXPECT_EQ(t.b.judge(kWellFormed).status, Status::Pass);  // the value is this check's business
}

TEST(Rfc5389ErrorCode, NumberAboveNinetyNineFails) {
  StunTrace t;
  t.send(0, "bob-pc", "turn1", t.bob, t.server, StunTrace::request(1));
  t.send(5, "turn1", "bob-pc", t.server, t.bob, error_with(4, 100));
  Verdict v = t.b.judge(kErrorCode);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "number 100 outside 0-99")) << v.detail;
}

TEST(Rfc5389ErrorCode, NoErrorResponseIsNotApplicable) {
  StunTrace t;
  t.gathering(0);
  EXPECT_EQ(t.b.judge(kErrorCode).status, Status::NotApplicable);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
