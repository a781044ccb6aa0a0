// RFC4787-4.3-mapping-timeout.
#include <gtest/gtest.h>

#include "tests/checks/rfc4787_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kTimeoutCheck = "RFC4787-4.3-mapping-timeout";

// Alice's mapping made at 1 s and refreshed by an outbound packet at 50 s:
// with the default 120 s timer it runs out at 170 s.
NatTrace refreshed_at_50s() {
  NatTrace n;
  n.b.scenario().duration = std::chrono::seconds(300);
  n.out(sec(1), kAlice, kBob, kExternal, true);
  n.out(sec(50), kAlice, kBob, kExternal);
  return n;
}

TEST(NatMappingTimeout, ExpiryOneTimerAfterTheLastRefreshPasses) {
  NatTrace n = refreshed_at_50s();
  n.expired(sec(170), kAlice, kExternal);
  Verdict v = n.judge(kTimeoutCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "nat-a: 1 mappings, 1 expired exactly 120 s after their last refresh");
}

TEST(NatMappingTimeout, ExpiringFromCreationNotTheLastRefreshFails) {
  NatTrace n = refreshed_at_50s();
  n.expired(sec(121), kAlice, kExternal);
  Verdict v = n.judge(kTimeoutCheck);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "early at 121.000000 s: last refreshed at 50.000000 s")) << v.detail;
  EXPECT_TRUE(says(v, "runs out at 170.000000 s")) << v.detail;
}

TEST(NatMappingTimeout, ExpiringLateFails) {
  NatTrace n = refreshed_at_50s();
  n.expired(sec(171), kAlice, kExternal);
  EXPECT_TRUE(says(n.judge(kTimeoutCheck), "late at 171.000000 s"));
}

TEST(NatMappingTimeout, NeverExpiringFails) {
  NatTrace n = refreshed_at_50s();
  Verdict v = n.judge(kTimeoutCheck);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "kept the mapping 192.168.1.10:40000 -> 198.51.100.1:40000 past 170.000000 s")) << v.detail;
}

TEST(NatMappingTimeout, InboundPacketsRefreshOnlyWhenConfigured) {
  NatTrace n = refreshed_at_50s();
  n.in(sec(100), kBob, kExternal, kAlice);
  n.expired(sec(170), kAlice, kExternal);
  EXPECT_EQ(n.judge(kTimeoutCheck).status, Status::Pass) << n.judge(kTimeoutCheck).detail;
  n.config().refresh_on_inbound = true;  // RFC 4787 REQ-6a: then it runs out at 220 s
  EXPECT_TRUE(says(n.judge(kTimeoutCheck), "early at 170.000000 s"));
}

TEST(NatMappingTimeout, AConfiguredShortTimerIsHonouredAndNoted) {
  NatTrace n = refreshed_at_50s();
  n.config().mapping_timeout = std::chrono::seconds(30);
  n.expired(sec(80), kAlice, kExternal);
  Verdict v = n.judge(kTimeoutCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(says(v, "(configured below RFC 4787 REQ-5's 2 minutes)")) << v.detail;
}

TEST(NatMappingTimeout, TheDefaultTimerMeetsReq5) {
  // RFC 4787 REQ-5: "MUST NOT expire in less than two minutes".
  EXPECT_GE(nat::Config{}.mapping_timeout, std::chrono::minutes(2));
  NatTrace n;
  EXPECT_GE(n.config().mapping_timeout, std::chrono::minutes(2));
}

TEST(NatMappingTimeout, NoMappingIsNotApplicable) {
  NatTrace n;
  EXPECT_EQ(n.judge(kTimeoutCheck).status, Status::NotApplicable);
}

// 21 minutes: nat-b's mappings toward turn1 and toward A's candidates go idle and expire.
TEST(NatMappingTimeoutRealRun, ALongCallPassesAndFailsOnceAnExpiryMoves) {
  TraceBuilder b = TraceBuilder::from_run("tests/checks/data/rfc5766-long-relayed-call.yaml");
  Verdict v = b.judge(kTimeoutCheck);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  Json* expiry = nullptr;
  for (auto& r : b.records())
    if (r["kind"] == "nat" && r["action"] == "mapping-expired") {
      expiry = &r;
      break;
    }
  ASSERT_NE(expiry, nullptr) << v.detail;
  (*expiry)["t_ns"] = (*expiry)["t_ns"].get<std::int64_t>() - 1'000'000'000;
  v = b.judge(kTimeoutCheck);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(says(v, "early")) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
