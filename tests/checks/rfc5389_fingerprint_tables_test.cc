// RFC5389-7.3-fingerprint-tables: each agent's checks counted by the CRC
// table their FINGERPRINT matches (RFC 5389 15.5 or MS-ICE2 3.1.4.8.2), and
// a receiver that answers a check it does not accept fails.
#include <gtest/gtest.h>

#include "tests/checks/rfc5389_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kFingerprintTablesCheck = "RFC5389-7.3-fingerprint-tables";

using Bytes = std::vector<std::uint8_t>;

bool says(const Verdict& v, const std::string& text) { return v.detail.find(text) != std::string::npos; }

Bytes in_table(const Bytes& b, stun::FingerprintTable t) { return stun::with_fingerprint_table(b, t); }

// A's check to B, with transaction number n, signed for B.
Bytes a_check(const StunTrace& t, std::uint8_t n) {
  return stun::encode(StunTrace::check(n, t.b_ufrag, t.a_ufrag),
                      stun::EncodeOptions{stun::short_term_key(t.b_pwd), true});
}

// The first transaction number whose check's CRC reads entry 0x5A, so that
// its alternate-table FINGERPRINT differs from the standard one.
std::uint8_t alternate_only_n(const StunTrace& t) {
  for (std::uint8_t n = 10; n < 250; ++n)
    if (stun::verify_fingerprint(in_table(a_check(t, n), stun::FingerprintTable::MsIce2Alternate)).match ==
        stun::FingerprintMatch::Alternate)
      return n;
  ADD_FAILURE() << "no transaction number gives an alternate-only FINGERPRINT";
  return 0;
}

// A sends check n in `table`; B answers it (in the standard table) if `answered`.
void exchange(StunTrace& t, double at, std::uint8_t n, stun::FingerprintTable table, bool answered) {
  t.send(at, "alice-pc", "bob-pc", t.a_private, t.bob, in_table(a_check(t, n), table));
  if (!answered) return;
  const stun::Message q = StunTrace::check(n, t.b_ufrag, t.a_ufrag);
  t.send(at + 5, "bob-pc", "alice-pc", t.bob, t.a_public, StunTrace::response(q).add(stun::XorMappedAddress{t.a_public}),
         stun::short_term_key(t.b_pwd));
}

TEST(Rfc5389FingerprintTables, StandardChecksPassAndAreCounted) {
  StunTrace t;
  t.a_checks_b(100);
  const Verdict v = t.b.judge(kFingerprintTablesCheck);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(says(v, "A: 1 check, ")) << v.detail;
  // Which of the two wordings depends on whether this check's CRC reads entry 0x5A.
  const bool agree = stun::verify_fingerprint(a_check(t, 2)).tables_agree;
  EXPECT_TRUE(says(v, agree ? "1 either table" : "1 standard table")) << v.detail;
}

TEST(Rfc5389FingerprintTables, StrictReceiverThatDropsAlternateChecksPasses) {
  StunTrace t;
  const std::uint8_t n = alternate_only_n(t);
  exchange(t, 100, n, stun::FingerprintTable::MsIce2Alternate, false);
  const Verdict v = t.b.judge(kFingerprintTablesCheck);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(says(v, "A: 1 check, 1 MS-ICE2 alternate table (3.1.4.8.2)")) << v.detail;
  EXPECT_TRUE(says(v, "1 check dropped unanswered for its FINGERPRINT")) << v.detail;
}

TEST(Rfc5389FingerprintTables, StrictReceiverThatAnswersAnAlternateCheckFails) {
  StunTrace t;
  const std::uint8_t n = alternate_only_n(t);
  exchange(t, 100, n, stun::FingerprintTable::MsIce2Alternate, true);
  const Verdict v = t.b.judge(kFingerprintTablesCheck);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "B answered a check whose FINGERPRINT matches only MS-ICE2's alternate table")) << v.detail;
  EXPECT_TRUE(says(v, "Binding Success")) << v.detail;
}

TEST(Rfc5389FingerprintTables, AcceptingReceiverMayAnswerAlternateChecks) {
  StunTrace t;
  t.b.scenario().agents.at(1).accept_alternate_fingerprint = true;
  const std::uint8_t n = alternate_only_n(t);
  exchange(t, 100, n, stun::FingerprintTable::MsIce2Alternate, true);
  const Verdict v = t.b.judge(kFingerprintTablesCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_FALSE(says(v, "dropped")) << v.detail;
  // So may an ms-ice2 agent, without the flag.
  t.b.scenario().agents.at(1).accept_alternate_fingerprint = false;
  t.b.scenario().agents.at(1).dialect = sim::Dialect::MsIce2;
  EXPECT_EQ(t.b.judge(kFingerprintTablesCheck).status, Status::Pass);
}

TEST(Rfc5389FingerprintTables, AStandardDuplicateMakesTheAnswerLegitimate) {
  // MS-ICE2 3.1.4.8.2: the standard check and its alternate duplicate, same
  // transaction; a strict receiver answers the standard one.
  StunTrace t;
  const std::uint8_t n = alternate_only_n(t);
  exchange(t, 100, n, stun::FingerprintTable::Standard, false);
  exchange(t, 101, n, stun::FingerprintTable::MsIce2Alternate, true);
  const Verdict v = t.b.judge(kFingerprintTablesCheck);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(says(v, "A: 2 checks, 1 standard table (RFC 5389 15.5), 1 MS-ICE2 alternate table")) << v.detail;
}

TEST(Rfc5389FingerprintTables, AnsweringACorruptFingerprintFails) {
  StunTrace t;
  Bytes bad = a_check(t, 2);
  bad.back() ^= 0xFF;
  t.send(100, "alice-pc", "bob-pc", t.a_private, t.bob, bad);
  const stun::Message q = StunTrace::check(2, t.b_ufrag, t.a_ufrag);
  t.send(105, "bob-pc", "alice-pc", t.bob, t.a_public, StunTrace::response(q).add(stun::XorMappedAddress{t.a_public}),
         stun::short_term_key(t.b_pwd));
  const Verdict v = t.b.judge(kFingerprintTablesCheck);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "matches no CRC table")) << v.detail;
}

TEST(Rfc5389FingerprintTables, NoChecksIsNotApplicable) {
  StunTrace t;
  t.gathering(0);
  EXPECT_EQ(t.b.judge(kFingerprintTablesCheck).status, Status::NotApplicable);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
