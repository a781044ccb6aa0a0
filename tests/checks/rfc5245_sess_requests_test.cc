#include <gtest/gtest.h>

#include "tests/checks/rfc5245_sess_fixture.h"

namespace natlab::reports::checks::testing::sess {
namespace {

const char* kUsername = "RFC5245-7.1.2.3-username";
const char* kPriority = "RFC5245-7.1.2.1-priority";
const char* kRole = "RFC5245-7.1.2.2-role-attribute";
const char* kUseCandidate = "RFC5245-7.1.2.1-use-candidate-controlling";
const char* kIntegrity = "RFC5245-7.1.2-integrity-fingerprint";

// Rewrites check `n` of the hand-made session wherever it travels.
void edit_check(TraceBuilder& b, std::uint8_t n, const std::function<void(stun::Message&)>& edit) {
  const int changed = rewrite_stun(
      b.records(), [n](const Json&, const stun::Message& m) { return m.transaction_id == tid(n) && m.cls == stun::Class::Request; },
      edit);
  ASSERT_EQ(changed, 2);
}

// The first connectivity check A sent directly in a real run.
auto first_check_of_a() {
  return [seen = false](const Json& r, const stun::Message& m) mutable {
    if (seen || r.value("from", "") != "alice-pc" || !is_check(m)) return false;
    seen = true;
    return true;
  };
}

TEST(SessRequests, GoodSessionPassesEveryContentCheck) {
  TraceBuilder b = good_session();
  for (const char* id : {kUsername, kPriority, kRole, kUseCandidate, kIntegrity}) {
    Verdict v = b.judge(id);
    EXPECT_EQ(v.status, Status::Pass) << id << ": " << v.detail;
  }
  EXPECT_EQ(b.judge(kUsername).detail,
            "A in session call1: 2 checks with USERNAME peer-ufrag:own-ufrag; B in session call1: 1 checks with "
            "USERNAME peer-ufrag:own-ufrag");
}

TEST(SessRequests, NoChecksIsNotApplicable) {
  TraceBuilder b = signalled();
  for (const char* id : {kUsername, kPriority, kRole, kUseCandidate, kIntegrity})
    EXPECT_EQ(b.judge(id).status, Status::NotApplicable) << id;
}

TEST(SessRequests, UsernameInTheWrongOrderFails) {
  TraceBuilder b = good_session();
  edit_check(b, 1, [](stun::Message& m) {
    drop_attribute(m, stun::attr::Username);
    add_attribute(m, stun::Username{"AAAA:BBBB"});  // own ufrag first: the peer's view
  });
  Verdict v = b.judge(kUsername);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("USERNAME \"AAAA:BBBB\", expected \"BBBB:AAAA\""), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("tid=010101010101010101010101"), std::string::npos) << v.detail;
}

TEST(SessRequests, MissingUsernameFails) {
  TraceBuilder b = good_session();
  edit_check(b, 2, [](stun::Message& m) { drop_attribute(m, stun::attr::Username); });
  Verdict v = b.judge(kUsername);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("B in session call1 sent a connectivity check without USERNAME"), std::string::npos) << v.detail;
}

TEST(SessRequests, UsernameWithoutSignallingIsNotJudged) {
  TraceBuilder b;
  b.host_candidate(Time{0}, "A", a_socket());
  send_check(b, ms(10), CheckSpec{Side::A, 1, false, std::nullopt, std::nullopt});
  EXPECT_EQ(b.judge(kUsername).status, Status::NotApplicable);
}

TEST(SessRequests, MissingPriorityFails) {
  TraceBuilder b = good_session();
  edit_check(b, 3, [](stun::Message& m) { drop_attribute(m, stun::attr::Priority); });
  Verdict v = b.judge(kPriority);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("without PRIORITY"), std::string::npos) << v.detail;
}

TEST(SessRequests, ControlledAttributeFromTheControllingAgentFails) {
  TraceBuilder b = good_session();
  edit_check(b, 1, [](stun::Message& m) {
    drop_attribute(m, stun::attr::IceControlling);
    add_attribute(m, stun::IceControlled{kTieBreakerA});
  });
  Verdict v = b.judge(kRole);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("A in session call1 was controlling but its connectivity check carries ICE-CONTROLLED"),
            std::string::npos)
      << v.detail;
}

TEST(SessRequests, BothOrNeitherRoleAttributeFails) {
  TraceBuilder both = good_session();
  edit_check(both, 2, [](stun::Message& m) { add_attribute(m, stun::IceControlling{kTieBreakerB}); });
  EXPECT_NE(both.judge(kRole).detail.find("both ICE-CONTROLLING and ICE-CONTROLLED"), std::string::npos);
  TraceBuilder neither = good_session();
  edit_check(neither, 2, [](stun::Message& m) { drop_attribute(m, stun::attr::IceControlled); });
  EXPECT_NE(neither.judge(kRole).detail.find("neither"), std::string::npos);
}

