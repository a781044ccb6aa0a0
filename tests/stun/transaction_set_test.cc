// TransactionSet: fresh IDs from the Rng, responses routed by ID, one outcome
// per transaction.
#include "agents/stun/transaction_set.h"

#include <gtest/gtest.h>

#include <set>

#include "agents/stun/attributes.h"

namespace natlab::stun {
namespace {

using std::chrono::milliseconds;

const Endpoint kServerA{IpAddress::v4(0xC0000201), 3478};
const Endpoint kServerB{IpAddress::v4(0xC0000202), 3478};

Message binding() {
  Message m;
  m.cls = Class::Request;
  m.method = static_cast<std::uint16_t>(Method::Binding);
  return m;
}

Message success_for(const TransactionId& id) {
  Message r;
  r.cls = Class::Success;
  r.method = static_cast<std::uint16_t>(Method::Binding);
  r.transaction_id = id;
  r.add(XorMappedAddress{Endpoint{IpAddress::v4(0xCB007105), 40000}});
  return r;
}

TEST(TransactionSet, IdsAreFreshAndReproducibleFromTheSeed) {
  TransactionSet a, b;
  Rng ra(7), rb(7);
  std::set<TransactionId> seen;
  for (int i = 0; i < 50; ++i) {
    TransactionId x = a.start(binding(), kServerA, Time{}, ra);
    TransactionId y = b.start(binding(), kServerA, Time{}, rb);
    EXPECT_EQ(x, y);
    EXPECT_TRUE(seen.insert(x).second);
  }
  EXPECT_EQ(a.live(), 50u);
}

TEST(TransactionSet, StartSendsTheRequestWithItsNewId) {
  TransactionSet set;
  Rng rng(1);
  const Endpoint local{IpAddress::v4(0x0A000002), 5000};
  TransactionId id = set.start(binding(), kServerA, Time{}, rng, EncodeOptions{}, local);
  auto tx = set.poll_transmit();
  ASSERT_TRUE(tx);
  EXPECT_EQ(tx->remote, kServerA);
  EXPECT_EQ(tx->local, local);
  auto decoded = decode(tx->bytes);
  ASSERT_TRUE(decoded);
  EXPECT_EQ(decoded.message->transaction_id, id);
  EXPECT_EQ(decoded.message->cls, Class::Request);
  EXPECT_FALSE(set.poll_transmit());
}

TEST(TransactionSet, RoutesResponsesByTransactionId) {
  TransactionSet set;
  Rng rng(2);
  TransactionId a = set.start(binding(), kServerA, Time{}, rng);
  TransactionId b = set.start(binding(), kServerB, Time{}, rng);
  ASSERT_NE(a, b);
  EXPECT_TRUE(set.handle_response(milliseconds(30), encode(success_for(b))));
  auto o = set.poll_outcome();
  ASSERT_TRUE(o);
  EXPECT_EQ(o->id, b);
  EXPECT_EQ(o->state, TransactionState::Succeeded);
  EXPECT_EQ(o->destination, kServerB);
  EXPECT_EQ(o->completed, milliseconds(30));
  ASSERT_TRUE(o->response);
  EXPECT_EQ(o->response->transaction_id, b);
  EXPECT_FALSE(set.poll_outcome());
  EXPECT_TRUE(set.contains(a));
  EXPECT_FALSE(set.contains(b));
  // A second answer for b, and one for an ID never issued, are not taken.
  EXPECT_FALSE(set.handle_response(milliseconds(31), success_for(b)));
  TransactionId stranger{};
  stranger.fill(0xEE);
  EXPECT_FALSE(set.handle_response(milliseconds(32), success_for(stranger)));
  EXPECT_EQ(set.live(), 1u);
}

TEST(TransactionSet, TimeoutsProduceOutcomesAndRetransmissionsInterleave) {
  TransactionSet set(RetransmitConfig{milliseconds(100), 3, 4});
  Rng rng(3);
  TransactionId a = set.start(binding(), kServerA, Time{}, rng);
  TransactionId b = set.start(binding(), kServerB, milliseconds(50), rng);
  std::vector<std::pair<Time, Endpoint>> sent;
  Time now{};
  auto drain = [&] {
    while (auto tx = set.poll_transmit()) sent.emplace_back(now, tx->remote);
  };
  drain();
  while (auto deadline = set.poll_timeout()) {
    now = *deadline;
    set.handle_timeout(now);
    drain();
  }
  std::vector<std::pair<Time, Endpoint>> expected{
      {Time{}, kServerA},           {Time{}, kServerB},  // both started before the loop
      {milliseconds(100), kServerA}, {milliseconds(150), kServerB},
      {milliseconds(300), kServerA}, {milliseconds(350), kServerB}};
  EXPECT_EQ(sent, expected);
  auto first = set.poll_outcome();
  auto second = set.poll_outcome();
  ASSERT_TRUE(first && second);
  EXPECT_EQ(first->id, a);
  EXPECT_EQ(first->state, TransactionState::TimedOut);
  EXPECT_EQ(first->completed, milliseconds(700));
  EXPECT_EQ(second->id, b);
  EXPECT_EQ(second->completed, milliseconds(750));
  EXPECT_EQ(set.live(), 0u);
}

TEST(TransactionSet, PerTransactionConfigOverridesDefault) {
  TransactionSet set;
  Rng rng(4);
  set.start(binding(), kServerA, Time{}, rng, {}, {}, RetransmitConfig{milliseconds(20), 1, 5});
  set.start(binding(), kServerB, Time{}, rng);
  EXPECT_EQ(set.poll_timeout(), milliseconds(100));  // 5 * 20 ms beats 500 ms
}

TEST(TransactionSet, StartRawRefusesALiveId) {
  TransactionSet set;
  TransactionId id{};
  id.fill(1);
  Message m = binding();
  m.transaction_id = id;
  EXPECT_TRUE(set.start_raw(encode(m), id, kServerA, Time{}));
  EXPECT_FALSE(set.start_raw(encode(m), id, kServerB, Time{}));
  EXPECT_TRUE(set.cancel(id));
  EXPECT_EQ(set.live(), 0u);
  EXPECT_FALSE(set.poll_outcome());
}

}  // namespace
}  // namespace natlab::stun
