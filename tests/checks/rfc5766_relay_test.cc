// RFC5766-8-relay-needs-permission and RFC5766-5-no-relay-without-allocation.
#include <gtest/gtest.h>

#include "tests/checks/rfc5766_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kRelayNeedsPermission = "RFC5766-8-relay-needs-permission";
const char* kAllocation = "RFC5766-5-no-relay-without-allocation";

TEST(TurnRelayPermission, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kRelayNeedsPermission);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail,
            "1 ChannelData messages, 1 Data indications, 2 datagrams to peers relayed, each for a peer with a live "
            "permission");
}

TEST(TurnRelayPermission, SendRelayedWithoutCreatePermissionFails) {
  TurnTrace tt;
  tt.allocate_challenged(ms(0));
  tt.allocate(ms(10));
  tt.send_indication(ms(30));  // no CreatePermission before
  Verdict v = tt.judge(kRelayNeedsPermission);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "without a permission")) << v.detail;
  EXPECT_TRUE(mentions(v, "t=0.032000 s")) << v.detail;
  EXPECT_TRUE(mentions(v, "no CreatePermission or ChannelBind for 203.0.113.30 ever succeeded")) << v.detail;
}

TEST(TurnRelayPermission, DataIndicationAfterThePermissionExpiredFails) {
  TurnTrace tt;
  tt.allocate(ms(10));
  tt.create_permission(ms(20));                             // installed at 22 ms, expires at 300.022 s
  tt.data_indication(ms(20) + std::chrono::seconds(299));  // fine
  tt.data_indication(ms(25) + std::chrono::seconds(300));  // 300.027 s: expired
  Verdict v = tt.judge(kRelayNeedsPermission);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "Data Indication")) << v.detail;
  EXPECT_TRUE(mentions(v, "expired at 300.022000 s")) << v.detail;
}

TEST(TurnRelayPermission, PermissionIsForTheAddressNotThePort) {
  TurnTrace tt;
  tt.allocate(ms(10));
  tt.create_permission(ms(20));
  const Endpoint other_port = ep("203.0.113.30:9999");
  tt.relay_to_peer(ms(30), {}, &other_port);
  EXPECT_EQ(tt.judge(kRelayNeedsPermission).status, Status::Pass);
  const Endpoint other_host = ep("203.0.113.31:7000");
  tt.relay_to_peer(ms(40), {}, &other_host);
  EXPECT_EQ(tt.judge(kRelayNeedsPermission).status, Status::Fail);
}

TEST(TurnRelayPermission, NothingRelayedIsNotApplicable) {
  TurnTrace tt;
  tt.allocate(ms(10));
  EXPECT_EQ(tt.judge(kRelayNeedsPermission).status, Status::NotApplicable);
}

TEST(TurnRelayAllocation, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kAllocation);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
}

TEST(TurnRelayAllocation, RelayAfterRefreshLifetimeZeroFails) {
  TurnTrace tt;
  tt.allocate(ms(10));
  tt.create_permission(ms(20));
  stun::Message refresh = tt.signed_request(stun::Method::Refresh, 9);
  refresh.add(stun::Lifetime{0});
  tt.to_server(ms(24), TurnTrace::bytes(refresh, TurnTrace::key()));
  stun::Message ok = TurnTrace::answer(refresh, stun::Class::Success);
  ok.add(stun::Lifetime{0});
  tt.to_client(ms(26), TurnTrace::bytes(ok, TurnTrace::key()));
  tt.relay_to_peer(ms(30), {});
  Verdict v = tt.judge(kAllocation);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "deleted by the Refresh with LIFETIME 0")) << v.detail;
  EXPECT_TRUE(mentions(v, "t=0.030000 s")) << v.detail;
}

TEST(TurnRelayAllocation, RelayAfterTheLifetimeRanOutFails) {
  TurnTrace tt;
  tt.allocate(ms(10), 2, 600);  // granted at 12 ms: ends at 600.012 s
  tt.create_permission(ms(20));
  tt.data_indication(std::chrono::seconds(600) + ms(20));
  Verdict v = tt.judge(kAllocation);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "lifetime ran out at 600.012000 s")) << v.detail;
}

TEST(TurnRelayAllocation, TheServersDeletionEventEndsItToo) {
  TurnTrace tt;
  tt.allocate(ms(10));
  tt.create_permission(ms(20));
  tt.b.event(ms(25), "turn1", "allocation-deleted",
             {{"client", tt.client.to_string()}, {"relayed", tt.relayed.to_string()}, {"reason", "expired"}});
  tt.send_indication(ms(30));
  Verdict v = tt.judge(kAllocation);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "event allocation-deleted")) << v.detail;
}

TEST(TurnRelayAllocation, RelayFromAnAddressNeverAllocatedFails) {
  TurnTrace tt;
  tt.allocate(ms(10));
  tt.b.packet(ms(30), "turn1", "internet", ep("203.0.113.10:50002"), tt.peer, {});
  Verdict v = tt.judge(kAllocation);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "203.0.113.10:50002, which no Allocate success")) << v.detail;
}

// Real runs: B (symmetric NAT) reaches A's relayed candidate; A's relay
// sends checks and keepalives to B through permissions and a channel.
TEST(TurnRelayRealRun, PassesAndFailsOnceARelayedDatagramGoesElsewhere) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/examples/port-restricted-vs-symmetric-turn.yaml");
  ASSERT_EQ(b.judge(kRelayNeedsPermission).status, Status::Pass) << b.judge(kRelayNeedsPermission).detail;
  ASSERT_EQ(b.judge(kAllocation).status, Status::Pass) << b.judge(kAllocation).detail;
  // One datagram turn1 relays to a peer goes to an address nobody permitted.
  bool changed = false;
  for (auto& r : b.records()) {
    if (r["kind"] == "packet" && r["from"] == "turn1" && r["src"] != "203.0.113.10:3478") {
      r["dst"] = "198.51.100.77:4000";
      changed = true;
      break;
    }
  }
  ASSERT_TRUE(changed);
  Verdict v = b.judge(kRelayNeedsPermission);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "198.51.100.77:4000")) << v.detail;
}

TEST(TurnRelayRealRun, FailsOnceTheServerRelaysFromAnUnallocatedPort) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/examples/port-restricted-vs-symmetric-turn.yaml");
  bool changed = false;
  for (auto& r : b.records()) {
    if (r["kind"] == "packet" && r["from"] == "turn1" && r["src"] != "203.0.113.10:3478") {
      r["src"] = "203.0.113.10:1";
      changed = true;
      break;
    }
  }
  ASSERT_TRUE(changed);
  Verdict v = b.judge(kAllocation);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "203.0.113.10:1")) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
