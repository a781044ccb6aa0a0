// The two FINGERPRINT tables: RFC 5389 15.5's CRC-32 and MS-ICE2 3.1.4.8.2's
// alternate one, which differs in a single entry. Whether a message's two
// fingerprints differ is decided here by walking its CRC and seeing whether it
// ever indexes that entry, not by hard-coded results.
#include <gtest/gtest.h>

#include <string_view>

#include "agents/stun/attributes.h"
#include "agents/stun/fingerprint_table.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "common/rng.h"
#include "tests/stun/rfc5769_vectors.h"

namespace natlab::stun {
namespace {

using Bytes = std::vector<std::uint8_t>;
using testing::kSampleIpv4Response;
using testing::kSampleIpv6Response;
using testing::kSampleLongTermRequest;
using testing::kSampleRequest;

// Whether the standard CRC of the bytes before FINGERPRINT (the last 8 bytes
// of a complete message) ever looks up entry 0x5A.
bool crc_reaches_differing_entry(const Bytes& message) {
  const CrcTable& table = crc_table(FingerprintTable::Standard);
  std::uint32_t c = 0xFFFFFFFFu;
  for (std::size_t i = 0; i + 8 < message.size(); ++i) {
    const std::size_t index = (c ^ message[i]) & 0xFFu;
    if (index == kMsIce2AlternateIndex) return true;
    c = table[index] ^ (c >> 8);
  }
  return false;
}

Message binding_check(Rng& rng) {
  Message m;
  m.cls = Class::Request;
  m.method = static_cast<std::uint16_t>(Method::Binding);
  rng.fill(m.transaction_id);
  m.add(Username{"rfrag:lfrag"}).add(Priority{0x6e0001ff}).add(IceControlling{rng.next_u64()});
  return m;
}

EncodeOptions signed_with(FingerprintTable t) {
  EncodeOptions o;
  o.integrity = short_term_key("0123456789abcdefghijkl");
  o.fingerprint = true;
  o.fingerprint_table = t;
  return o;
}

TEST(FingerprintTable, TablesDifferInExactlyOneEntry) {
  const CrcTable& standard = crc_table(FingerprintTable::Standard);
  const CrcTable& alternate = crc_table(FingerprintTable::MsIce2Alternate);
  std::vector<std::size_t> differ;
  for (std::size_t i = 0; i < standard.size(); ++i)
    if (standard[i] != alternate[i]) differ.push_back(i);
  ASSERT_EQ(differ, std::vector<std::size_t>{0x5A});
  EXPECT_EQ(standard[0x5A], 0x8BBEB8EAu);   // the value the issue names, at index 90
  EXPECT_EQ(alternate[0x5A], 0x08BBE8EAu);  // MS-ICE2 3.1.4.8.2's "8BBE8EA"
}

TEST(FingerprintTable, StandardTableIsCrc32) {
  // The CRC-32 check value of "123456789" (the catalogue value for CRC-32/ISO-HDLC).
  constexpr std::string_view kCheck = "123456789";
  const Bytes b(kCheck.begin(), kCheck.end());
  EXPECT_EQ(crc32_with(FingerprintTable::Standard, b), 0xCBF43926u);
  // Those nine bytes never reach entry 0x5A, so the alternate table agrees.
  EXPECT_FALSE(crc_reaches_differing_entry([&] { Bytes m = b; m.resize(m.size() + 8); return m; }()));
  EXPECT_EQ(crc32_with(FingerprintTable::MsIce2Alternate, b), 0xCBF43926u);
  // Splitting the input does not change the result.
  EXPECT_EQ(crc32_with(FingerprintTable::Standard, std::span(b).first(4), std::span(b).subspan(4)), 0xCBF43926u);
}

TEST(FingerprintTable, Rfc5769VectorsVerifyWithTheStandardTable) {
  for (const Bytes* v : {&kSampleRequest, &kSampleIpv4Response, &kSampleIpv6Response}) {
    const FingerprintVerification f = verify_fingerprint(*v);
    EXPECT_EQ(f.match, FingerprintMatch::Standard);
    EXPECT_EQ(f.tables_agree, !crc_reaches_differing_entry(*v));
    // Recomputing with the standard table reproduces the vector.
    EXPECT_EQ(with_fingerprint_table(*v, FingerprintTable::Standard), *v);
    // With the alternate table: a different value exactly when the CRC reaches the entry.
    const Bytes alt = with_fingerprint_table(*v, FingerprintTable::MsIce2Alternate);
    if (crc_reaches_differing_entry(*v)) {
      EXPECT_NE(alt, *v);
      EXPECT_EQ(verify_fingerprint(alt).match, FingerprintMatch::Alternate);
      EXPECT_EQ(check_fingerprint(alt), FingerprintCheck::Invalid);
    } else {
      EXPECT_EQ(alt, *v);
    }
  }
  EXPECT_EQ(verify_fingerprint(kSampleLongTermRequest).match, FingerprintMatch::Missing);
}

// Among seeded random checks, find one whose CRC reaches entry 0x5A and one
// whose CRC does not, and compute both fingerprints of each.
TEST(FingerprintTable, KnownMessagesComputedBothWays) {
  Rng rng(20261126);
  std::optional<Message> reaching, missing;
  for (int i = 0; i < 1000 && !(reaching && missing); ++i) {
    Message m = binding_check(rng);
    const Bytes b = encode(m, signed_with(FingerprintTable::Standard));
    (crc_reaches_differing_entry(b) ? reaching : missing) = m;
  }
  ASSERT_TRUE(reaching && missing);

  const Bytes rs = encode(*reaching, signed_with(FingerprintTable::Standard));
  const Bytes ra = encode(*reaching, signed_with(FingerprintTable::MsIce2Alternate));
  ASSERT_EQ(rs.size(), ra.size());
  EXPECT_TRUE(std::equal(rs.begin(), rs.end() - 4, ra.begin()));  // only the FINGERPRINT value differs
  EXPECT_NE(Bytes(rs.end() - 4, rs.end()), Bytes(ra.end() - 4, ra.end()));
  EXPECT_EQ(verify_fingerprint(rs).match, FingerprintMatch::Standard);
  EXPECT_EQ(verify_fingerprint(ra).match, FingerprintMatch::Alternate);
  EXPECT_FALSE(verify_fingerprint(ra).tables_agree);
  // RFC 5389 15.5: the alternate value is not a valid FINGERPRINT.
  EXPECT_EQ(check_fingerprint(ra), FingerprintCheck::Invalid);
  // The rewrite of an encoded message gives what encoding with the table gives.
  EXPECT_EQ(with_fingerprint_table(rs, FingerprintTable::MsIce2Alternate), ra);
  EXPECT_EQ(with_fingerprint_table(ra, FingerprintTable::Standard), rs);
  // The value is the table's CRC of the bytes before FINGERPRINT XOR 0x5354554E.
  const std::span<const std::uint8_t> prefix(ra.data(), ra.size() - 8);
  EXPECT_EQ(fingerprint_value(prefix, FingerprintTable::MsIce2Alternate),
            crc32_with(FingerprintTable::MsIce2Alternate, prefix) ^ kFingerprintXor);

  const Bytes ms = encode(*missing, signed_with(FingerprintTable::Standard));
  const Bytes ma = encode(*missing, signed_with(FingerprintTable::MsIce2Alternate));
  EXPECT_EQ(ms, ma);  // both tables give the same value
  EXPECT_EQ(verify_fingerprint(ma).match, FingerprintMatch::Standard);
  EXPECT_TRUE(verify_fingerprint(ma).tables_agree);
  EXPECT_EQ(check_fingerprint(ma), FingerprintCheck::Valid);
}

TEST(FingerprintTable, NeitherTableMatchesACorruptValue) {
  Rng rng(7);
  Bytes b = encode(binding_check(rng), signed_with(FingerprintTable::Standard));
  b.back() ^= 0x01;
  EXPECT_EQ(verify_fingerprint(b).match, FingerprintMatch::None);
  Bytes short_fp = b;  // a FINGERPRINT whose length is not 4 matches nothing
  short_fp[short_fp.size() - 6] = 0;
  short_fp[short_fp.size() - 5] = 2;
  EXPECT_EQ(verify_fingerprint(short_fp).match, FingerprintMatch::None);
  EXPECT_EQ(verify_fingerprint(Bytes(10, 0)).match, FingerprintMatch::Missing);
  EXPECT_EQ(with_fingerprint_table(Bytes(10, 0), FingerprintTable::MsIce2Alternate), Bytes(10, 0));
}

TEST(FingerprintTable, Names) {
  EXPECT_STREQ(to_string(FingerprintTable::Standard), "standard");
  EXPECT_STREQ(to_string(FingerprintTable::MsIce2Alternate), "ms-ice2-alternate");
  EXPECT_STREQ(to_string(FingerprintMatch::Alternate), "ms-ice2-alternate");
  EXPECT_STREQ(to_string(FingerprintMatch::None), "none");
}

}  // namespace
}  // namespace natlab::stun
