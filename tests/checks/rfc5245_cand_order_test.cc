#include <gtest/gtest.h>

#include "agents/ice/checklist.h"
#include "tests/checks/rfc5245_cand_test.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kOrderCheck = "RFC5245-5.8-check-order";

const char* kAHost = "192.168.1.10:40000";
const char* kARelay = "203.0.113.10:50000";
const char* kBHost = "203.0.113.20:40010";
const char* kBRelay = "203.0.113.10:50010";

Json b_relay() {
  return candidate("3", 1, prio(ice::CandidateType::Relayed), kBRelay, "relay", kBRelay, std::string(kBHost));
}

void pair_state(TraceBuilder& b, Time t, int id, const char* local, const char* remote, const char* from,
                const char* to) {
  b.event(t, "A", "pair-state",
          {{"pair", id}, {"component", 1}, {"local", local}, {"remote", remote}, {"from", from}, {"to", to}});
}

// A picks pair `id` (Waiting -> In-Progress) and sends its check.
void check(TraceBuilder& b, Time t, int id, const char* local, const char* remote, bool triggered = false) {
  pair_state(b, t, id, local, remote, "waiting", "in-progress");
  b.event(t, "A", "check-sent",
          {{"pair", id}, {"local", local}, {"remote", remote}, {"use_candidate", false}, {"retransmit", false},
           {"triggered", triggered}});
}

// A (controlling) has host and relayed candidates, B answered with its host
// and relayed ones; four pairs, all Waiting (four foundations):
//   1 A host  -> B host    2^32*H + 2*H         (highest)
//   2 A host  -> B relay   2^32*R + 2*H + 1     (G = A's host > D)
//   3 A relay -> B host    2^32*R + 2*H         (G = A's relay < D)
//   4 A relay -> B relay   2^32*R + 2*R         (lowest)
TraceBuilder four_pairs() {
  TraceBuilder b;
  gathered(b, ms(0), "A", a_host());
  gathered(b, ms(40), "A", a_relay());
  signal(b, ms(100), "A", "answer-received", sdp({b_host(), b_relay()}));
  pair_state(b, ms(100), 1, kAHost, kBHost, "frozen", "waiting");
  pair_state(b, ms(100), 2, kAHost, kBRelay, "frozen", "waiting");
  pair_state(b, ms(100), 3, kARelay, kBHost, "frozen", "waiting");
  pair_state(b, ms(100), 4, kARelay, kBRelay, "frozen", "waiting");
  return b;
}

