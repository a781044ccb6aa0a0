// TurnClient permissions (RFC 5766 8, 9): CreatePermission, refresh before the
// 300 s lifetime, failures.
#include <gtest/gtest.h>

#include "tests/turn/client_fake_server.h"

namespace natlab::turn {
namespace {

using namespace client_testing;

TEST(TurnClientPermission, CreatePermissionCarriesPeerAddressAndCredentials) {
  Loop loop;
  loop.allocate();
  EXPECT_FALSE(loop.client.has_permission(kPeerA.address));
  ASSERT_TRUE(loop.client.create_permission(loop.now, kPeerA.address));
  loop.settle();
  auto reqs = loop.server.requests_of(stun::Method::CreatePermission);
  ASSERT_EQ(reqs.size(), 1u);
  ASSERT_TRUE(reqs[0].msg.get<stun::XorPeerAddress>());
  EXPECT_EQ(reqs[0].msg.get<stun::XorPeerAddress>()->endpoint.address, kPeerA.address);
  EXPECT_EQ(stun::check_integrity(reqs[0].bytes, loop.server.key()), stun::IntegrityCheck::Valid);
  auto created = loop.events_of<PermissionCreated>();
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0].second.peer, kPeerA.address);
  EXPECT_FALSE(created[0].second.refresh);
  EXPECT_TRUE(loop.client.has_permission(kPeerA.address));
  // Asking again for a permission held is not a new request.
  EXPECT_TRUE(loop.client.create_permission(loop.now, kPeerA.address));
  loop.settle();
  EXPECT_EQ(loop.server.requests_of(stun::Method::CreatePermission).size(), 1u);
}

TEST(TurnClientPermission, NeedsAnAllocation) {
  Loop loop;
  EXPECT_FALSE(loop.client.create_permission(loop.now, kPeerA.address));
  EXPECT_FALSE(loop.client.bind_channel(loop.now, kPeerA));
}

TEST(TurnClientPermission, RefreshedEvery240SecondsForAnHour) {
  TurnClientConfig c = default_config();
  c.requested_lifetime = 3600s;
  Loop loop(c);
  loop.allocate();
  loop.run_until(kStart + 10s);
  loop.client.create_permission(loop.now, kPeerA.address);
  loop.run_until(kStart + 3600s);
  auto reqs = loop.server.requests_of(stun::Method::CreatePermission);
  // At 10 s, then every 240 s: 10 + 240 * 14 = 3370 <= 3600 < 3610.
  ASSERT_EQ(reqs.size(), 15u);
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    EXPECT_EQ(reqs[i].at, kStart + 10s + 240s * static_cast<int>(i)) << i;
    // RFC 5766 8: a permission lasts 300 s; each refresh must come before.
    if (i > 0) {
      EXPECT_LT(reqs[i].at - reqs[i - 1].at, 300s) << i;
    }
  }
  auto created = loop.events_of<PermissionCreated>();
  ASSERT_EQ(created.size(), 15u);
  EXPECT_TRUE(created.back().second.refresh);
  EXPECT_TRUE(loop.client.has_permission(kPeerA.address));
}

TEST(TurnClientPermission, StaleNonceOnCreatePermissionIsRetried) {
  Loop loop;
  loop.allocate();
  loop.server.stale_next = 1;
  loop.client.create_permission(loop.now, kPeerA.address);
  loop.settle();
  EXPECT_EQ(loop.server.requests_of(stun::Method::CreatePermission).size(), 2u);
  EXPECT_EQ(loop.events_of<PermissionCreated>().size(), 1u);
  EXPECT_TRUE(loop.client.has_permission(kPeerA.address));
}

TEST(TurnClientPermission, ErrorIsAFailureEventAndNoPermission) {
  Loop loop;
  loop.allocate();
  loop.server.error_for[method_of(stun::Method::CreatePermission)] = 403;
  loop.client.create_permission(loop.now, kPeerA.address);
  loop.settle();
  auto failed = loop.events_of<PermissionFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].second.peer, kPeerA.address);
  EXPECT_EQ(failed[0].second.failure.code, 403);
  EXPECT_FALSE(loop.client.has_permission(kPeerA.address));
  // Not refreshed: nothing is held.
  loop.run_until(kStart + 600s);
  EXPECT_EQ(loop.server.requests_of(stun::Method::CreatePermission).size(), 1u);
}

TEST(TurnClientPermission, FailedRefreshDropsThePermission) {
  Loop loop;
  loop.allocate();
  loop.client.create_permission(loop.now, kPeerA.address);
  loop.settle();
  loop.server.silent = true;
  loop.run_until(kStart + 240s + 40s);
  auto failed = loop.events_of<PermissionFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].first, kStart + 240s + 39500ms);
  EXPECT_EQ(failed[0].second.failure.code, 0);
  EXPECT_FALSE(loop.client.has_permission(kPeerA.address));
}

}  // namespace
}  // namespace natlab::turn
