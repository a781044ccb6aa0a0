// TurnServer: allocation lifetimes (RFC 5766 6.2) and Refresh (RFC 5766 7.2).
#include "tests/turn/server_test_util.h"

namespace natlab::turn::testing {
namespace {

std::uint32_t granted(const Reply& r) {
  auto lt = r.msg.get<stun::Lifetime>();
  EXPECT_TRUE(lt);
  return lt ? lt->seconds : 0;
}

Reply allocate_with_lifetime(Harness& h, std::uint32_t seconds) {
  h.learn_nonce();
  Message m = h.allocate_request();
  m.add(stun::Lifetime{seconds});
  return h.ask_signed(m);
}

TEST(TurnServerLifetime, DefaultWithoutLifetimeAttribute) {
  Harness h;
  EXPECT_EQ(granted(h.allocate()), 600u);
}

TEST(TurnServerLifetime, RequestedLifetimeIsCappedAtMaximum) {
  Harness h;
  EXPECT_EQ(granted(allocate_with_lifetime(h, 100000)), 3600u);
  EXPECT_EQ(h.server.find_allocation(FiveTuple{kClient, kServer})->expiry, Time{3600s});
}

TEST(TurnServerLifetime, LongerRequestBelowMaximumIsGranted) {
  Harness h;
  EXPECT_EQ(granted(allocate_with_lifetime(h, 1200)), 1200u);
}

TEST(TurnServerLifetime, ShorterRequestGetsTheDefault) {
  // RFC 5766 6.2: min(requested, max) only wins when greater than the default.
  Harness h;
  EXPECT_EQ(granted(allocate_with_lifetime(h, 30)), 600u);
}

TEST(TurnServerLifetime, AllocationAliveJustBeforeExpiryAndGoneAtIt) {
  Harness h;
  const Endpoint relayed = h.allocated();
  h.events();
  h.advance_to(599s);
  EXPECT_EQ(h.server.allocation_count(), 1u);
  EXPECT_EQ(h.server.poll_timeout(), std::optional<Time>(600s));
  h.advance_to(600s);  // alive while now < expiry
  EXPECT_EQ(h.server.allocation_count(), 0u);
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* del = std::get_if<AllocationDeleted>(&ev[0]);
  ASSERT_NE(del, nullptr);
  EXPECT_EQ(del->relayed, relayed);
  EXPECT_EQ(del->reason, DeleteReason::Expired);
  EXPECT_EQ(h.server.local_endpoints(), std::vector<Endpoint>{kServer});
}

TEST(TurnServerLifetime, ExpiryMeasuredFromTheLastRefresh) {
  Harness h;
  h.allocated();
  h.now = 300s;
  EXPECT_EQ(granted(h.refresh(std::nullopt)), 600u);
  h.advance_to(899s);
  EXPECT_EQ(h.server.allocation_count(), 1u);
  h.advance_to(901s);
  EXPECT_EQ(h.server.allocation_count(), 0u);
}

TEST(TurnServerLifetime, ExpiredAllocationIsGoneEvenWithoutHandleTimeout) {
  Harness h;
  h.allocated();
  h.now = 601s;  // no handle_timeout(): the next datagram must not see it
  EXPECT_EQ(h.refresh(600).code(), 437);
}

TEST(TurnServerLifetime, RefreshCapsAtMaximum) {
  Harness h;
  h.allocated();
  EXPECT_EQ(granted(h.refresh(7200)), 3600u);
  EXPECT_EQ(h.server.find_allocation(FiveTuple{kClient, kServer})->expiry, Time{3600s});
}

TEST(TurnServerLifetime, RefreshWithLifetimeZeroDeletes) {
  Harness h;
  const Endpoint relayed = h.allocated();
  h.events();
  Reply r = h.refresh(0);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(granted(r), 0u);
  EXPECT_EQ(h.server.allocation_count(), 0u);
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  ASSERT_TRUE(std::holds_alternative<AllocationDeleted>(ev[0]));
  EXPECT_EQ(std::get<AllocationDeleted>(ev[0]).reason, DeleteReason::Refresh);
  EXPECT_EQ(std::get<AllocationDeleted>(ev[0]).relayed, relayed);
  // The relayed address no longer relays.
  h.deliver(bytes_of("hi"), kPeer, relayed);
  EXPECT_TRUE(h.drain().empty());
  EXPECT_EQ(h.server.counters().dropped_unknown_local, 1u);
}

TEST(TurnServerLifetime, RefreshWithoutAllocationGets437) {
  Harness h;
  h.learn_nonce();
  EXPECT_EQ(h.refresh(600).code(), 437);
  EXPECT_EQ(h.refresh(0).code(), 437);
}

TEST(TurnServerLifetime, PollTimeoutIsTheEarliestExpiry) {
  Harness h;
  EXPECT_EQ(h.server.poll_timeout(), std::nullopt);
  h.allocated();
  EXPECT_EQ(h.server.poll_timeout(), std::optional<Time>(600s));
  h.now = 10s;
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  EXPECT_EQ(h.server.poll_timeout(), std::optional<Time>(310s));
}

// Drivers re-read local_endpoints() only when endpoints_version() moved
// (sim/sans_io_app.cc): it must move with every allocation made or deleted,
// and only then.
TEST(TurnServerLifetime, EndpointsVersionMovesExactlyWithTheRelayedAddresses) {
  Harness h;
  const auto v0 = h.server.endpoints_version();
  h.allocated();
  const auto v1 = h.server.endpoints_version();
  EXPECT_NE(v1, v0);
  h.create_permission({kPeer});
  h.channel_bind(0x4000, kPeer2);
  EXPECT_EQ(h.server.endpoints_version(), v1);
  h.advance_to(600s);  // the allocation expires
  EXPECT_EQ(h.server.allocation_count(), 0u);
  EXPECT_NE(h.server.endpoints_version(), v1);
}

// A refreshed permission leaves the deadline where it was, earlier than the
// next real expiry: the wake-up then finds nothing due and moves the deadline
// to the next expiry, without expiring anything early.
TEST(TurnServerLifetime, DeadlineLeftEarlyByARefreshExpiresNothingEarly) {
  Harness h;
  h.allocated();
  h.create_permission({kPeer});
  EXPECT_EQ(h.server.poll_timeout(), std::optional<Time>(300s));
  h.advance_to(100s);
  h.create_permission({kPeer});  // refreshed: now expires at 400 s
  h.advance_to(300s);
  EXPECT_EQ(h.server.permission_count(), 1u);
  EXPECT_EQ(h.server.poll_timeout(), std::optional<Time>(400s));
  h.advance_to(400s);
  EXPECT_EQ(h.server.permission_count(), 0u);
}

}  // namespace
}  // namespace natlab::turn::testing
