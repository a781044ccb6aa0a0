// RFC5766-7-refresh-before-expiry and RFC5766-7.2-lifetime-zero-deletes.
#include <gtest/gtest.h>

#include "tests/checks/rfc5766_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kRefresh = "RFC5766-7-refresh-before-expiry";
const char* kZero = "RFC5766-7.2-lifetime-zero-deletes";

// A Refresh from the client at `t` asking for `lifetime_s`, answered with
// success 2 ms later (and, for LIFETIME 0, the server's deletion event).
void refresh(TurnTrace& tt, Time t, std::uint8_t id, std::uint32_t lifetime_s, bool deleted_event = true) {
  stun::Message req = tt.signed_request(stun::Method::Refresh, id);
  req.add(stun::Lifetime{lifetime_s});
  tt.to_server(t, TurnTrace::bytes(req, TurnTrace::key()));
  stun::Message ok = TurnTrace::answer(req, stun::Class::Success);
  ok.add(stun::Lifetime{lifetime_s});
  tt.to_client(t + ms(2), TurnTrace::bytes(ok, TurnTrace::key()));
  if (lifetime_s == 0 && deleted_event) {
    tt.b.event(t + ms(2), "turn1", "allocation-deleted",
               {{"client", tt.client.to_string()}, {"relayed", tt.relayed.to_string()}, {"reason", "refresh-lifetime-0"}});
  }
}

// A request on the client's 5-tuple after the deletion, answered with `code` (0: success).
void later_request(TurnTrace& tt, Time t, std::uint8_t id, int code) {
  stun::Message req = tt.signed_request(stun::Method::CreatePermission, id);
  req.add(stun::XorPeerAddress{tt.peer});
  tt.to_server(t, TurnTrace::bytes(req, TurnTrace::key()));
  stun::Message answer = TurnTrace::answer(req, code ? stun::Class::Error : stun::Class::Success);
  if (code) answer.add(stun::ErrorCode{code, "Allocation Mismatch"});
  tt.to_client(t + ms(2), TurnTrace::bytes(answer, TurnTrace::key()));
}

TurnTrace long_run() {
  TurnTrace tt;
  tt.b.scenario().duration = std::chrono::seconds(1000);
  tt.allocate(ms(10));  // granted at 12 ms, LIFETIME 600: ends at 600.012 s
  return tt;
}

TEST(TurnRefreshBeforeExpiry, RefreshingInTimePasses) {
  TurnTrace tt = long_run();
  refresh(tt, std::chrono::seconds(540), 9, 600);  // then until 1140.002 s, past the run
  Verdict v = tt.judge(kRefresh);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail,
            "1 allocation lifetimes, each followed by a Refresh before it ran out (1 refreshed, 0 deallocated with "
            "LIFETIME 0; 1 still running at the end)");
}

TEST(TurnRefreshBeforeExpiry, NoRefreshFails) {
  TurnTrace tt = long_run();
  Verdict v = tt.judge(kRefresh);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "ran out at 600.012000 s without a Refresh")) << v.detail;
}

TEST(TurnRefreshBeforeExpiry, ARefreshTooLateFails) {
  TurnTrace tt = long_run();
  refresh(tt, std::chrono::seconds(600) + ms(12), 9, 600);  // the instant it ran out
  EXPECT_EQ(tt.judge(kRefresh).status, Status::Fail);
}

TEST(TurnRefreshBeforeExpiry, TheRefreshedLifetimeMustBeRefreshedAgain) {
  TurnTrace tt = long_run();
  refresh(tt, std::chrono::seconds(300), 9, 600);  // until 900.002 s, within the run
  Verdict v = tt.judge(kRefresh);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "ran out at 900.002000 s")) << v.detail;
}

TEST(TurnRefreshBeforeExpiry, DeallocatingCounts) {
  TurnTrace tt = long_run();
  refresh(tt, std::chrono::seconds(100), 9, 0);
  EXPECT_TRUE(mentions(tt.judge(kRefresh), "(0 refreshed, 1 deallocated with LIFETIME 0")) << tt.judge(kRefresh).detail;
}

