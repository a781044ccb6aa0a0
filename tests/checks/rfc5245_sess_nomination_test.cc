#include <gtest/gtest.h>

#include "tests/checks/rfc5245_sess_fixture.h"

namespace natlab::reports::checks::testing::sess {
namespace {

const char* kNominatedValid = "RFC5245-8.1.1-nominated-valid";
const char* kRegular = "RFC5245-8.1.1.1-use-candidate-on-valid";

TEST(SessNomination, GoodSessionPasses) {
  TraceBuilder b = good_session();
  Verdict v = b.judge(kNominatedValid);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail,
            "A in session call1: 1 nominations, each of a pair already valid; B in session call1: 1 nominations, each "
            "of a pair already valid");
  v = b.judge(kRegular);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A in session call1: 1 USE-CANDIDATE checks, each repeating a check that had succeeded");
}

TEST(SessNomination, NothingNominatedIsNotApplicable) {
  TraceBuilder b = signalled();
  send_check(b, ms(210), CheckSpec{Side::A, 1, false, std::nullopt, std::nullopt});
  EXPECT_EQ(b.judge(kNominatedValid).status, Status::NotApplicable);
  EXPECT_EQ(b.judge(kRegular).status, Status::NotApplicable);
}

TEST(SessNomination, NominatingAPairNoCheckValidatedFails) {
  TraceBuilder b = good_session();
  // B nominates the pair toward A's host address, which it never checked.
  b.event(ms(400), "B", "nominated", pair_fields(b_socket(), a_socket()));
  Verdict v = b.judge(kNominatedValid);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("B in session call1 nominated pair 203.0.113.20:40010 -> 192.168.1.10:40000 before any check"),
            std::string::npos)
      << v.detail;
}

TEST(SessNomination, NominatingBeforeTheSuccessResponseFails) {
  // B's own check (tid 2) is answered only at 250 ms; a nomination at 245 ms
  // names a pair that is not valid yet.
  TraceBuilder b = signalled();
  send_check(b, ms(240), CheckSpec{Side::B, 2, false, std::nullopt, std::nullopt});
  b.event(ms(245), "B", "nominated", pair_fields(b_socket(), a_public()));
  send_success(b, ms(250), Side::B, 2);
  EXPECT_EQ(b.judge(kNominatedValid).status, Status::Fail);
}

TEST(SessNomination, UseCandidateBeforeAnySuccessFailsWithRegularNomination) {
  TraceBuilder b = signalled();
  send_check(b, ms(210), CheckSpec{Side::A, 1, true, std::nullopt, std::nullopt});
  Verdict v = b.judge(kRegular);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("A in session call1 (regular nomination) sent USE-CANDIDATE on 192.168.1.10:40000 -> "
                          "203.0.113.20:40010 before a check on that pair had succeeded"),
            std::string::npos)
      << v.detail;
  // With aggressive nomination every check carries it (8.1.1.2).
  b.scenario().agents[0].nomination = sim::Nomination::Aggressive;
  EXPECT_EQ(b.judge(kRegular).status, Status::NotApplicable);
}

TEST(SessNomination, UseCandidateOnAPairThatOnlyFailedFails) {
  TraceBuilder b = signalled();
  send_check(b, ms(210), CheckSpec{Side::A, 1, false, std::nullopt, std::nullopt});
  send_error(b, ms(220), Side::A, 1, 401, "Unauthorized");
  send_check(b, ms(300), CheckSpec{Side::A, 3, true, std::nullopt, std::nullopt});
  EXPECT_EQ(b.judge(kRegular).status, Status::Fail);
}

TEST(SessNomination, RealRunsPassRegularAndAggressive) {
  for (bool aggressive : {false, true}) {
    for (const char* file : {"scenarios/examples/port-restricted-vs-symmetric-turn.yaml",
                             "scenarios/matrix/restricted-vs-symmetric.yaml"}) {
      TraceBuilder b = run(file, aggressive);
      Verdict v = b.judge(kNominatedValid);
      EXPECT_EQ(v.status, Status::Pass) << file << " aggressive=" << aggressive << ": " << v.detail;
      v = b.judge(kRegular);
      EXPECT_EQ(v.status, aggressive ? Status::NotApplicable : Status::Pass) << file << ": " << v.detail;
    }
  }
}

TEST(SessNomination, RealRunFailsOnceUseCandidateComesFirst) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/full-cone-vs-full-cone.yaml");
  bool seen = false;
  ASSERT_EQ(rewrite_stun(
                b.records(),
                [&seen](const Json& r, const stun::Message& m) {
                  if (seen || r.value("from", "") != "alice-pc" || !is_check(m)) return false;
                  return seen = true;
                },
                [](stun::Message& m) { add_attribute(m, stun::UseCandidate{}); }),
            1);
  EXPECT_EQ(b.judge(kRegular).status, Status::Fail);
}

TEST(SessNomination, RealRunFailsOnceANominationNamesAnotherPair) {
  TraceBuilder b = run("scenarios/matrix/full-cone-vs-full-cone.yaml", true);
  ASSERT_EQ(b.judge(kNominatedValid).status, Status::Pass);
  for (Json& r : b.records()) {
    if (r.value("event", "") == "nominated" && r.value("agent", "") == "B") {
      r["remote"] = "198.51.100.1:9";
      break;
    }
  }
  EXPECT_EQ(b.judge(kNominatedValid).status, Status::Fail);
}

}  // namespace
}  // namespace natlab::reports::checks::testing::sess
