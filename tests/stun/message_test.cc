// Header layout, message type bits, and decode() errors (RFC 5389 6, 15).
#include <gtest/gtest.h>

#include "agents/stun/attributes.h"
#include "agents/stun/message.h"
#include "tests/stun/rfc5769_vectors.h"

namespace natlab::stun {
namespace {

TEST(StunMessageType, KnownValues) {
  // RFC 5389 6 and 18.1, RFC 5766 13.
  EXPECT_EQ(message_type(Class::Request, 0x001), 0x0001);
  EXPECT_EQ(message_type(Class::Indication, 0x001), 0x0011);
  EXPECT_EQ(message_type(Class::Success, 0x001), 0x0101);
  EXPECT_EQ(message_type(Class::Error, 0x001), 0x0111);
  EXPECT_EQ(message_type(Class::Request, 0x003), 0x0003);
  EXPECT_EQ(message_type(Class::Indication, 0x006), 0x0016);
  EXPECT_EQ(message_type(Class::Success, 0x009), 0x0109);
  EXPECT_EQ(message_type(Class::Request, 0xFFF), 0x3EEF);
  EXPECT_EQ(message_type(Class::Error, 0xFFF), 0x3FFF);
}

TEST(StunMessageType, RoundTripsEveryMethodAndClass) {
  for (unsigned m = 0; m < 0x1000; ++m)
    for (unsigned c = 0; c < 4; ++c) {
      const auto t = message_type(static_cast<Class>(c), static_cast<std::uint16_t>(m));
      ASSERT_EQ(t & 0xC000, 0);
      ASSERT_EQ(method_of(t), m);
      ASSERT_EQ(class_of(t), static_cast<Class>(c));
    }
}

Message sample() {
  Message m;
  m.cls = Class::Request;
  m.transaction_id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  m.add(Software{"natlab"}).add(Priority{42});
  return m;
}

TEST(StunMessageEncode, HeaderAndPadding) {
  const auto b = encode(sample());
  // 20 header + (4 + 6 + 2 padding) + (4 + 4)
  ASSERT_EQ(b.size(), 40u);
  EXPECT_EQ(b[0], 0x00);
  EXPECT_EQ(b[1], 0x01);
  EXPECT_EQ(b[2], 0x00);
  EXPECT_EQ(b[3], 20);  // length excludes the header, includes padding
  EXPECT_EQ(b[4], 0x21);
  EXPECT_EQ(b[7], 0x42);
  EXPECT_EQ(b[8], 1);
  EXPECT_EQ(b[19], 12);
  EXPECT_EQ(b[22], 0x00);
  EXPECT_EQ(b[23], 6);  // attribute length excludes padding
  EXPECT_EQ(b[30], 0);
  EXPECT_EQ(b[31], 0);
  EXPECT_EQ(b[32], 0x00);
  EXPECT_EQ(b[33], 0x24);
}

TEST(StunMessageEncode, KeepsNonZeroPaddingOnlyWhenSized) {
  Message m = sample();
  m.attributes[0].padding = {0xAA, 0xBB};
  auto b = encode(m);
  EXPECT_EQ(b[30], 0xAA);
  EXPECT_EQ(b[31], 0xBB);
  auto d = decode(b);
  ASSERT_TRUE(d);
  EXPECT_EQ(*d.message, m);
  m.attributes[0].padding = {0xAA};  // wrong size: zeros instead
  b = encode(m);
  EXPECT_EQ(b[30], 0);
  EXPECT_EQ(b[31], 0);
}

TEST(StunMessageDecode, RoundTrip) {
  const Message m = sample();
  auto d = decode(encode(m));
  ASSERT_TRUE(d);
  EXPECT_EQ(*d.message, m);
  EXPECT_EQ(d.message->get<Software>()->value, "natlab");
}

DecodeError error_of(const std::vector<std::uint8_t>& b) {
  auto d = decode(b);
  EXPECT_FALSE(d);
  return d.error;
}

TEST(StunMessageDecode, HeaderErrors) {
  auto b = encode(sample());
  EXPECT_EQ(error_of({}), DecodeError::TooShort);
  EXPECT_EQ(error_of({b.begin(), b.begin() + 19}), DecodeError::TooShort);
  auto x = b;
  x[0] |= 0x80;
  EXPECT_EQ(error_of(x), DecodeError::NotStun);
  x = b;
  x[0] |= 0x40;
  EXPECT_EQ(error_of(x), DecodeError::NotStun);
  x = b;
  x[5] ^= 1;
  EXPECT_EQ(error_of(x), DecodeError::BadMagicCookie);
  x = b;
  x[3] += 2;
  EXPECT_EQ(error_of(x), DecodeError::LengthNotMultipleOf4);
  x = b;
  x[3] += 4;
  EXPECT_EQ(error_of(x), DecodeError::LengthMismatch);
  x = b;
  x.resize(x.size() + 4);
  EXPECT_EQ(error_of(x), DecodeError::LengthMismatch);
}

TEST(StunMessageDecode, AttributeErrors) {
  auto b = encode(sample());
  auto x = b;
  x[23] = 17;  // SOFTWARE claims more than the body holds
  EXPECT_EQ(error_of(x), DecodeError::TruncatedAttribute);
  x = b;
  x[35] = 3;  // PRIORITY of 3 bytes
  EXPECT_EQ(error_of(x), DecodeError::BadAttributeValue);
  x = b;
  x[24] = 0xFF;  // SOFTWARE no longer UTF-8
  EXPECT_EQ(error_of(x), DecodeError::BadAttributeValue);
}

TEST(StunMessageDecode, UnknownAttributesKeptRaw) {
  Message m = sample();
  m.attributes.push_back(RawAttribute{0x7777, {1, 2, 3}});
  m.attributes.push_back(RawAttribute{0xC001, {}});
  auto d = decode(encode(m));
  ASSERT_TRUE(d);
  EXPECT_EQ(*d.message, m);
  EXPECT_FALSE(is_known_attribute(0x7777));
  EXPECT_TRUE(comprehension_required(0x7777));
  EXPECT_FALSE(comprehension_required(0xC001));
}

Message with_trailer(std::initializer_list<std::uint16_t> tail) {
  Message m = sample();
  for (auto t : tail) {
    RawAttribute a{t, {}};
    if (t == attr::MessageIntegrity) a.value.assign(20, 0);
    if (t == attr::Fingerprint) a.value.assign(4, 0);
    if (t == attr::Priority) a.value.assign(4, 0);
    m.attributes.push_back(a);
  }
  return m;
}

TEST(StunMessageDecode, OrderAfterIntegrityAndFingerprint) {
  using namespace attr;
  EXPECT_TRUE(decode(encode(with_trailer({MessageIntegrity}))));
  EXPECT_TRUE(decode(encode(with_trailer({Fingerprint}))));
  EXPECT_TRUE(decode(encode(with_trailer({MessageIntegrity, Fingerprint}))));
  EXPECT_EQ(error_of(encode(with_trailer({MessageIntegrity, attr::Priority}))), DecodeError::AttributeAfterIntegrity);
  EXPECT_EQ(error_of(encode(with_trailer({MessageIntegrity, MessageIntegrity}))),
            DecodeError::AttributeAfterIntegrity);
  EXPECT_EQ(error_of(encode(with_trailer({Fingerprint, attr::Priority}))), DecodeError::AttributeAfterFingerprint);
  EXPECT_EQ(error_of(encode(with_trailer({Fingerprint, MessageIntegrity}))),
            DecodeError::AttributeAfterFingerprint);
  EXPECT_EQ(error_of(encode(with_trailer({MessageIntegrity, Fingerprint, Fingerprint}))),
            DecodeError::AttributeAfterFingerprint);
  // Wrong trailer sizes are malformed values.
  Message m = sample();
  m.attributes.push_back(RawAttribute{MessageIntegrity, std::vector<std::uint8_t>(19)});
  EXPECT_EQ(error_of(encode(m)), DecodeError::BadAttributeValue);
  m = sample();
  m.attributes.push_back(RawAttribute{Fingerprint, std::vector<std::uint8_t>(8)});
  EXPECT_EQ(error_of(encode(m)), DecodeError::BadAttributeValue);
}

TEST(StunMessageDecode, LooksLikeStun) {
  EXPECT_TRUE(looks_like_stun(testing::kSampleRequest));
  EXPECT_TRUE(looks_like_stun(encode(Message{})));
  auto b = testing::kSampleRequest;
  b.pop_back();
  EXPECT_FALSE(looks_like_stun(b));
  b = testing::kSampleRequest;
  b[4] = 0;
  EXPECT_FALSE(looks_like_stun(b));
  b = testing::kSampleRequest;
  b[0] = 0x40;
  EXPECT_FALSE(looks_like_stun(b));
  EXPECT_FALSE(looks_like_stun(std::vector<std::uint8_t>(19)));
}

TEST(StunMessageDecode, ErrorNames) {
  EXPECT_STREQ(to_string(DecodeError::AttributeAfterIntegrity), "AttributeAfterIntegrity");
  EXPECT_STREQ(to_string(DecodeError::BadMagicCookie), "BadMagicCookie");
}

TEST(StunMessage, FindAndGetFirstOccurrence) {
  Message m = sample();
  m.add(Priority{7});
  EXPECT_EQ(m.get<Priority>()->value, 42u);
  EXPECT_EQ(m.find(attr::Realm), nullptr);
  EXPECT_FALSE(m.get<Realm>().has_value());
  m.attributes.push_back(RawAttribute{attr::Lifetime, {1}});
  EXPECT_FALSE(m.get<Lifetime>().has_value());  // malformed: nullopt
}

}  // namespace
}  // namespace natlab::stun