TEST(TurnRefreshBeforeExpiry, ARunEndingFirstIsNotApplicable) {
  TurnTrace tt;
  tt.good();  // 30 s run, 600 s lifetime
  Verdict v = tt.judge(kRefresh);
  EXPECT_EQ(v.status, Status::NotApplicable) << v.detail;
  EXPECT_EQ(v.detail, "1 allocation lifetimes, none ending before the run");
}

TEST(TurnLifetimeZero, DeletionReportedAndLaterRequestsRefusedPasses) {
  TurnTrace tt;
  tt.allocate(ms(10));
  refresh(tt, ms(100), 9, 0);
  later_request(tt, ms(200), 10, 437);
  Verdict v = tt.judge(kZero);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail,
            "1 allocations deleted by a Refresh with LIFETIME 0, each reported at once; 1 later requests on those "
            "5-tuples refused");
}

TEST(TurnLifetimeZero, ALaterRequestSucceedingFails) {
  TurnTrace tt;
  tt.allocate(ms(10));
  refresh(tt, ms(100), 9, 0);
  later_request(tt, ms(200), 10, 0);
  Verdict v = tt.judge(kZero);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "answered success, not 437")) << v.detail;
  EXPECT_TRUE(mentions(v, "t=0.202000 s")) << v.detail;
}

TEST(TurnLifetimeZero, ANewAllocationOnTheTupleMayBeUsed) {
  TurnTrace tt;
  tt.allocate(ms(10));
  refresh(tt, ms(100), 9, 0);
  tt.allocate(ms(150), 11);
  later_request(tt, ms(200), 10, 0);
  EXPECT_EQ(tt.judge(kZero).status, Status::Pass) << tt.judge(kZero).detail;
}

TEST(TurnLifetimeZero, NoDeletionEventFails) {
  TurnTrace tt;
  tt.allocate(ms(10));
  refresh(tt, ms(100), 9, 0, false);
  Verdict v = tt.judge(kZero);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "reported no allocation-deleted (refresh-lifetime-0)")) << v.detail;
}

TEST(TurnLifetimeZero, NoDeallocationIsNotApplicable) {
  TurnTrace tt;
  EXPECT_EQ(tt.good().judge(kZero).status, Status::NotApplicable);
}

// B's allocation is unused and freed three seconds after completion.
TEST(TurnRefreshRealRun, TheFreedAllocationIsDeletedAndFailsOnceTheEventGoes) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/port-restricted-vs-symmetric.yaml");
  Verdict v = b.judge(kZero);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  auto& records = b.records();
  const auto before = records.size();
  std::erase_if(records, [](const Json& r) { return r["kind"] == "agent" && r["event"] == "allocation-deleted"; });
  ASSERT_LT(records.size(), before);
  EXPECT_EQ(b.judge(kZero).status, Status::Fail);
}

// 21 minutes of a relayed call: A's client refreshes its allocation twice.
TEST(TurnRefreshRealRun, ALongCallRefreshesAndFailsOnceTheRefreshesGo) {
  TraceBuilder b = TraceBuilder::from_run("tests/checks/data/rfc5766-long-relayed-call.yaml");
  Verdict v = b.judge(kRefresh);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  // A: 0.05 s -> 600 s, refreshed at 540 s -> 1140 s, refreshed at 1080 s
  // -> 1680 s, past the run; B's allocation, freed three seconds after
  // completion, was deallocated within its first lifetime.
  EXPECT_TRUE(mentions(v, "(2 refreshed, 1 deallocated with LIFETIME 0; 1 still running at the end)")) << v.detail;
  // A's Refresh requests as they leave alice-pc never happened.
  std::erase_if(b.records(), [](const Json& r) {
    return r["kind"] == "packet" && r["from"] == "alice-pc" && r.value("summary", "").rfind("Refresh Request", 0) == 0;
  });
  v = b.judge(kRefresh);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
