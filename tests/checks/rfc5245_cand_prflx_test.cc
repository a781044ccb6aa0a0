#include <gtest/gtest.h>

#include "tests/checks/rfc5245_cand_test.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kPrflxCheck = "RFC5245-7.2.1.3-prflx-remote-priority";

const std::uint32_t kPeerPriority = prio(ice::CandidateType::PeerReflexive);

Json learned(std::uint32_t priority = kPeerPriority, const std::string& foundation = "prflx1", int component = 1) {
  return candidate(foundation, component, priority, "198.51.100.1:40007", "prflx", "198.51.100.1:40007");
}

// B gathers its host, gets A's offer, then a check from A's NAT mapping
// 198.51.100.1:40007 (not in the offer) arrives and B learns it.
TraceBuilder b_learns(const Json& candidate_learned = learned(), std::uint32_t check_priority = kPeerPriority) {
  TraceBuilder b;
  gathered(b, ms(0), "B", b_host());
  signal(b, ms(90), "B", "offer-received", sdp({a_host(), a_srflx()}));
  b.stun(ms(150), "internet", "bob-pc", ep("198.51.100.1:40007"), ep("203.0.113.20:40010"),
         ice_check(1, check_priority));
  b.event(ms(151), "B", "remote-candidate-learned", {{"candidate", candidate_learned}});
  return b;
}

TEST(PrflxRemotePriority, PriorityOfTheCheckPasses) {
  Verdict v = b_learns().judge(kPrflxCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "B: 1 peer-reflexive remote candidates");
}

TEST(PrflxRemotePriority, AnotherPriorityFails) {
  Verdict v = b_learns(learned(prio(ice::CandidateType::ServerReflexive))).judge(kPrflxCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("carried PRIORITY 1862270975"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("trace line 4"), std::string::npos) << v.detail;
}

TEST(PrflxRemotePriority, NoCheckFromThatAddressFails) {
  Json c = learned();
  c["address"] = "198.51.100.1:40008";
  Verdict v = b_learns(c).judge(kPrflxCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("no check from 198.51.100.1:40008"), std::string::npos) << v.detail;
}

TEST(PrflxRemotePriority, WrongComponentFails) {
  EXPECT_EQ(b_learns(learned(kPeerPriority, "prflx1", 2)).judge(kPrflxCheck).status, Status::Fail);
}

TEST(PrflxRemotePriority, AFoundationOfAnotherRemoteCandidateFails) {
  Verdict v = b_learns(learned(kPeerPriority, "2")).judge(kPrflxCheck);  // A's srflx in the offer has foundation 2
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("whose foundation is that of remote srflx 198.51.100.1:40000"), std::string::npos)
      << v.detail;
}

TEST(PrflxRemotePriority, NotPeerReflexiveFails) {
  Json c = learned();
  c["type"] = "srflx";
  EXPECT_EQ(b_learns(c).judge(kPrflxCheck).status, Status::Fail);
}

TEST(PrflxRemotePriority, NothingLearnedIsNotApplicable) {
  TraceBuilder b;
  EXPECT_EQ(b.judge(kPrflxCheck).status, Status::NotApplicable);
}

TEST(PrflxRemotePriority, RealRunPassesAndFailsOnceTheLearnedPriorityIsTheHostOne) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/symmetric-vs-symmetric.yaml");
  Verdict v = b.judge(kPrflxCheck);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: 1 peer-reflexive remote candidates; B: 1 peer-reflexive remote candidates");
  Json* l = find_record(b, event_of("A", "remote-candidate-learned"));
  ASSERT_NE(l, nullptr);
  (*l)["candidate"]["priority"] = prio(ice::CandidateType::Host);
  v = b.judge(kPrflxCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("A: learned remote prflx"), std::string::npos) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
