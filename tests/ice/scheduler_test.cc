#include "agents/ice/scheduler.h"

#include <gtest/gtest.h>

namespace natlab::ice {
namespace {

TEST(IceScheduler, TaDefaultsAndFloors) {
  EXPECT_EQ(effective_ta(Profile::Rfc5245, std::nullopt), 20ms);
  EXPECT_EQ(effective_ta(Profile::Rfc5245, 5ms), 20ms);
  EXPECT_EQ(effective_ta(Profile::Rfc5245, 30ms), 30ms);
  EXPECT_EQ(effective_ta(Profile::Rfc8445, std::nullopt), 50ms);
  EXPECT_EQ(effective_ta(Profile::Rfc8445, 1ms), 5ms);
  EXPECT_EQ(effective_ta(Profile::Rfc8445, 5ms), 5ms);
}

TEST(IceScheduler, CheckRto) {
  EXPECT_EQ(check_rto(Profile::Rfc5245, 20ms, 1, 1), 100ms);   // floor
  EXPECT_EQ(check_rto(Profile::Rfc5245, 20ms, 4, 3), 240ms);   // 20*4*3
  EXPECT_EQ(check_rto(Profile::Rfc8445, 50ms, 2, 2), 500ms);   // floor 500
  EXPECT_EQ(check_rto(Profile::Rfc8445, 50ms, 4, 4), 800ms);
}

Candidate cand(const char* f, const char* addr, std::uint32_t pref) {
  Candidate c;
  c.foundation = f;
  c.address = *Endpoint::parse(addr);
  c.base = c.address;
  c.priority = candidate_priority(CandidateType::Host, 1, pref);
  return c;
}

TEST(IceScheduler, TriggeredFirstThenWaitingThenFrozenOnePerTa) {
  CheckList l;
  l.form({cand("1", "10.0.0.1:1", 3), cand("2", "10.0.0.2:1", 2)}, {cand("9", "10.0.0.9:1", 1)},
         Role::Controlling, 100);
  l.pairs()[0].state = PairState::Frozen;   // highest priority, frozen
  l.pairs()[1].state = PairState::Waiting;  // lower priority, waiting
  Scheduler s(20ms);
  EXPECT_FALSE(s.next_check(l));  // not started
  s.start(Time(0ms));
  s.enqueue_triggered(l.pairs()[0].id);
  s.enqueue_triggered(l.pairs()[0].id);  // once only
  auto a = s.pick(Time(0ms), l);
  ASSERT_TRUE(a);
  EXPECT_TRUE(a->triggered);
  EXPECT_EQ(a->pair, l.pairs()[0].id);
  EXPECT_FALSE(s.pick(Time(19ms), l));  // paced
  EXPECT_EQ(*s.next_check(l), Time(20ms));
  auto b = s.pick(Time(20ms), l);
  ASSERT_TRUE(b);
  EXPECT_FALSE(b->triggered);
  EXPECT_EQ(b->pair, l.pairs()[1].id);  // Waiting before a higher-priority Frozen
  l.pairs()[1].state = PairState::InProgress;
  auto c = s.pick(Time(40ms), l);
  ASSERT_TRUE(c);
  EXPECT_EQ(c->pair, l.pairs()[0].id);  // then the Frozen one
  l.pairs()[0].state = PairState::InProgress;
  EXPECT_FALSE(s.next_check(l));  // nothing left: the timer stops
}

TEST(IceScheduler, ACheckThatReachesTheWireLateMovesTheNextOne) {
  // An ICE-TCP check waits for its connection; Ta counts from when it left.
  CheckList l;
  l.form({cand("1", "10.0.0.1:1", 3), cand("2", "10.0.0.2:1", 2)}, {cand("9", "10.0.0.9:1", 1)},
         Role::Controlling, 100);
  l.pairs()[0].state = PairState::Waiting;
  l.pairs()[1].state = PairState::Waiting;
  Scheduler s(20ms);
  s.note_sent(Time(5ms));  // before start: nothing to move
  s.start(Time(0ms));
  ASSERT_TRUE(s.pick(Time(0ms), l));
  l.pairs()[0].state = PairState::InProgress;
  EXPECT_EQ(*s.next_check(l), Time(20ms));
  s.note_sent(Time(35ms));  // the connection opened at 35 ms
  EXPECT_EQ(*s.next_check(l), Time(55ms));
  EXPECT_FALSE(s.pick(Time(54ms), l));
  EXPECT_TRUE(s.pick(Time(55ms), l));
  s.note_sent(Time(50ms));  // never moves it back
  l.pairs()[1].state = PairState::InProgress;
  l.pairs()[0].state = PairState::Waiting;
  EXPECT_EQ(*s.next_check(l), Time(75ms));
}

}  // namespace
}  // namespace natlab::ice
