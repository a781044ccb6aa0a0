#include <gtest/gtest.h>

#include "agents/stun/attributes.h"
#include "tests/checks/trace_builder.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kPacingCheck = "RFC5245-16-pacing";

stun::Message check(std::uint8_t n) {
  stun::Message m;
  m.transaction_id = tid(n);
  m.add(stun::Username{"bbbb:aaaa"}).add(stun::Priority{1845501695}).add(stun::IceControlling{42});
  return m;
}

// A sends checks from its host socket at the given times (ms); a repeated
// transaction number is a retransmission.
TraceBuilder a_checks(const std::vector<std::pair<double, std::uint8_t>>& sends) {
  TraceBuilder b;
  b.host_candidate(Time{0}, "A", ep("192.168.1.10:40000"));
  for (auto [t, n] : sends) {
    b.stun(ms(t), "alice-pc", "nat-a", ep("192.168.1.10:40000"), ep("203.0.113.20:40010"), check(n));
  }
  return b;
}

TEST(Pacing, ChecksTaApartPass) {
  Verdict v = a_checks({{100, 1}, {120, 2}, {140, 3}}).judge(kPacingCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: 3 checks, min interval 20.000 ms >= Ta 20.000 ms");
}

TEST(Pacing, TwoChecksCloserThanTaFailNamingBoth) {
  Verdict v = a_checks({{100, 1}, {120, 2}, {125, 3}}).judge(kPacingCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("5.000 ms apart"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("tid=020202020202020202020202"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("tid=030303030303030303030303"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("t=0.120000 s"), std::string::npos) << v.detail;
}

TEST(Pacing, RetransmissionsFollowTheRtoNotTa) {
  Verdict v = a_checks({{100, 1}, {120, 2}, {125, 1}, {140, 3}}).judge(kPacingCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
}

TEST(Pacing, ConfiguredTaBelowTheFloorStillJudgedAgainstTheFloor) {
  TraceBuilder b = a_checks({{100, 1}, {110, 2}});
  b.scenario().agents[0].ta = std::chrono::milliseconds(5);
  b.scenario().agents[0].violate_ta_floor = true;
  EXPECT_EQ(b.judge(kPacingCheck).status, Status::Fail);
  b.scenario().agents[0].rfc = sim::IceProfile::Rfc8445;  // floor 5 ms
  EXPECT_EQ(b.judge(kPacingCheck).status, Status::Pass);
}

TEST(Pacing, RelayedChecksCountToo) {
  TraceBuilder b = a_checks({{100, 1}});
  stun::Message send;
  send.cls = stun::Class::Indication;
  send.method = static_cast<std::uint16_t>(stun::Method::Send);
  send.transaction_id = tid(9);
  send.add(stun::XorPeerAddress{ep("203.0.113.20:40010")});
  send.add(stun::DataAttr{stun::encode(check(2), stun::EncodeOptions{std::nullopt, true})});
  b.stun(ms(110), "alice-pc", "nat-a", ep("192.168.1.10:40000"), ep("203.0.113.10:3478"), send);
  Verdict v = b.judge(kPacingCheck);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_NE(v.detail.find("in a Send indication"), std::string::npos) << v.detail;
}

TEST(Pacing, NoChecksIsNotApplicable) {
  TraceBuilder b;
  EXPECT_EQ(b.judge(kPacingCheck).status, Status::NotApplicable);
}

}  // namespace
}  // namespace natlab::reports::checks::testing

namespace natlab::reports::checks::testing {
namespace {

TEST(Pacing, RealRunPassesAndFailsOnceTwoChecksAreMovedTogether) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/port-restricted-vs-symmetric.yaml");
  Verdict v = b.judge(kPacingCheck);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  // Move A's second connectivity check (a packet leaving alice-pc) 10 ms earlier.
  int seen = 0;
  for (auto& r : b.records()) {
    if (r["kind"] == "packet" && r["from"] == "alice-pc" && r.value("summary", "").find("PRIORITY") != std::string::npos &&
        ++seen == 2) {
      r["t_ns"] = r["t_ns"].get<std::int64_t>() - 10'000'000;
      break;
    }
  }
  ASSERT_EQ(seen, 2);
  EXPECT_EQ(b.judge(kPacingCheck).status, Status::Fail);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
