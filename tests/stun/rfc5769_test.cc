// RFC 5769 test vectors: decode, verify, and reproduce each sample exactly.
#include <gtest/gtest.h>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "tests/stun/rfc5769_vectors.h"

namespace natlab::stun {
namespace {

using namespace testing;  // NOLINT: the vectors

Message decoded(const std::vector<std::uint8_t>& bytes) {
  auto r = decode(bytes);
  EXPECT_TRUE(r) << to_string(r.error);
  return r ? *r.message : Message{};
}

Message without_trailer(Message m) {
  std::erase_if(m.attributes, [](const RawAttribute& a) {
    return a.type == attr::MessageIntegrity || a.type == attr::Fingerprint;
  });
  return m;
}

// Byte-exact re-encoding, both verbatim and by recomputing MI and FP.
void expect_reencodes(const std::vector<std::uint8_t>& bytes, const IntegrityKey& key, bool fingerprint) {
  const Message m = decoded(bytes);
  EXPECT_EQ(encode(m), bytes);
  EXPECT_EQ(encode(without_trailer(m), EncodeOptions{key, fingerprint}), bytes);
  EXPECT_EQ(encode(m, EncodeOptions{key, fingerprint}), bytes);  // drops the old ones itself
}

TransactionId tid_of(const std::vector<std::uint8_t>& b) {
  TransactionId t{};
  std::copy_n(b.begin() + 8, 12, t.begin());
  return t;
}

TEST(StunRFC5769, SampleRequest) {
  const auto& b = kSampleRequest;
  const auto key = short_term_key(kShortTermPassword);
  EXPECT_EQ(check_integrity(b, key), IntegrityCheck::Valid);
  EXPECT_EQ(check_fingerprint(b), FingerprintCheck::Valid);

  const Message m = decoded(b);
  EXPECT_EQ(m.cls, Class::Request);
  EXPECT_EQ(m.method_enum(), Method::Binding);
  EXPECT_EQ(m.transaction_id, tid_of(b));
  ASSERT_EQ(m.attributes.size(), 6u);
  EXPECT_EQ(m.get<Software>()->value, "STUN test client");
  EXPECT_EQ(m.get<Priority>()->value, 0x6e0001ffu);
  EXPECT_EQ(m.get<IceControlled>()->tie_breaker, 0x932ff9b151263b36u);
  EXPECT_EQ(m.get<Username>()->value, "evtj:h6vY");
  EXPECT_EQ(m.attributes[3].padding, (std::vector<std::uint8_t>{0x20, 0x20, 0x20}));
  EXPECT_EQ(m.attributes[4].type, attr::MessageIntegrity);
  EXPECT_EQ(m.attributes[5].type, attr::Fingerprint);

  expect_reencodes(b, key, true);
}

TEST(StunRFC5769, SampleIpv4Response) {
  const auto& b = kSampleIpv4Response;
  const auto key = short_term_key(kShortTermPassword);
  EXPECT_EQ(check_integrity(b, key), IntegrityCheck::Valid);
  EXPECT_EQ(check_fingerprint(b), FingerprintCheck::Valid);

  const Message m = decoded(b);
  EXPECT_EQ(m.cls, Class::Success);
  EXPECT_EQ(m.method_enum(), Method::Binding);
  EXPECT_EQ(m.get<Software>()->value, "test vector");
  EXPECT_EQ(m.get<XorMappedAddress>()->endpoint, *Endpoint::parse("192.0.2.1:32853"));
  expect_reencodes(b, key, true);
}

TEST(StunRFC5769, SampleIpv6Response) {
  const auto& b = kSampleIpv6Response;
  const auto key = short_term_key(kShortTermPassword);
  EXPECT_EQ(check_integrity(b, key), IntegrityCheck::Valid);
  EXPECT_EQ(check_fingerprint(b), FingerprintCheck::Valid);

  const Message m = decoded(b);
  EXPECT_EQ(m.cls, Class::Success);
  EXPECT_EQ(m.get<Software>()->value, "test vector");
  EXPECT_EQ(m.get<XorMappedAddress>()->endpoint, *Endpoint::parse("[2001:db8:1234:5678:11:2233:4455:6677]:32853"));
  expect_reencodes(b, key, true);
}

TEST(StunRFC5769, SampleLongTermRequest) {
  const auto& b = kSampleLongTermRequest;
  EXPECT_EQ(saslprep(kLongTermPassword), "TheMatrIX");
  const auto key = long_term_key(kLongTermUsername, "example.org", kLongTermPassword);
  EXPECT_EQ(key, long_term_key(kLongTermUsername, "example.org", "TheMatrIX"));
  EXPECT_EQ(check_integrity(b, key), IntegrityCheck::Valid);
  EXPECT_EQ(check_fingerprint(b), FingerprintCheck::Missing);

  const Message m = decoded(b);
  EXPECT_EQ(m.cls, Class::Request);
  EXPECT_EQ(m.method_enum(), Method::Binding);
  EXPECT_EQ(m.transaction_id, tid_of(b));
  EXPECT_EQ(m.get<Username>()->value, kLongTermUsername);
  EXPECT_EQ(m.get<Nonce>()->value, "f//499k954d6OL34oL9FSTvy64sA");
  EXPECT_EQ(m.get<Realm>()->value, "example.org");
  expect_reencodes(b, key, false);
}

TEST(StunRFC5769, WrongPasswordIsInvalid) {
  EXPECT_EQ(check_integrity(kSampleRequest, short_term_key("VOkJxbRl1RmTxUk/WvJxBT")), IntegrityCheck::Invalid);
  EXPECT_EQ(check_integrity(kSampleLongTermRequest, long_term_key(kLongTermUsername, "example.org", "TheMatrix")),
            IntegrityCheck::Invalid);
}

}  // namespace
}  // namespace natlab::stun
