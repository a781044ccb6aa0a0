#include <gtest/gtest.h>

#include "tests/checks/rfc5245_cand_test.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kGathered = "RFC5245-4.1.2.1-candidate-priority";
const char* kSdpPriorityCheck = "RFC5245-4.1.2.1-sdp-candidate-priority";

TraceBuilder a_gathers(const std::vector<Json>& candidates) {
  TraceBuilder b;
  for (const Json& c : candidates) gathered(b, ms(10), "A", c);
  return b;
}

TEST(CandidatePriority, RecommendedTypePreferencesPass) {
  Verdict v = a_gathers({a_host(), a_host(2), a_srflx(), a_relay()}).judge(kGathered);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: 4 candidates (host 2, relay 1, srflx 1), local preference 65535");
}

TEST(CandidatePriority, PeerReflexiveTakesTypePreference110) {
  Json prflx = candidate("4", 1, prio(ice::CandidateType::PeerReflexive), "198.51.100.1:40003", "prflx",
                         "192.168.1.10:40000", std::string("192.168.1.10:40000"));
  EXPECT_EQ(a_gathers({a_host(), prflx}).judge(kGathered).status, Status::Pass);
  prflx["priority"] = prio(ice::CandidateType::ServerReflexive);
  Verdict v = a_gathers({a_host(), prflx}).judge(kGathered);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("type preference 100"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("recommended 110"), std::string::npos) << v.detail;
}

TEST(CandidatePriority, SwappedTypePreferencesFail) {
  // A relayed candidate ranked like a server-reflexive one.
  Json relay = a_relay();
  relay["priority"] = prio(ice::CandidateType::ServerReflexive);
  Verdict v = a_gathers({a_host(), relay}).judge(kGathered);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("relay 203.0.113.10:50000"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("trace line 2"), std::string::npos) << v.detail;
}

TEST(CandidatePriority, ComponentNotInTheLastByteFails) {
  Json rtcp = a_host(2);
  rtcp["priority"] = prio(ice::CandidateType::Host, 1);  // component 1's value on component 2
  Verdict v = a_gathers({a_host(), rtcp}).judge(kGathered);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("256 - component ID is 254"), std::string::npos) << v.detail;
}

TEST(CandidatePriority, OtherLocalPreferencesAreTheAgentsChoice) {
  Json host = a_host();
  host["priority"] = ice::candidate_priority(ice::CandidateType::Host, 1, 40000);
  Verdict v = a_gathers({host}).judge(kGathered);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_NE(v.detail.find("local preference 40000"), std::string::npos) << v.detail;
}

TEST(CandidatePriority, AboveTwoToThe31Fails) {
  Json host = a_host();
  host["priority"] = ice::candidate_priority(128, 65535, 1);
  Verdict v = a_gathers({host}).judge(kGathered);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("outside 1..2^31-1"), std::string::npos) << v.detail;
}

TEST(CandidatePriority, NothingGatheredIsNotApplicable) {
  TraceBuilder b;
  EXPECT_EQ(b.judge(kGathered).status, Status::NotApplicable);
  EXPECT_EQ(b.judge(kSdpPriorityCheck).status, Status::NotApplicable);
}

TEST(SdpCandidatePriority, OfferWithRecommendedPrioritiesPasses) {
  TraceBuilder b;
  signal(b, ms(50), "A", "offer-sent", sdp({a_host(), a_srflx(), a_relay()}));
  Verdict v = b.judge(kSdpPriorityCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A offer-sent: 3 candidates, local preference 65535");
}

TEST(SdpCandidatePriority, WrongPriorityInTheAnswerFails) {
  TraceBuilder b;
  Json host = b_host();
  host["priority"] = prio(ice::CandidateType::Relayed);
  signal(b, ms(50), "A", "offer-sent", sdp({a_host()}));
  signal(b, ms(100), "B", "answer-sent", sdp({host}));
  Verdict v = b.judge(kSdpPriorityCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("B: answer-sent carries host 203.0.113.20:40010"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("recommended 126"), std::string::npos) << v.detail;
}

TEST(SdpCandidatePriority, UnparsableCandidateLineFails) {
  TraceBuilder b;
  signal(b, ms(50), "A", "offer-sent", sdp({a_host()}) + "a=candidate:1 1 UDP 12 192.168.1.10 typ host\r\n");
  Verdict v = b.judge(kSdpPriorityCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("does not parse"), std::string::npos) << v.detail;
}

TEST(CandidatePriority, RealRunPassesAndFailsOnceOneGatheredPriorityIsChanged) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/symmetric-vs-symmetric.yaml");
  Verdict v = b.judge(kGathered);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_NE(v.detail.find("prflx 1"), std::string::npos) << v.detail;
  ASSERT_EQ(b.judge(kSdpPriorityCheck).status, Status::Pass) << b.judge(kSdpPriorityCheck).detail;
  // B's relayed candidate with host type preference (126 instead of 0).
  Json* relay = find_record(b, [](const Json& r) {
    return r.value("event", "") == "candidate-gathered" && r.value("agent", "") == "B" &&
           r["candidate"].value("type", "") == "relay";
  });
  ASSERT_NE(relay, nullptr);
  (*relay)["candidate"]["priority"] = (*relay)["candidate"]["priority"].get<std::uint32_t>() + (126u << 24);
  v = b.judge(kGathered);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("B: gathered relay"), std::string::npos) << v.detail;
}

TEST(SdpCandidatePriority, RealRunFailsOnceTheOfferedSrflxPriorityIsChanged) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/symmetric-vs-symmetric.yaml");
  Json* offer = find_record(b, event_of("A", "offer-sent"));
  ASSERT_NE(offer, nullptr);
  std::string text = (*offer)["sdp"];
  const auto at = text.find("1694498815");  // A's srflx: 100 << 24 | 65535 << 8 | 255
  ASSERT_NE(at, std::string::npos) << text;
  text.replace(at, 10, "1694498814");
  (*offer)["sdp"] = text;
  Verdict v = b.judge(kSdpPriorityCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("last byte 254, but 256 - component ID is 255"), std::string::npos) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
