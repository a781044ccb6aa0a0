// RFC5766-8-permission-lifetime and RFC5766-11-channel-lifetime.
#include <gtest/gtest.h>

#include "tests/checks/rfc5766_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kPermissionLifetime = "RFC5766-8-permission-lifetime";
const char* kChannel = "RFC5766-11-channel-lifetime";

Json& last_event(TraceBuilder& b, const std::string& name) {
  for (auto it = b.records().rbegin(); it != b.records().rend(); ++it)
    if ((*it)["kind"] == "agent" && (*it)["event"] == name) return *it;
  throw std::runtime_error("no event " + name);
}

TEST(TurnPermissionLifetime, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kPermissionLifetime);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(mentions(v, "2 permission installations")) << v.detail;
}

TEST(TurnPermissionLifetime, ExpiryExactly300SecondsAfterTheLastRefreshPasses) {
  TurnTrace tt;
  tt.b.scenario().duration = std::chrono::seconds(700);
  tt.allocate(ms(10));
  tt.create_permission(ms(20));                               // until 300.022 s
  tt.create_permission(std::chrono::seconds(200), 7);         // refreshed: until 500.002 s
  tt.b.event(std::chrono::seconds(500) + ms(2), "turn1", "permission-expired",
             {{"relayed", tt.relayed.to_string()}, {"peer", tt.peer.address.to_string()}});
  Verdict v = tt.judge(kPermissionLifetime);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(mentions(v, "1 expiries")) << v.detail;
}

TEST(TurnPermissionLifetime, ExpiringBeforeTheRefreshedLifetimeFails) {
  TurnTrace tt;
  tt.b.scenario().duration = std::chrono::seconds(700);
  tt.allocate(ms(10));
  tt.create_permission(ms(20));
  tt.create_permission(std::chrono::seconds(200), 7);
  // 300 s after the first installation: the refresh was ignored.
  tt.b.event(std::chrono::seconds(300) + ms(22), "turn1", "permission-expired",
             {{"relayed", tt.relayed.to_string()}, {"peer", tt.peer.address.to_string()}});
  Verdict v = tt.judge(kPermissionLifetime);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "early, at 300.022000 s instead of 500.002000 s")) << v.detail;
}

TEST(TurnPermissionLifetime, ExpiringOneSecondLateFails) {
  TurnTrace tt;
  tt.b.scenario().duration = std::chrono::seconds(700);
  tt.allocate(ms(10));
  tt.create_permission(ms(20));
  tt.b.event(std::chrono::seconds(301) + ms(22), "turn1", "permission-expired",
             {{"relayed", tt.relayed.to_string()}, {"peer", tt.peer.address.to_string()}});
  Verdict v = tt.judge(kPermissionLifetime);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "late")) << v.detail;
}

TEST(TurnPermissionLifetime, NeverExpiringWithinTheRunFails) {
  TurnTrace tt;
  tt.b.scenario().duration = std::chrono::seconds(400);
  tt.allocate(ms(10));
  tt.create_permission(ms(20));
  Verdict v = tt.judge(kPermissionLifetime);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "kept the permission for 203.0.113.30")) << v.detail;
  // Unless the allocation went first, taking its permissions with it.
  tt.b.event(std::chrono::seconds(100), "turn1", "allocation-deleted",
             {{"client", tt.client.to_string()}, {"relayed", tt.relayed.to_string()}, {"reason", "expired"}});
  EXPECT_EQ(tt.judge(kPermissionLifetime).status, Status::Pass);
}

TEST(TurnPermissionLifetime, ALifetimeOtherThan300SecondsFails) {
  TurnTrace tt;
  tt.good();
  Json& e = last_event(tt.b, "permission-installed");
  e["expiry_ns"] = e["t_ns"].get<std::int64_t>() + std::chrono::nanoseconds(std::chrono::seconds(299)).count();
  Verdict v = tt.judge(kPermissionLifetime);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "lifetime of 299 s, not 300 s")) << v.detail;
}

TEST(TurnPermissionLifetime, APermissionNoRequestInstalledFails) {
  TurnTrace tt;
  tt.allocate(ms(10));
  tt.permission_installed(ms(40));
  Verdict v = tt.judge(kPermissionLifetime);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "no CreatePermission or ChannelBind success on the wire")) << v.detail;
}

