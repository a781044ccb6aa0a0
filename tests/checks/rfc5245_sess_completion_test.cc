#include <gtest/gtest.h>

#include "tests/checks/rfc5245_sess_fixture.h"

namespace natlab::reports::checks::testing::sess {
namespace {

const char* kCompleted = "RFC5245-8.1.2-completed-nominated";
const char* kStop = "RFC5245-8.1.2-stop-checks";

TEST(SessCompletion, GoodSessionPasses) {
  TraceBuilder b = good_session();
  Verdict v = b.judge(kCompleted);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  v = b.judge(kStop);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "no agent started a check on a component after it had a nominated pair");
}

TEST(SessCompletion, NoCompletionIsNotApplicable) {
  TraceBuilder b = signalled();
  EXPECT_EQ(b.judge(kCompleted).status, Status::NotApplicable);
  EXPECT_EQ(b.judge(kStop).status, Status::NotApplicable);
}

TEST(SessCompletion, CompletedWithoutANominatedPairFails) {
  TraceBuilder b = signalled();
  b.event(ms(300), "A", "ice-state", {{"state", "completed"}});
  Verdict v = b.judge(kCompleted);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("A in session call1 reached ice-state completed while component 1 had no nominated pair"),
            std::string::npos)
      << v.detail;
}

TEST(SessCompletion, EveryComponentNeedsANominatedPair) {
  TraceBuilder b = good_session();
  b.scenario().agents[0].components = 2;  // A has an RTCP component, never nominated
  EXPECT_EQ(b.judge(kCompleted).status, Status::Fail);
  b.event(ms(319), "A", "nominated", Json{{"pair", 2}, {"component", 2}, {"local", "192.168.1.10:40001"},
                                          {"remote", "203.0.113.20:40011"}});
  EXPECT_EQ(b.judge(kCompleted).status, Status::Pass) << b.judge(kCompleted).detail;
}

TEST(SessCompletion, AnOrdinaryCheckAfterNominationFails) {
  TraceBuilder b = good_session();
  // A starts a new check on its pair at 400 ms: nothing B sent triggered it.
  send_check(b, ms(400), CheckSpec{Side::A, 9, false, std::nullopt, std::nullopt});
  Verdict v = b.judge(kStop);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("A in session call1 started a check on 192.168.1.10:40000 -> 203.0.113.20:40010 after "
                          "component 1 had a nominated pair"),
            std::string::npos)
      << v.detail;
  EXPECT_NE(v.detail.find("tid=090909090909090909090909"), std::string::npos) << v.detail;
}

TEST(SessCompletion, TriggeredChecksAndRetransmissionsAfterNominationPass) {
  TraceBuilder b = good_session();
  // B checks A again at 400 ms; A's new check at 420 ms answers it (7.2.1.4).
  send_check(b, ms(400), CheckSpec{Side::B, 8, false, std::nullopt, std::nullopt});
  b.stun(ms(420), "alice-pc", "nat-a", a_socket(), ep("203.0.113.20:40010"),
         check_message(CheckSpec{Side::A, 9, false, std::nullopt, std::nullopt}), signed_by(kPwdB));
  // A retransmits check 3, still in progress.
  send_check(b, ms(500), CheckSpec{Side::A, 3, true, std::nullopt, std::nullopt});
  Verdict v = b.judge(kStop);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  // B's check at 400 ms answers A's check 3, which reached B at 310 ms.
  EXPECT_EQ(v.detail, "A in session call1: 1 triggered checks after nomination; B in session call1: 1 triggered checks "
                      "after nomination, each answering a check received on its pair; no ordinary checks");
  // A second new check on that pair needs a second trigger.
  send_check(b, ms(600), CheckSpec{Side::A, 10, false, std::nullopt, std::nullopt});
  EXPECT_EQ(b.judge(kStop).status, Status::Fail);
}

TEST(SessCompletion, RealRunsPassRegularAggressiveAndTwoComponents) {
  struct Run {
    const char* file;
    bool aggressive;
    int components;
  };
  for (const Run& r : {Run{"scenarios/examples/port-restricted-vs-symmetric-turn.yaml", false, 1},
                       Run{"scenarios/examples/port-restricted-vs-symmetric-turn.yaml", true, 2},
                       Run{"scenarios/matrix/open-vs-full-cone.yaml", true, 1},
                       Run{"scenarios/matrix/full-cone-vs-port-restricted.yaml", false, 2}}) {
    TraceBuilder b = run(r.file, r.aggressive, r.components);
    for (const char* id : {kCompleted, kStop}) {
      Verdict v = b.judge(id);
      EXPECT_EQ(v.status, Status::Pass) << r.file << " aggressive=" << r.aggressive << " components=" << r.components
                                        << " " << id << ": " << v.detail;
    }
  }
}

TEST(SessCompletion, RealRunFailsOnceACheckIsStartedAfterCompletion) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/full-cone-vs-full-cone.yaml");
  ASSERT_EQ(b.judge(kStop).status, Status::Pass);
  // Copy A's first check to one second after completion, as a new transaction.
  std::int64_t completed = 0;
  for (const Json& r : b.records())
    if (r.value("agent", "") == "A" && r.value("event", "") == "ice-state" && r.value("state", "") == "completed")
      completed = r["t_ns"].get<std::int64_t>();
  ASSERT_GT(completed, 0);
  Json copy;
  for (const Json& r : b.records()) {
    if (r.value("from", "") != "alice-pc" || !r.contains("payload")) continue;
    auto d = stun::decode(*from_hex(r["payload"].get<std::string>()));
    if (d && is_check(*d.message)) {
      copy = r;
      stun::Message m = *d.message;
      m.transaction_id = tid(0xee);
      copy["payload"] = to_hex(stun::encode(m));
      break;
    }
  }
  ASSERT_FALSE(copy.is_null());
  copy["t_ns"] = completed + 1'000'000'000;
  b.records().push_back(copy);
  Verdict v = b.judge(kStop);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("tid=eeeeeeeeeeeeeeeeeeeeeeee"), std::string::npos) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing::sess
