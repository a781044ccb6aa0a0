// TurnClient allocation refresh (RFC 5766 7): when it happens, that it keeps
// the allocation alive, stale nonces on refresh, expiry, and deallocation.
#include <gtest/gtest.h>

#include "tests/turn/client_fake_server.h"

namespace natlab::turn {
namespace {

using namespace client_testing;

TEST(TurnClientRefresh, PolicyRefreshesAMinuteBeforeExpiryOrAtHalfLife) {
  RefreshPolicy p;
  EXPECT_EQ(allocation_refresh_at(kStart, 600s, p), kStart + 540s);
  EXPECT_EQ(allocation_refresh_at(kStart, 3600s, p), kStart + 3540s);
  // Short lifetimes: half-way, so a 39.5 s transaction still fits.
  EXPECT_EQ(allocation_refresh_at(kStart, 100s, p), kStart + 50s);
  EXPECT_EQ(allocation_refresh_at(kStart, 120s, p), kStart + 60s);
}

TEST(TurnClientRefresh, FirstRefreshAtExactlyLifetimeMinusOneMinute) {
  Loop loop;
  loop.allocate();
  EXPECT_EQ(loop.client.refresh_at(), kStart + 540s);
  EXPECT_EQ(loop.client.poll_timeout(), kStart + 540s);
  loop.run_until(kStart + 540s - 1ns);
  EXPECT_TRUE(loop.server.requests_of(stun::Method::Refresh).empty());
  loop.run_until(kStart + 540s);
  auto refreshes = loop.server.requests_of(stun::Method::Refresh);
  ASSERT_EQ(refreshes.size(), 1u);
  EXPECT_EQ(refreshes[0].at, kStart + 540s);
  // RFC 5766 7.1: signed like every request after the challenge; no
  // LIFETIME since none was configured (the server default applies).
  EXPECT_EQ(stun::check_integrity(refreshes[0].bytes, loop.server.key()), stun::IntegrityCheck::Valid);
  EXPECT_FALSE(refreshes[0].msg.get<stun::Lifetime>());
  auto refreshed = loop.events_of<Refreshed>();
  ASSERT_EQ(refreshed.size(), 1u);
  EXPECT_EQ(refreshed[0].second.lifetime, 600s);
  EXPECT_EQ(loop.client.expires_at(), kStart + 540s + 600s);
}

TEST(TurnClientRefresh, LifetimeCountsFromTheFirstSendOfTheRequest) {
  Loop loop;
  ASSERT_TRUE(loop.client.allocate(loop.now));
  auto unauthenticated = loop.client.poll_transmit();
  ASSERT_TRUE(unauthenticated);
  for (auto& reply : loop.server.on_datagram(loop.now, unauthenticated->bytes))
    loop.client.handle_datagram(loop.now, kLocal, kServer, reply);
  auto signed_request = loop.client.poll_transmit();
  ASSERT_TRUE(signed_request);
  auto held = loop.server.on_datagram(loop.now, signed_request->bytes);
  ASSERT_EQ(held.size(), 1u);
  // The answer is slow: retransmissions at 0.5 and 1.5 s go unanswered and
  // the success arrives at 2 s.
  for (Time t : {kStart + 500ms, kStart + 1500ms}) {
    loop.client.handle_timeout(t);
    EXPECT_TRUE(loop.client.poll_transmit());
  }
  loop.now = kStart + 2s;
  loop.client.handle_datagram(loop.now, kLocal, kServer, held[0]);
  ASSERT_EQ(loop.client.state(), ClientState::Allocated);
  // The server may have started its 600 s at the first copy: count from it.
  EXPECT_EQ(loop.client.expires_at(), kStart + 600s);
  EXPECT_EQ(loop.client.refresh_at(), kStart + 540s);
}

TEST(TurnClientRefresh, KeepsTheAllocationForOneHour) {
  TurnClientConfig c = default_config();
  c.requested_lifetime = 300s;
  Loop loop(c);
  loop.allocate();
  loop.run_until(kStart + 3600s);
  auto refreshes = loop.server.requests_of(stun::Method::Refresh);
  // Every 240 s (300 s lifetime - 60 s margin): 15 refreshes in one hour.
  ASSERT_EQ(refreshes.size(), 15u);
  Time server_expiry = kStart + 300s;  // what the server granted
  for (std::size_t i = 0; i < refreshes.size(); ++i) {
    EXPECT_EQ(refreshes[i].at, kStart + 240s * static_cast<int>(i + 1)) << i;
    EXPECT_LT(refreshes[i].at, server_expiry) << i;
    ASSERT_TRUE(refreshes[i].msg.get<stun::Lifetime>());
    EXPECT_EQ(refreshes[i].msg.get<stun::Lifetime>()->seconds, 300u);
    server_expiry = refreshes[i].at + 300s;
  }
  EXPECT_EQ(loop.events_of<Refreshed>().size(), 15u);
  EXPECT_TRUE(loop.events_of<AllocationExpired>().empty());
  EXPECT_EQ(loop.client.state(), ClientState::Allocated);
}

TEST(TurnClientRefresh, StaleNonceOnRefreshRetriesWithNewNonce) {
  Loop loop;
  loop.allocate();
  loop.server.stale_next = 1;
  loop.run_until(kStart + 540s);
  auto refreshes = loop.server.requests_of(stun::Method::Refresh);
  ASSERT_EQ(refreshes.size(), 2u);
  EXPECT_NE(refreshes[0].msg.get<stun::Nonce>()->value, refreshes[1].msg.get<stun::Nonce>()->value);
  EXPECT_EQ(refreshes[1].msg.get<stun::Nonce>()->value, loop.server.nonce());
  EXPECT_EQ(loop.events_of<Refreshed>().size(), 1u);
  EXPECT_TRUE(loop.events_of<RefreshFailed>().empty());
  // The new nonce is kept for later requests: the next refresh is not stale.
  loop.run_until(kStart + 1080s);
  EXPECT_EQ(loop.server.requests_of(stun::Method::Refresh).size(), 3u);
  EXPECT_EQ(loop.events_of<Refreshed>().size(), 2u);
}

TEST(TurnClientRefresh, UnansweredRefreshLetsTheAllocationExpireOnTime) {
  Loop loop;
  loop.allocate();
  loop.server.silent = true;
  loop.run_until(kStart + 700s);
  auto failed = loop.events_of<RefreshFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].first, kStart + 540s + 39500ms);
  auto expired = loop.events_of<AllocationExpired>();
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].first, kStart + 600s);
  EXPECT_EQ(loop.client.state(), ClientState::Expired);
  EXPECT_FALSE(loop.client.relayed());
  EXPECT_FALSE(loop.client.send(loop.now, kPeerA, std::vector<std::uint8_t>{1}));
}

