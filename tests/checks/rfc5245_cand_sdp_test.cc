#include <gtest/gtest.h>

#include "tests/checks/rfc5245_cand_test.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kSdpCandidatesCheck = "RFC5245-4.1.3-sdp-candidates";
const char* kCredentials = "RFC5245-15.4-credentials";

// A gathers host, srflx and relay; the relayed one completes gathering at the
// instant the offer leaves (recorded after the offer, as the runner does).
TraceBuilder offer(const std::vector<Json>& offered) {
  TraceBuilder b;
  gathered(b, ms(0), "A", a_host());
  gathered(b, ms(20), "A", a_srflx());
  signal(b, ms(40), "A", "offer-sent", sdp(offered));
  gathered(b, ms(40), "A", a_relay());
  return b;
}

TEST(SdpCandidates, EveryGatheredCandidatePasses) {
  Verdict v = offer({a_host(), a_srflx(), a_relay()}).judge(kSdpCandidatesCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A offer-sent: 3 candidates, 3 gathered (3 after eliminating redundant ones)");
}

TEST(SdpCandidates, AMissingCandidateFails) {
  Verdict v = offer({a_host(), a_relay()}).judge(kSdpCandidatesCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("lacks gathered candidate srflx 198.51.100.1:40000"), std::string::npos) << v.detail;
}

TEST(SdpCandidates, ACandidateNeverGatheredFails) {
  Json other = a_srflx();
  other["address"] = "198.51.100.1:41000";
  Verdict v = offer({a_host(), a_srflx(), a_relay(), other}).judge(kSdpCandidatesCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("198.51.100.1:41000 (component 1, foundation 2, priority 1694498815), which is not a "
                          "candidate the agent gathered"),
            std::string::npos)
      << v.detail;
}

TEST(SdpCandidates, AChangedFieldFails) {
  Json srflx = a_srflx();
  srflx["foundation"] = "5";
  EXPECT_EQ(offer({a_host(), srflx, a_relay()}).judge(kSdpCandidatesCheck).status, Status::Fail);
}

TEST(SdpCandidates, RedundantCandidatesAppearOnceAsTheHigherPriorityOne) {
  // Without a NAT the server-reflexive address equals the host address, with
  // the same base: redundant (4.1.3), the srflx one has the lower priority.
  TraceBuilder b;
  gathered(b, ms(0), "B", b_host());
  Json srflx = candidate("2", 1, prio(ice::CandidateType::ServerReflexive), "203.0.113.20:40010", "srflx",
                         "203.0.113.20:40010", std::string("203.0.113.20:40010"));
  gathered(b, ms(20), "B", srflx);
  signal(b, ms(40), "B", "answer-sent", sdp({b_host()}));
  Verdict v = b.judge(kSdpCandidatesCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "B answer-sent: 1 candidates, 2 gathered (1 after eliminating redundant ones)");
  signal(b, ms(50), "B", "answer-sent", sdp({b_host(), srflx}));
  v = b.judge(kSdpCandidatesCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("redundant with host 203.0.113.20:40010"), std::string::npos) << v.detail;
  signal(b, ms(60), "B", "answer-sent", sdp({srflx}));
  b.records().erase(b.records().end() - 2);  // only the srflx-only answer remains bad
  v = b.judge(kSdpCandidatesCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("lacks gathered candidate host 203.0.113.20:40010"), std::string::npos) << v.detail;
}

TEST(SdpCandidates, PeerReflexiveCandidatesAreNotSignalled) {
  TraceBuilder b = offer({a_host(), a_srflx(), a_relay()});
  gathered(b, ms(10), "A",
           candidate("4", 1, prio(ice::CandidateType::PeerReflexive), "198.51.100.1:40003", "prflx",
                     "192.168.1.10:40000", std::string("192.168.1.10:40000")));
  EXPECT_EQ(b.judge(kSdpCandidatesCheck).status, Status::Pass);
}

TEST(SdpCandidates, NoOfferIsNotApplicable) {
  TraceBuilder b;
  gathered(b, ms(0), "A", a_host());
  EXPECT_EQ(b.judge(kSdpCandidatesCheck).status, Status::NotApplicable);
  EXPECT_EQ(b.judge(kCredentials).status, Status::NotApplicable);
}

TEST(SdpCandidates, RealRunPassesAndFailsOnceTheAnswerDropsItsRelayedCandidate) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/examples/nat-behind-nat.yaml");
  Verdict v = b.judge(kSdpCandidatesCheck);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  Json* answer = find_record(b, event_of("B", "answer-sent"));
  ASSERT_NE(answer, nullptr);
  std::string text = (*answer)["sdp"];
  const auto at = text.find("a=candidate:3 ");
  ASSERT_NE(at, std::string::npos) << text;
  text.erase(at, text.find('\n', at) + 1 - at);
  (*answer)["sdp"] = text;
  v = b.judge(kSdpCandidatesCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("B: answer-sent lacks gathered candidate relay"), std::string::npos) << v.detail;
}

TEST(Credentials, LongEnoughIceCharsPass) {
  TraceBuilder b;
  signal(b, ms(40), "A", "offer-sent", sdp({a_host()}, "abcd", "0123456789abcdefghij+/"));
  Verdict v = b.judge(kCredentials);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A offer-sent: ufrag 4 characters, pwd 22");
}

TEST(Credentials, ShortUfragFails) {
  TraceBuilder b;
  signal(b, ms(40), "A", "offer-sent", sdp({a_host()}, "abc"));
  Verdict v = b.judge(kCredentials);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("ice-ufrag \"abc\" has 3 characters, not 4 to 256"), std::string::npos) << v.detail;
}

TEST(Credentials, ShortPasswordFails) {
  TraceBuilder b;
  signal(b, ms(40), "B", "answer-sent", sdp({b_host()}, "abcd", "0123456789abcdefghij+"));
  Verdict v = b.judge(kCredentials);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("B: answer-sent: ice-pwd"), std::string::npos) << v.detail;
}

TEST(Credentials, NonIceCharFails) {
  TraceBuilder b;
  signal(b, ms(40), "A", "offer-sent", sdp({a_host()}, "ab-cd"));
  Verdict v = b.judge(kCredentials);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("a character outside"), std::string::npos) << v.detail;
}

TEST(Credentials, MissingPasswordFails) {
  TraceBuilder b;
  signal(b, ms(40), "A", "offer-sent", "a=ice-ufrag:abcdefgh\r\n");
  Verdict v = b.judge(kCredentials);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("no a=ice-pwd line"), std::string::npos) << v.detail;
}

TEST(Credentials, RealRunPassesAndFailsOnceTheOfferPasswordIsCut) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/open-vs-open.yaml");
  ASSERT_EQ(b.judge(kCredentials).status, Status::Pass) << b.judge(kCredentials).detail;
  Json* offer_record = find_record(b, event_of("A", "offer-sent"));
  ASSERT_NE(offer_record, nullptr);
  std::string text = (*offer_record)["sdp"];
  const auto at = text.find("a=ice-pwd:") + 10;
  text.erase(at, 10);  // 24 characters -> 14
  (*offer_record)["sdp"] = text;
  Verdict v = b.judge(kCredentials);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("has 14 characters"), std::string::npos) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