TEST(TurnPermissionLifetime, NoPermissionIsNotApplicable) {
  TurnTrace tt;
  tt.allocate(ms(10));
  EXPECT_EQ(tt.judge(kPermissionLifetime).status, Status::NotApplicable);
}

TEST(TurnChannelLifetime, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kChannel);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(mentions(v, "1 ChannelData frames from servers")) << v.detail;
}

TEST(TurnChannelLifetime, ABindingOtherThan600SecondsFails) {
  TurnTrace tt;
  tt.good();
  Json& e = last_event(tt.b, "channel-installed");
  e["expiry_ns"] = e["t_ns"].get<std::int64_t>() + std::chrono::nanoseconds(std::chrono::seconds(300)).count();
  Verdict v = tt.judge(kChannel);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "for 300 s, not 600 s")) << v.detail;
}

TEST(TurnChannelLifetime, UnbindingEarlyFails) {
  TurnTrace tt;
  tt.good();
  tt.b.event(std::chrono::seconds(10), "turn1", "channel-expired",
             {{"relayed", tt.relayed.to_string()}, {"channel", 0x4000}, {"peer", tt.peer.to_string()}});
  Verdict v = tt.judge(kChannel);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "early, at 10.000000 s instead of 600.052000 s")) << v.detail;
}

TEST(TurnChannelLifetime, ChannelDataFromTheServerOnAnUnboundChannelFails) {
  TurnTrace tt;
  tt.good();
  tt.channel_data_down(ms(80), 0x4001);
  Verdict v = tt.judge(kChannel);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "channel 0x4001")) << v.detail;
  EXPECT_TRUE(mentions(v, "no ChannelBind for it ever succeeded")) << v.detail;
}

TEST(TurnChannelLifetime, ChannelDataFromTheServerAfter600SecondsFails) {
  TurnTrace tt;
  tt.allocate(ms(10), 2, 3600);
  tt.channel_bind(ms(50));  // bound at 52 ms
  tt.create_permission(std::chrono::seconds(290), 7);
  tt.create_permission(std::chrono::seconds(580), 8);
  tt.channel_data_down(std::chrono::seconds(600) + ms(50));  // 600.052 s: still bound
  EXPECT_EQ(tt.judge(kChannel).status, Status::Pass) << tt.judge(kChannel).detail;
  tt.channel_data_down(std::chrono::seconds(600) + ms(60));  // 600.062 s: unbound
  Verdict v = tt.judge(kChannel);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "expired at 600.052000 s")) << v.detail;
}

TEST(TurnChannelLifetime, NoChannelIsNotApplicable) {
  TurnTrace tt;
  tt.allocate(ms(10));
  tt.create_permission(ms(20));
  EXPECT_EQ(tt.judge(kChannel).status, Status::NotApplicable);
}

TEST(TurnLifetimeRealRun, PassesAndFailsOnceAnEventsExpiryIsOff) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/examples/port-restricted-vs-symmetric-turn.yaml");
  ASSERT_EQ(b.judge(kPermissionLifetime).status, Status::Pass) << b.judge(kPermissionLifetime).detail;
  ASSERT_EQ(b.judge(kChannel).status, Status::Pass) << b.judge(kChannel).detail;
  bool perm = false, chan = false;
  for (auto& r : b.records()) {
    if (r["kind"] != "agent") continue;
    if (!perm && r["event"] == "permission-installed") {
      r["expiry_ns"] = r["expiry_ns"].get<std::int64_t>() + 1'000'000'000;
      perm = true;
    } else if (!chan && r["event"] == "channel-installed") {
      r["expiry_ns"] = r["expiry_ns"].get<std::int64_t>() - 1;
      chan = true;
    }
  }
  ASSERT_TRUE(perm);
  ASSERT_TRUE(chan) << "A's selected pair is relayed: its channel is bound";
  EXPECT_EQ(b.judge(kPermissionLifetime).status, Status::Fail);
  EXPECT_EQ(b.judge(kChannel).status, Status::Fail);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
