// MESSAGE-INTEGRITY and FINGERPRINT: generation, verification, tampering
// (RFC 5389 15.4, 15.5), and the credential derivations.
#include <gtest/gtest.h>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "tests/stun/rfc5769_vectors.h"

namespace natlab::stun {
namespace {

using Bytes = std::vector<std::uint8_t>;

Message check_request() {
  Message m;
  m.transaction_id = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2};
  m.add(Username{"rfrag:lfrag"}).add(Priority{0x6e0001ff}).add(IceControlling{0x1122334455667788}).add(UseCandidate{});
  return m;
}

TEST(StunIntegrity, EncodeAppendsValidTrailer) {
  const auto key = short_term_key("0123456789abcdefghijkl");
  const Bytes b = encode(check_request(), {key, true});
  auto d = decode(b);
  ASSERT_TRUE(d);
  const auto& attrs = d.message->attributes;
  ASSERT_EQ(attrs.size(), 6u);
  EXPECT_EQ(attrs[4].type, attr::MessageIntegrity);
  EXPECT_EQ(attrs[5].type, attr::Fingerprint);
  EXPECT_EQ(check_integrity(b, key), IntegrityCheck::Valid);
  EXPECT_EQ(check_fingerprint(b), FingerprintCheck::Valid);
  EXPECT_EQ(check_integrity(b, short_term_key("0123456789abcdefghijkL")), IntegrityCheck::Invalid);
  EXPECT_EQ(check_integrity(b, IntegrityKey{}), IntegrityCheck::Invalid);
}

TEST(StunIntegrity, IntegrityOnlyAndFingerprintOnly) {
  const auto key = short_term_key("pass");
  const Bytes mi = encode(check_request(), {key, false});
  EXPECT_EQ(check_integrity(mi, key), IntegrityCheck::Valid);
  EXPECT_EQ(check_fingerprint(mi), FingerprintCheck::Missing);
  EXPECT_EQ(decode(mi).message->attributes.back().type, attr::MessageIntegrity);
  const Bytes fp = encode(check_request(), {std::nullopt, true});
  EXPECT_EQ(check_integrity(fp, key), IntegrityCheck::Missing);
  EXPECT_EQ(check_fingerprint(fp), FingerprintCheck::Valid);
  EXPECT_EQ(encode(check_request(), EncodeOptions{}), encode(check_request()));
}

TEST(StunIntegrity, EmptyKeyStillAnHmac) {
  const Bytes b = encode(check_request(), {IntegrityKey{}, false});
  EXPECT_EQ(check_integrity(b, IntegrityKey{}), IntegrityCheck::Valid);
  EXPECT_EQ(check_integrity(b, IntegrityKey{1}), IntegrityCheck::Invalid);
}

// RFC 5389 15.4: the HMAC covers the length as adjusted to end at MESSAGE-
// INTEGRITY, so FINGERPRINT can be appended after it without invalidating it.
TEST(StunIntegrity, LengthAdjustedForIntegrity) {
  const auto key = short_term_key("pass");
  Bytes with_fp = encode(check_request(), {key, true});
  Bytes without_fp = encode(check_request(), {key, false});
  ASSERT_EQ(with_fp.size(), without_fp.size() + 8);
  EXPECT_TRUE(std::equal(without_fp.begin() + 4, without_fp.end(), with_fp.begin() + 4));
  EXPECT_EQ(check_integrity(with_fp, key), IntegrityCheck::Valid);
}

TEST(StunIntegrity, TamperingAnyCoveredByteInvalidates) {
  const auto key = short_term_key(testing::kShortTermPassword);
  const Bytes& b = testing::kSampleRequest;
  const std::size_t mi_end = b.size() - 8;  // MI covers up to here; FP covers everything before it
  for (std::size_t i = 0; i < b.size(); ++i) {
    if (i == 2 || i == 3) continue;  // the length is rewritten by both checks
    Bytes t = b;
    t[i] ^= 0x01;
    const bool covered = i < mi_end;
    EXPECT_EQ(check_integrity(t, key) == IntegrityCheck::Valid, !covered) << "byte " << i;
    EXPECT_NE(check_fingerprint(t), FingerprintCheck::Valid) << "byte " << i;
  }
}

TEST(StunIntegrity, TamperedValueIsInvalidNotMissing) {
  const auto key = short_term_key(testing::kShortTermPassword);
  Bytes t = testing::kSampleIpv4Response;
  t[40] ^= 0x80;  // inside XOR-MAPPED-ADDRESS
  EXPECT_EQ(check_integrity(t, key), IntegrityCheck::Invalid);
  EXPECT_EQ(check_fingerprint(t), FingerprintCheck::Invalid);
  t = testing::kSampleIpv4Response;
  t.back() ^= 1;
  EXPECT_EQ(check_fingerprint(t), FingerprintCheck::Invalid);
  EXPECT_EQ(check_integrity(t, key), IntegrityCheck::Valid);
}

TEST(StunIntegrity, TotalOnGarbage) {
  const IntegrityKey key{1, 2, 3};
  EXPECT_EQ(check_integrity(Bytes{}, key), IntegrityCheck::Missing);
  EXPECT_EQ(check_fingerprint(Bytes(19, 0)), FingerprintCheck::Missing);
  Bytes b = testing::kSampleRequest;
  b.resize(b.size() - 2);  // FINGERPRINT value cut short
  EXPECT_EQ(check_fingerprint(b), FingerprintCheck::Missing);
  b = testing::kSampleRequest;
  b[b.size() - 5] = 8;  // FINGERPRINT claims 8 bytes, only 4 there
  EXPECT_EQ(check_fingerprint(b), FingerprintCheck::Missing);
}

TEST(StunIntegrity, FingerprintValue) {
  // CRC-32 of "123456789" is 0xCBF43926 (the standard check value).
  const Bytes digits = {'1', '2', '3', '4', '5', '6', '7', '8', '9'};
  EXPECT_EQ(fingerprint_value(digits), 0xCBF43926u ^ 0x5354554Eu);
  const Bytes& b = testing::kSampleRequest;
  EXPECT_EQ(fingerprint_value(std::span(b).first(b.size() - 8)), 0xe57a3bcfu);
}

TEST(StunIntegrity, SaslPrep) {
  EXPECT_EQ(saslprep("TheMatrIX"), "TheMatrIX");
  EXPECT_EQ(saslprep(testing::kLongTermPassword), "TheMatrIX");
  EXPECT_EQ(saslprep("I\xC2\xADX"), "IX");           // RFC 4013 3: soft hyphen maps to nothing
  EXPECT_EQ(saslprep("user"), "user");
  EXPECT_EQ(saslprep("\xC2\xAA"), "a");              // NFKC
  EXPECT_EQ(saslprep("\xE2\x85\xA8"), "IX");         // NFKC
  EXPECT_EQ(saslprep("a\xC2\xA0" "b"), "a b");       // non-ASCII space maps to space
  EXPECT_FALSE(saslprep("\x07").has_value());        // prohibited control character
  EXPECT_FALSE(saslprep(std::string_view("a\0b", 3)).has_value());
  EXPECT_FALSE(saslprep("\xD8\xA7" "1").has_value());  // RFC 3454 6: RandALCat must start and end the string
}

TEST(StunIntegrity, Keys) {
  const auto st = short_term_key("VOkJxbRl1RmTxUk/WvJxBt");
  EXPECT_EQ(std::string(st.begin(), st.end()), "VOkJxbRl1RmTxUk/WvJxBt");
  // MD5("user:realm:pass")
  const auto lt = long_term_key("user", "realm", "pass");
  EXPECT_EQ(lt, (IntegrityKey{0x84, 0x93, 0xfb, 0xc5, 0x3b, 0xa5, 0x82, 0xfb, 0x4c, 0x04, 0x4c, 0x45, 0x6b, 0xdc,
                              0x40, 0xeb}));
  EXPECT_EQ(long_term_key("user", "realm", "pa\xC2\xADss"), lt);
}

}  // namespace
}  // namespace natlab::stun
