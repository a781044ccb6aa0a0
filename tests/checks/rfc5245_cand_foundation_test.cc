#include <gtest/gtest.h>

#include "tests/checks/rfc5245_cand_test.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kFoundationCheck = "RFC5245-4.1.1.3-foundation";

// A's two components gather host and srflx candidates; the Binding successes
// from turn1 on the wire say which server each srflx address came from.
TraceBuilder two_components() {
  TraceBuilder b;
  gathered(b, ms(0), "A", a_host(1));
  gathered(b, ms(0), "A", a_host(2));
  b.stun(ms(20), "nat-a", "alice-pc", ep("203.0.113.10:3478"), ep("192.168.1.10:40000"),
         binding_success(1, ep("198.51.100.1:40000")));
  gathered(b, ms(21), "A", a_srflx(1));
  b.stun(ms(40), "nat-a", "alice-pc", ep("203.0.113.10:3478"), ep("192.168.1.10:40001"),
         binding_success(2, ep("198.51.100.1:40001")));
  gathered(b, ms(41), "A", a_srflx(2));
  return b;
}

TEST(Foundation, SameTypeBaseIpAndServerShareOneFoundationAcrossComponents) {
  Verdict v = two_components().judge(kFoundationCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: 4 candidates, 2 foundations");
}

TEST(Foundation, SrflxSharingTheHostFoundationFails) {
  TraceBuilder b = two_components();
  Json srflx = a_srflx(1);
  srflx["foundation"] = "1";
  b.records()[3]["candidate"] = srflx;
  Verdict v = b.judge(kFoundationCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("share foundation 1"), std::string::npos) << v.detail;
}

TEST(Foundation, SameKeyWithDifferentFoundationsFails) {
  TraceBuilder b = two_components();
  Json srflx = a_srflx(2);
  srflx["foundation"] = "7";
  b.records()[5]["candidate"] = srflx;
  Verdict v = b.judge(kFoundationCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("same type, base IP, transport and server but different foundations"), std::string::npos)
      << v.detail;
  EXPECT_NE(v.detail.find("server 203.0.113.10"), std::string::npos) << v.detail;
}

TEST(Foundation, DifferentStunServersNeedDifferentFoundations) {
  TraceBuilder b;
  b.scenario().servers.push_back(b.scenario().servers.front());
  b.scenario().servers.back().name = "stun2";
  b.scenario().servers.back().address = IpAddress::parse("203.0.113.11").value();
  b.scenario().servers.back().turn.reset();
  gathered(b, ms(0), "A", a_host(1));
  gathered(b, ms(0), "A", a_host(2));
  b.stun(ms(20), "nat-a", "alice-pc", ep("203.0.113.10:3478"), ep("192.168.1.10:40000"),
         binding_success(1, ep("198.51.100.1:40000")));
  gathered(b, ms(21), "A", a_srflx(1));
  b.stun(ms(40), "nat-a", "alice-pc", ep("203.0.113.11:3478"), ep("192.168.1.10:40001"),
         binding_success(2, ep("198.51.100.1:40001")));
  gathered(b, ms(41), "A", a_srflx(2));
  Verdict v = b.judge(kFoundationCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("server 203.0.113.11"), std::string::npos) << v.detail;
  Json srflx = a_srflx(2);
  srflx["foundation"] = "4";
  b.records().back()["candidate"] = srflx;
  v = b.judge(kFoundationCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
}

TEST(Foundation, UnknownServerNeitherForcesNorForbidsEquality) {
  TraceBuilder b;
  gathered(b, ms(0), "A", a_host(1));
  gathered(b, ms(0), "A", a_host(2));
  gathered(b, ms(21), "A", a_srflx(1));
  Json srflx = a_srflx(2);
  srflx["foundation"] = "9";
  gathered(b, ms(41), "A", srflx);
  EXPECT_EQ(b.judge(kFoundationCheck).status, Status::Pass);
}

TEST(Foundation, NothingGatheredIsNotApplicable) {
  TraceBuilder b;
  EXPECT_EQ(b.judge(kFoundationCheck).status, Status::NotApplicable);
}

TEST(Foundation, RealRunPassesAndFailsOnceThePeerReflexiveCandidateTakesTheRelayFoundation) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/symmetric-vs-symmetric.yaml");
  Verdict v = b.judge(kFoundationCheck);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: 4 candidates, 4 foundations; B: 4 candidates, 4 foundations");
  Json* prflx = find_record(b, [](const Json& r) {
    return r.value("event", "") == "candidate-gathered" && r.value("agent", "") == "A" &&
           r["candidate"].value("type", "") == "prflx";
  });
  ASSERT_NE(prflx, nullptr);
  (*prflx)["candidate"]["foundation"] = "3";
  v = b.judge(kFoundationCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("share foundation 3"), std::string::npos) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
