// MS-ICE2 dialects and accept_alternate_fingerprint (MS-ICE2 3.1.4.8.2,
// RFC 5389 7.3 / 15.5): which tables checks and responses go out with, and
// which an agent accepts. What each message's FINGERPRINT matched is read
// from its bytes, so the expectations follow from what the agents sent.
#include <gtest/gtest.h>

#include "agents/ice/agent.h"
#include "agents/ice/checks.h"
#include "agents/ice/dialect.h"
#include "agents/stun/attributes.h"
#include "fake_network.h"

namespace natlab::ice::test {
namespace {

using stun::FingerprintMatch;
using stun::FingerprintTable;

const Credentials kLocal{"LFRG", "localpassword0123456789"};
const Credentials kRemote{"RFRG", "remotepassword012345678"};

FingerprintMatch match_of(const std::vector<std::uint8_t>& b) { return stun::verify_fingerprint(b).match; }

// A check encoded with the alternate table whose value differs from the standard one.
std::vector<std::uint8_t> alternate_only_check() {
  for (std::uint8_t i = 0; i < 255; ++i) {
    stun::Message m = build_check(CheckParams{kLocal.ufrag, kRemote.ufrag, kRemote.pwd, 1862270975u,
                                              Role::Controlling, 0x1122334455667788ull, false});
    m.transaction_id = {i, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    stun::EncodeOptions o = check_encoding(kRemote.pwd);
    o.fingerprint_table = FingerprintTable::MsIce2Alternate;
    auto b = stun::encode(m, o);
    if (match_of(b) == FingerprintMatch::Alternate) return b;
  }
  ADD_FAILURE() << "no check reached the differing table entry";
  return {};
}

TEST(IceDialect, TablesPerDialect) {
  using V = std::vector<FingerprintTable>;
  EXPECT_EQ(check_tables(Dialect::Rfc), V{FingerprintTable::Standard});
  EXPECT_EQ(check_tables(Dialect::MsIce2), (V{FingerprintTable::Standard, FingerprintTable::MsIce2Alternate}));
  EXPECT_EQ(check_tables(Dialect::MsIce2Legacy), V{FingerprintTable::MsIce2Alternate});
  AgentConfig strict, accepting, ms;
  accepting.accept_alternate_fingerprint = true;
  ms.dialect = Dialect::MsIce2;
  EXPECT_FALSE(fingerprint_accepted(strict, FingerprintMatch::Alternate));
  EXPECT_TRUE(fingerprint_accepted(accepting, FingerprintMatch::Alternate));
  EXPECT_TRUE(fingerprint_accepted(ms, FingerprintMatch::Alternate));
  for (const AgentConfig* c : {&strict, &accepting, &ms}) {
    EXPECT_TRUE(fingerprint_accepted(*c, FingerprintMatch::Standard));
    EXPECT_FALSE(fingerprint_accepted(*c, FingerprintMatch::None));
  }
  // An accepting Rfc agent answers in the table the check used.
  EXPECT_EQ(response_tables(accepting, FingerprintMatch::Alternate), V{FingerprintTable::MsIce2Alternate});
  EXPECT_EQ(response_tables(accepting, FingerprintMatch::Standard), V{FingerprintTable::Standard});
  EXPECT_EQ(response_tables(strict, FingerprintMatch::Alternate), V{FingerprintTable::Standard});
  EXPECT_EQ(response_tables(ms, FingerprintMatch::Standard), check_tables(Dialect::MsIce2));
  EXPECT_STREQ(to_string(Dialect::MsIce2Legacy), "ms-ice2-legacy");
}

TEST(IceDialect, ValidateCheckAcceptsTheAlternateTableOnlyWhenAsked) {
  const auto bytes = alternate_only_check();
  const stun::Message m = *stun::decode(bytes).message;
  const CheckValidation strict = validate_check(bytes, m, kRemote);
  EXPECT_FALSE(strict.check);
  EXPECT_TRUE(strict.bad_fingerprint);
  EXPECT_EQ(strict.rejection.code, 0);  // dropped, not answered (RFC 5389 7.3)
  const CheckValidation accepting = validate_check(bytes, m, kRemote, true);
  ASSERT_TRUE(accepting.check);
  EXPECT_EQ(accepting.check->fingerprint, FingerprintMatch::Alternate);
  // The same holds for a response.
  const auto response = stun::with_fingerprint_table(success_response(m, ep("10.0.0.1:5000"), kRemote.pwd),
                                                     FingerprintTable::MsIce2Alternate);
  const stun::Message rm = *stun::decode(response).message;
  if (match_of(response) == FingerprintMatch::Alternate) {
    EXPECT_FALSE(validate_response(response, rm, kRemote.pwd));
  }
  EXPECT_TRUE(validate_response(response, rm, kRemote.pwd, true));
}

struct DialectRun {
  AgentConfig ca, cb;
  std::optional<IceAgent> a, b;
  FakeNet net;
  std::size_t na = 0, nb = 0;
  DialectRun(Dialect da, bool b_accepts, std::uint64_t seed) {
    ca = config(Role::Controlling, {ip("10.0.0.1")}, 5000);
    cb = config(Role::Controlled, {ip("10.0.0.2")}, 6000);
    ca.dialect = da;
    cb.accept_alternate_fingerprint = b_accepts;
    a.emplace(ca, Rng(seed));
    b.emplace(cb, Rng(seed + 1000));
    na = net.add(*a, sockets_of(ca));
    nb = net.add(*b, sockets_of(cb));
    connect(net, *a, *b, Time(10s));
  }
  // STUN messages node `n` sent whose FINGERPRINT matched `m`.
  std::size_t sent_matching(std::size_t n, FingerprintMatch m) const {
    std::size_t k = 0;
    for (const auto& s : net.sent)
      if (s.node == n && stun::looks_like_stun(s.t.bytes) && match_of(s.t.bytes) == m) ++k;
    return k;
  }
  bool connected() const { return a->selected_pair(1) && b->selected_pair(1); }
  // Whether B sent a response with this transaction ID.
  bool b_answered(const std::vector<std::uint8_t>& request) const {
    for (const auto& s : net.sent) {
      if (s.node != nb) continue;
      auto r = stun::decode(s.t.bytes);
      if (r && r.message->cls != stun::Class::Request &&
          std::equal(request.begin() + 8, request.begin() + 20, s.t.bytes.begin() + 8))
        return true;
    }
    return false;
  }
};

TEST(IceDialect, LegacyAgentSignsEveryCheckAndResponseWithTheAlternateTable) {
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    DialectRun r(Dialect::MsIce2Legacy, true, seed);
    EXPECT_EQ(r.sent_matching(r.na, FingerprintMatch::None), 0u);
    // Every message of A is the alternate table's: those that match the
    // standard table are exactly those whose CRC never reaches entry 0x5A.
    for (const auto& s : r.net.sent) {
      if (s.node != r.na || !stun::looks_like_stun(s.t.bytes) || is_indication(s.t)) continue;
      const auto v = stun::verify_fingerprint(s.t.bytes);
      EXPECT_TRUE(v.match == FingerprintMatch::Alternate || v.tables_agree);
    }
    // The accepting agent connects, drops nothing, and answers an
    // alternate-table check in that table.
    EXPECT_TRUE(r.connected()) << "seed " << seed;
    EXPECT_EQ(r.b->dropped_bad_fingerprint(), 0u);
    for (const auto& s : r.net.sent) {
      if (s.node != r.na || match_of(s.t.bytes) != FingerprintMatch::Alternate) continue;
      if (stun::decode(s.t.bytes).message->cls != stun::Class::Request) continue;
      EXPECT_TRUE(r.b_answered(s.t.bytes));
      for (const auto& t : r.net.sent) {
        if (t.node == r.nb && std::equal(s.t.bytes.begin() + 8, s.t.bytes.begin() + 20, t.t.bytes.begin() + 8)) {
          EXPECT_NE(match_of(t.t.bytes), FingerprintMatch::None);
        }
      }
    }
  }
}

TEST(IceDialect, StrictAgentDropsAndCountsAlternateOnlyMessages) {
  std::size_t seeds_with_drops = 0;
  for (std::uint64_t seed = 1; seed <= 20; ++seed) {
    DialectRun r(Dialect::MsIce2Legacy, false, seed);
    // Each alternate-only message A sent reached B (FakeNet loses nothing)
    // and was dropped and counted there; none of those requests was answered.
    const std::size_t alternate = r.sent_matching(r.na, FingerprintMatch::Alternate);
    EXPECT_EQ(r.b->dropped_bad_fingerprint(), alternate) << "seed " << seed;
    for (const auto& s : r.net.sent) {
      if (s.node == r.na && match_of(s.t.bytes) == FingerprintMatch::Alternate &&
          stun::decode(s.t.bytes).message->cls == stun::Class::Request) {
        EXPECT_FALSE(r.b_answered(s.t.bytes)) << "seed " << seed;
      }
    }
    if (alternate > 0) ++seeds_with_drops;
  }
  EXPECT_GT(seeds_with_drops, 0u);
}

TEST(IceDialect, MsIce2SendsTheStandardCheckAndItsAlternateDuplicate) {
  DialectRun r(Dialect::MsIce2, false, 3);
  // Every check and response of A leaves twice in a row, same bytes up to
  // the FINGERPRINT value: first the standard table, then the alternate one.
  std::vector<const FakeNet::Sent*> a_sent;
  for (const auto& s : r.net.sent)
    if (s.node == r.na && stun::looks_like_stun(s.t.bytes) && !is_indication(s.t)) a_sent.push_back(&s);
  ASSERT_FALSE(a_sent.empty());
  ASSERT_EQ(a_sent.size() % 2, 0u);
  for (std::size_t i = 0; i < a_sent.size(); i += 2) {
    const auto& first = a_sent[i]->t.bytes;
    const auto& second = a_sent[i + 1]->t.bytes;
    EXPECT_EQ(match_of(first), FingerprintMatch::Standard);
    EXPECT_EQ(second, stun::with_fingerprint_table(first, FingerprintTable::MsIce2Alternate));
  }
  // A strict RFC agent connects on the standard copies and drops the
  // alternate copies that differ.
  EXPECT_TRUE(r.connected());
  EXPECT_EQ(r.b->dropped_bad_fingerprint(), r.sent_matching(r.na, FingerprintMatch::Alternate));
}

}  // namespace
}  // namespace natlab::ice::test