TEST(TurnClientRefresh, AllocationMismatchEndsTheAllocationAtOnce) {
  Loop loop;
  loop.allocate();
  loop.server.error_for[method_of(stun::Method::Refresh)] = 437;
  loop.run_until(kStart + 540s);
  ASSERT_EQ(loop.events_of<RefreshFailed>().size(), 1u);
  EXPECT_EQ(loop.events_of<RefreshFailed>()[0].second.failure.code, 437);
  auto expired = loop.events_of<AllocationExpired>();
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].first, kStart + 540s);
  EXPECT_EQ(loop.client.state(), ClientState::Expired);
}

TEST(TurnClientRefresh, DeallocateSendsLifetimeZero) {
  Loop loop;
  loop.allocate();
  loop.client.create_permission(loop.now, kPeerA.address);
  loop.settle();
  loop.run_until(kStart + 100s);
  ASSERT_TRUE(loop.client.deallocate(loop.now));
  loop.settle();
  auto refreshes = loop.server.requests_of(stun::Method::Refresh);
  ASSERT_EQ(refreshes.size(), 1u);
  // RFC 5766 7: LIFETIME 0 deletes the allocation.
  ASSERT_TRUE(refreshes[0].msg.get<stun::Lifetime>());
  EXPECT_EQ(refreshes[0].msg.get<stun::Lifetime>()->seconds, 0u);
  EXPECT_EQ(stun::check_integrity(refreshes[0].bytes, loop.server.key()), stun::IntegrityCheck::Valid);
  auto done = loop.events_of<Deallocated>();
  ASSERT_EQ(done.size(), 1u);
  EXPECT_TRUE(done[0].second.confirmed);
  EXPECT_EQ(loop.client.state(), ClientState::Closed);
  // Nothing is refreshed any more.
  EXPECT_FALSE(loop.client.poll_timeout());
  loop.run_until(kStart + 3600s);
  EXPECT_EQ(loop.server.requests.size(), 2u);  // the CreatePermission and the Refresh
}

TEST(TurnClientRefresh, DeallocateHandlesStaleNonce) {
  Loop loop;
  loop.allocate();
  loop.server.stale_next = 1;
  loop.client.deallocate(loop.now);
  loop.settle();
  auto refreshes = loop.server.requests_of(stun::Method::Refresh);
  ASSERT_EQ(refreshes.size(), 2u);
  EXPECT_EQ(refreshes[1].msg.get<stun::Lifetime>()->seconds, 0u);
  ASSERT_EQ(loop.events_of<Deallocated>().size(), 1u);
  EXPECT_TRUE(loop.events_of<Deallocated>()[0].second.confirmed);
}

TEST(TurnClientRefresh, DeallocateOnlyWhenAllocated) {
  Loop loop;
  EXPECT_FALSE(loop.client.deallocate(loop.now));
  loop.allocate();
  EXPECT_TRUE(loop.client.deallocate(loop.now));
  EXPECT_FALSE(loop.client.deallocate(loop.now));
}

}  // namespace
}  // namespace natlab::turn
