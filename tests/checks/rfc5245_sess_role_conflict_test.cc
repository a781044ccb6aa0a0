#include <gtest/gtest.h>

#include "tests/checks/rfc5245_sess_fixture.h"

namespace natlab::reports::checks::testing::sess {
namespace {

const char* k487 = "RFC5245-7.2.1.1-role-conflict";
const char* kRetry = "RFC5245-7.1.3.1-487-switch-retry";

// B believes it is controlling too (as if both had offered): at 200 ms it
// says so, then checks A claiming ICE-CONTROLLING with tie-breaker
// `b_tie_breaker`. A, controlling with tie-breaker 100, has sent a check of
// its own first so its tie-breaker is on the wire.
TraceBuilder conflict(std::uint64_t b_tie_breaker) {
  TraceBuilder b = signalled();
  b.event(ms(200), "B", "role-conflict",
          {{"role_before", "controlled"}, {"role_after", "controlling"}, {"sent_487", false}, {"received_487", false}});
  send_check(b, ms(210), CheckSpec{Side::A, 1, false, std::nullopt, std::nullopt});
  send_check(b, ms(240), CheckSpec{Side::B, 2, false, true, b_tie_breaker});
  return b;
}

Json role_change(const char* before, const char* after, bool sent, bool received) {
  return {{"role_before", before}, {"role_after", after}, {"sent_487", sent}, {"received_487", received}};
}

TEST(SessRoleConflict, NoConflictIsNotApplicable) {
  TraceBuilder b = good_session();
  EXPECT_EQ(b.judge(k487).status, Status::NotApplicable);
  EXPECT_EQ(b.judge(kRetry).status, Status::NotApplicable);
}

TEST(SessRoleConflict, LargerTieBreakerKeepsRoleAndAnswers487) {
  TraceBuilder b = conflict(50);  // A's 100 >= 50: A keeps controlling, 487
  send_error(b, ms(250), Side::B, 2, 487, "Role Conflict");
  b.event(ms(250), "A", "role-conflict", role_change("controlling", "controlling", true, false));
  Verdict v = b.judge(k487);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "1 role conflicts answered by the tie-breaker rule, 1 with 487");
}

TEST(SessRoleConflict, SuccessWhereTheRuleSays487Fails) {
  TraceBuilder b = conflict(50);
  send_success(b, ms(250), Side::B, 2);
  Verdict v = b.judge(k487);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("should have kept its role and answered 487"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("own tie-breaker 0x0000000000000064, the check's 0x0000000000000032"), std::string::npos)
      << v.detail;
}

TEST(SessRoleConflict, SmallerTieBreakerSwitchesRole) {
  TraceBuilder good = conflict(500);  // A's 100 < 500: A becomes controlled
  send_success(good, ms(250), Side::B, 2);
  good.event(ms(250), "A", "role-conflict", role_change("controlling", "controlled", false, false));
  EXPECT_EQ(good.judge(k487).status, Status::Pass) << good.judge(k487).detail;

  TraceBuilder answered_487 = conflict(500);
  send_error(answered_487, ms(250), Side::B, 2, 487, "Role Conflict");
  Verdict v = answered_487.judge(k487);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("should have switched role but answered 487"), std::string::npos) << v.detail;

  TraceBuilder stayed = conflict(500);
  send_success(stayed, ms(250), Side::B, 2);  // but no role switch
  v = stayed.judge(k487);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("should have switched role on this conflict but did not"), std::string::npos) << v.detail;
}

TEST(SessRoleConflict, ControlledAgentsCompareTieBreakersTheOtherWayRound) {
  // B (controlled, 50) checks A after A switched to controlled; A (100) >= 50
  // means A takes the controlling role, no 487.
  TraceBuilder b = signalled();
  send_check(b, ms(210), CheckSpec{Side::A, 1, false, std::nullopt, std::nullopt});
  b.event(ms(230), "A", "role-conflict", role_change("controlling", "controlled", false, true));
  send_check(b, ms(240), CheckSpec{Side::B, 2, false, std::nullopt, std::nullopt});
  send_error(b, ms(250), Side::B, 2, 487, "Role Conflict");
  EXPECT_EQ(b.judge(k487).status, Status::Fail);
}

TEST(SessRoleConflict, A487WithoutConflictFails) {
  TraceBuilder b = good_session();
  send_check(b, ms(400), CheckSpec{Side::B, 7, false, std::nullopt, std::nullopt});
  send_error(b, ms(410), Side::B, 7, 487, "Role Conflict");
  Verdict v = b.judge(k487);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("which is no conflict"), std::string::npos) << v.detail;
}

// B's check got a 487 at 260 ms.
TraceBuilder got_487() {
  TraceBuilder b = conflict(50);
  send_error(b, ms(250), Side::B, 2, 487, "Role Conflict");
  b.event(ms(250), "A", "role-conflict", role_change("controlling", "controlling", true, false));
  return b;
}

TEST(SessRoleConflict, SwitchAndRetryPasses) {
  TraceBuilder b = got_487();
  b.event(ms(260), "B", "role-conflict", role_change("controlling", "controlled", false, true));
  send_check(b, ms(280), CheckSpec{Side::B, 3, false, false, std::nullopt});
  Verdict v = b.judge(kRetry);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
}

TEST(SessRoleConflict, RetryWithoutSwitchingFails) {
  TraceBuilder b = got_487();
  send_check(b, ms(280), CheckSpec{Side::B, 3, false, true, std::nullopt});
  Verdict v = b.judge(kRetry);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("did not switch to controlled"), std::string::npos) << v.detail;
}

TEST(SessRoleConflict, NoRetryFailsUnlessTheRunEndsOrAPairIsNominated) {
  TraceBuilder b = got_487();
  b.event(ms(260), "B", "role-conflict", role_change("controlling", "controlled", false, true));
  Verdict v = b.judge(kRetry);  // the run lasts 30 s
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("never checked the pair 203.0.113.20:40010 -> 198.51.100.1:40000 again"), std::string::npos)
      << v.detail;
  b.scenario().duration = ms(1000);
  EXPECT_EQ(b.judge(kRetry).status, Status::Pass);
  b.scenario().duration = std::chrono::seconds(30);
  b.event(ms(300), "B", "nominated", pair_fields(b_socket(), a_public()));
  EXPECT_EQ(b.judge(kRetry).status, Status::Pass);
}

}  // namespace
}  // namespace natlab::reports::checks::testing::sess