TEST(SessRequests, RoleFollowsRoleConflictEvents) {
  // A switches to controlled at 400 ms (say, a 487 told it to).
  TraceBuilder b = good_session();
  b.event(ms(400), "A", "role-conflict",
          {{"role_before", "controlling"}, {"role_after", "controlled"}, {"sent_487", false}, {"received_487", true}});
  // A retransmits a check it started as controlling: still ICE-CONTROLLING.
  send_check(b, ms(410), CheckSpec{Side::A, 3, true, std::nullopt, std::nullopt});
  // Its new check says ICE-CONTROLLED.
  send_check(b, ms(420), CheckSpec{Side::A, 9, false, false, std::nullopt});
  EXPECT_EQ(b.judge(kRole).status, Status::Pass) << b.judge(kRole).detail;
  // A new check still claiming controlling is wrong.
  send_check(b, ms(440), CheckSpec{Side::A, 10, false, true, std::nullopt});
  Verdict v = b.judge(kRole);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("was controlled"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("tid=0a0a0a0a0a0a0a0a0a0a0a0a"), std::string::npos) << v.detail;
}

TEST(SessRequests, UseCandidateFromTheControlledAgentFails) {
  TraceBuilder b = good_session();
  edit_check(b, 2, [](stun::Message& m) { add_attribute(m, stun::UseCandidate{}); });
  Verdict v = b.judge(kUseCandidate);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("B in session call1 sent USE-CANDIDATE while controlled"), std::string::npos) << v.detail;
}

TEST(SessRequests, UseCandidateAfterSwitchingToControlledFails) {
  TraceBuilder b = good_session();
  b.event(ms(290), "A", "role-conflict",
          {{"role_before", "controlling"}, {"role_after", "controlled"}, {"sent_487", false}, {"received_487", false}});
  EXPECT_EQ(b.judge(kUseCandidate).status, Status::Fail);  // A's check 3 at 300 ms
}

TEST(SessRequests, NoUseCandidateIsNotApplicable) {
  TraceBuilder b = good_session();
  edit_check(b, 3, [](stun::Message& m) { drop_attribute(m, stun::attr::UseCandidate); });
  EXPECT_EQ(b.judge(kUseCandidate).status, Status::NotApplicable);
}

TEST(SessRequests, MissingIntegrityOrFingerprintFails) {
  TraceBuilder no_mi = good_session();
  edit_check(no_mi, 1, [](stun::Message& m) { drop_attribute(m, stun::attr::MessageIntegrity); });
  EXPECT_NE(no_mi.judge(kIntegrity).detail.find("without MESSAGE-INTEGRITY"), std::string::npos);
  TraceBuilder no_fp = good_session();
  edit_check(no_fp, 2, [](stun::Message& m) { drop_attribute(m, stun::attr::Fingerprint); });
  Verdict v = no_fp.judge(kIntegrity);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("B in session call1 sent a connectivity check without FINGERPRINT"), std::string::npos)
      << v.detail;
}

// Real runs: every content check passes; one message edited makes each fail.
TEST(SessRequests, RealRunPassesAndFailsOnOneEditedCheck) {
  const TraceBuilder good = TraceBuilder::from_run("scenarios/matrix/port-restricted-vs-symmetric.yaml");
  for (const char* id : {kUsername, kPriority, kRole, kUseCandidate, kIntegrity}) {
    Verdict v = good.judge(id);
    EXPECT_EQ(v.status, Status::Pass) << id << ": " << v.detail;
  }
  struct Breakage {
    const char* id;
    std::function<void(stun::Message&)> edit;
  };
  const std::vector<Breakage> breakages{
      {kUsername, [](stun::Message& m) {
         drop_attribute(m, stun::attr::Username);
         add_attribute(m, stun::Username{"nobody:atall"});
       }},
      {kPriority, [](stun::Message& m) { drop_attribute(m, stun::attr::Priority); }},
      {kRole, [](stun::Message& m) {
         drop_attribute(m, stun::attr::IceControlling);
         add_attribute(m, stun::IceControlled{1});
       }},
      {kIntegrity, [](stun::Message& m) { drop_attribute(m, stun::attr::MessageIntegrity); }},
  };
  for (const auto& br : breakages) {
    TraceBuilder b = good;
    ASSERT_EQ(rewrite_stun(b.records(), first_check_of_a(), br.edit), 1);
    Verdict v = b.judge(br.id);
    EXPECT_EQ(v.status, Status::Fail) << br.id << ": " << v.detail;
  }
  // USE-CANDIDATE on one of B's (controlled) checks.
  TraceBuilder b = good;
  bool seen = false;
  ASSERT_EQ(rewrite_stun(
                b.records(),
                [&seen](const Json& r, const stun::Message& m) {
                  if (seen || r.value("from", "") != "bob-pc" || !is_check(m)) return false;
                  return seen = true;
                },
                [](stun::Message& m) { add_attribute(m, stun::UseCandidate{}); }),
            1);
  EXPECT_EQ(b.judge(kUseCandidate).status, Status::Fail);
}

TEST(SessRequests, AggressiveNominationRunPasses) {
  // Every check of the controlling agent carries USE-CANDIDATE (8.1.1.2).
  TraceBuilder b = run("scenarios/matrix/full-cone-vs-full-cone.yaml", true);
  for (const char* id : {kUsername, kPriority, kRole, kUseCandidate, kIntegrity}) {
    Verdict v = b.judge(id);
    EXPECT_EQ(v.status, Status::Pass) << id << ": " << v.detail;
  }
}

}  // namespace
}  // namespace natlab::reports::checks::testing::sess