TEST(CheckOrder, HighestPriorityWaitingPairFirstPasses) {
  TraceBuilder b = four_pairs();
  check(b, ms(100), 1, kAHost, kBHost);
  check(b, ms(120), 2, kAHost, kBRelay);
  check(b, ms(140), 3, kARelay, kBHost);
  check(b, ms(160), 4, kARelay, kBRelay);
  Verdict v = b.judge(kOrderCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: 4 ordinary checks each on the highest-priority Waiting pair, 0 triggered");
}

TEST(CheckOrder, ALowerPairBeforeAHigherWaitingOneFails) {
  TraceBuilder b = four_pairs();
  check(b, ms(100), 1, kAHost, kBHost);
  check(b, ms(120), 4, kARelay, kBRelay);
  Verdict v = b.judge(kOrderCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("ordinary check on pair 4 203.0.113.10:50000 -> 203.0.113.10:50010"), std::string::npos)
      << v.detail;
  EXPECT_NE(v.detail.find("while pair 2 192.168.1.10:40000 -> 203.0.113.10:50010 was Waiting"), std::string::npos)
      << v.detail;
  const std::uint64_t h = prio(ice::CandidateType::Host), r = prio(ice::CandidateType::Relayed);
  EXPECT_NE(v.detail.find("higher priority " + std::to_string(ice::pair_priority(h, r))), std::string::npos)
      << v.detail;
}

TEST(CheckOrder, TheTieBreakBitFollowsTheControllingSide) {
  // Pairs 2 and 3 differ only in G > D: as controlling, 2 ranks first.
  TraceBuilder b = four_pairs();
  check(b, ms(100), 1, kAHost, kBHost);
  check(b, ms(120), 3, kARelay, kBHost);
  EXPECT_EQ(b.judge(kOrderCheck).status, Status::Fail);
  // After a role conflict made A controlled, B's candidates are G: 3 ranks first.
  TraceBuilder c = four_pairs();
  check(c, ms(100), 1, kAHost, kBHost);
  c.event(ms(110), "A", "role-conflict",
          {{"role_before", "controlling"}, {"role_after", "controlled"}, {"sent_487", false}, {"received_487", false}});
  check(c, ms(120), 3, kARelay, kBHost);
  check(c, ms(140), 2, kAHost, kBRelay);
  Verdict v = c.judge(kOrderCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
}

TEST(CheckOrder, TriggeredChecksAndRetransmissionsJumpTheQueue) {
  TraceBuilder b = four_pairs();
  check(b, ms(100), 4, kARelay, kBRelay, true);
  check(b, ms(120), 1, kAHost, kBHost);
  b.event(ms(130), "A", "check-sent",
          {{"pair", 4}, {"local", kARelay}, {"remote", kBRelay}, {"use_candidate", false}, {"retransmit", true},
           {"triggered", false}});
  check(b, ms(140), 2, kAHost, kBRelay);
  Verdict v = b.judge(kOrderCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: 2 ordinary checks each on the highest-priority Waiting pair, 1 triggered");
}

TEST(CheckOrder, FrozenPairsWaitUntilUnfrozen) {
  // Pair 2 stays Frozen (no event) while lower pairs are checked; once a
  // success unfreezes it, it is the highest Waiting pair again.
  TraceBuilder b;
  gathered(b, ms(0), "A", a_host());
  gathered(b, ms(40), "A", a_relay());
  signal(b, ms(100), "A", "answer-received", sdp({b_host(), b_relay()}));
  pair_state(b, ms(100), 1, kAHost, kBHost, "frozen", "waiting");
  pair_state(b, ms(100), 3, kARelay, kBHost, "frozen", "waiting");
  check(b, ms(100), 1, kAHost, kBHost);
  pair_state(b, ms(110), 1, kAHost, kBHost, "in-progress", "succeeded");
  pair_state(b, ms(110), 2, kAHost, kBRelay, "frozen", "waiting");
  check(b, ms(120), 2, kAHost, kBRelay);
  check(b, ms(140), 3, kARelay, kBHost);
  EXPECT_EQ(b.judge(kOrderCheck).status, Status::Pass) << b.judge(kOrderCheck).detail;
}

TEST(CheckOrder, WaitingPairsMayBeDroppedOnceAComponentIsNominated) {
  // RFC 5245 8.1.2: pairs 2 and 3 are removed silently after nomination.
  TraceBuilder b = four_pairs();
  check(b, ms(100), 1, kAHost, kBHost);
  b.event(ms(110), "A", "nominated", {{"pair", 1}, {"component", 1}, {"local", kAHost}, {"remote", kBHost}});
  check(b, ms(120), 4, kARelay, kBRelay);
  EXPECT_EQ(b.judge(kOrderCheck).status, Status::Pass) << b.judge(kOrderCheck).detail;
}

TEST(CheckOrder, APairOfUnknownCandidatesFails) {
  TraceBuilder b = four_pairs();
  pair_state(b, ms(100), 5, "192.168.1.10:40009", kBHost, "frozen", "waiting");
  check(b, ms(100), 5, "192.168.1.10:40009", kBHost);
  Verdict v = b.judge(kOrderCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("its local side is no host or relayed candidate"), std::string::npos) << v.detail;
}

TEST(CheckOrder, NoChecksIsNotApplicable) {
  EXPECT_EQ(four_pairs().judge(kOrderCheck).status, Status::NotApplicable);
}

// Swaps which pairs the n-th and m-th ordinary checks of `agent` were for
// (their In-Progress events too), as if the agent had picked them the other way round.
void swap_checks(TraceBuilder& b, const std::string& agent, int n, int m) {
  auto ordinary = [&](const Json& r) {
    return event_of(agent, "check-sent")(r) && !r.value("triggered", true) && !r.value("retransmit", true);
  };
  Json* first = find_record(b, ordinary, n);
  Json* second = find_record(b, ordinary, m);
  ASSERT_NE(first, nullptr);
  ASSERT_NE(second, nullptr);
  auto in_progress = [&](int pair) {
    return find_record(b, [&](const Json& r) {
      return event_of(agent, "pair-state")(r) && r.value("pair", 0) == pair && r.value("to", "") == "in-progress";
    });
  };
  Json* first_state = in_progress((*first)["pair"].get<int>());
  Json* second_state = in_progress((*second)["pair"].get<int>());
  ASSERT_NE(first_state, nullptr);
  ASSERT_NE(second_state, nullptr);
  for (const char* key : {"pair", "local", "remote"}) {
    std::swap((*first)[key], (*second)[key]);
    std::swap((*first_state)[key], (*second_state)[key]);
  }
}

TEST(CheckOrder, RealRunPassesAndFailsOnceTwoOrdinaryChecksSwap) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/symmetric-vs-symmetric.yaml");
  Verdict v = b.judge(kOrderCheck);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_NE(v.detail.find("B: "), std::string::npos) << v.detail;
  swap_checks(b, "B", 1, 2);  // B's host -> A host, then host -> A srflx; now the other way round
  v = b.judge(kOrderCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("B (controlled): ordinary check on pair 2 192.168.2.20:40010 -> 198.51.100.1:40000"),
            std::string::npos)
      << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
