// TurnServer: permissions (RFC 5766 8, 9.2) and the Send / Data indications
// that depend on them (RFC 5766 10.2, 10.3).
#include "tests/turn/server_test_util.h"

namespace natlab::turn::testing {
namespace {

// Sends a datagram from a peer to the relayed address; returns what left.
std::vector<Transmit> from_peer(Harness& h, const Endpoint& relayed, const Endpoint& peer,
                                const std::string& payload) {
  h.deliver(bytes_of(payload), peer, relayed);
  return h.drain();
}

TEST(TurnServerPermission, UnpermittedPeerIsNotRelayedAndIsCounted) {
  Harness h;
  const Endpoint relayed = h.allocated();
  EXPECT_TRUE(from_peer(h, relayed, kPeer, "knock knock").empty());
  EXPECT_EQ(h.server.counters().dropped_no_permission, 1u);
  EXPECT_EQ(h.server.counters().relayed_to_client_packets, 0u);
}

TEST(TurnServerPermission, PermittedPeerDataArrivesAsDataIndication) {
  Harness h;
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  auto out = from_peer(h, relayed, kPeer, "hello");
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].local, kServer);  // RFC 5766 10.3: on the allocation's 5-tuple
  EXPECT_EQ(out[0].remote, kClient);
  auto d = stun::decode(out[0].bytes);
  ASSERT_TRUE(d);
  EXPECT_EQ(d.message->cls, Class::Indication);
  EXPECT_EQ(d.message->method_enum(), Method::Data);
  ASSERT_TRUE(d.message->get<stun::XorPeerAddress>());
  EXPECT_EQ(d.message->get<stun::XorPeerAddress>()->endpoint, kPeer);
  ASSERT_TRUE(d.message->get<stun::DataAttr>());
  EXPECT_EQ(d.message->get<stun::DataAttr>()->bytes, bytes_of("hello"));
  EXPECT_EQ(h.server.counters().relayed_to_client_packets, 1u);
  EXPECT_EQ(h.server.counters().relayed_to_client_bytes, 5u);
}

TEST(TurnServerPermission, PermissionIsByAddressOnly) {
  Harness h;
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.create_permission({Endpoint{kPeer.address, 1}}).ok());
  EXPECT_EQ(from_peer(h, relayed, Endpoint{kPeer.address, 9999}, "x").size(), 1u);
  EXPECT_TRUE(from_peer(h, relayed, kPeer2, "x").empty());
}

TEST(TurnServerPermission, SendIndicationRelaysFromTheRelayedAddress) {
  Harness h;
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  h.deliver(h.send_indication(kPeer, bytes_of("payload")));
  auto out = h.drain();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].local, relayed);
  EXPECT_EQ(out[0].remote, kPeer);
  EXPECT_EQ(out[0].bytes, bytes_of("payload"));
  EXPECT_EQ(h.server.counters().relayed_to_peer_packets, 1u);
  EXPECT_EQ(h.server.counters().relayed_to_peer_bytes, 7u);
}

TEST(TurnServerPermission, SendIndicationToUnpermittedPeerIsDroppedAndCounted) {
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  h.deliver(h.send_indication(kPeer2, bytes_of("payload")));
  EXPECT_TRUE(h.drain().empty());
  EXPECT_EQ(h.server.counters().dropped_no_permission, 1u);
}

TEST(TurnServerPermission, SendIndicationWithoutAllocationIsIgnored) {
  Harness h;
  h.deliver(h.send_indication(kPeer, bytes_of("payload")));
  EXPECT_TRUE(h.drain().empty());
  EXPECT_EQ(h.server.counters().dropped_no_allocation, 1u);
}

TEST(TurnServerPermission, SendIndicationWithoutDataIsDiscarded) {
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  Message m;
  m.cls = Class::Indication;
  m.method = static_cast<std::uint16_t>(Method::Send);
  m.add(stun::XorPeerAddress{kPeer});
  h.deliver(stun::encode(m));
  EXPECT_TRUE(h.drain().empty());
  EXPECT_EQ(h.server.counters().dropped_bad_indication, 1u);
}

TEST(TurnServerPermission, SendIndicationWithDontFragmentIsRelayedWhenSupported) {
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  h.deliver(h.send_indication(kPeer, bytes_of("df"), true));
  EXPECT_EQ(h.drain().size(), 1u);
}

TEST(TurnServerPermission, SendIndicationWithDontFragmentIsDroppedWhenUnsupported) {
  TurnServerConfig c = test_config();
  c.dont_fragment_supported = false;
  Harness h(c);
  h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  h.deliver(h.send_indication(kPeer, bytes_of("df"), true));
  EXPECT_TRUE(h.drain().empty());
  EXPECT_EQ(h.server.counters().dropped_bad_indication, 1u);
}

TEST(TurnServerPermission, OversizeDataIsDroppedBothWays) {
  TurnServerConfig c = test_config();
  c.max_payload = 8;
  Harness h(c);
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  h.deliver(h.send_indication(kPeer, bytes_of("123456789")));
  EXPECT_TRUE(h.drain().empty());
  EXPECT_TRUE(from_peer(h, relayed, kPeer, "123456789").empty());
  EXPECT_EQ(h.server.counters().dropped_oversize, 2u);
  h.deliver(h.send_indication(kPeer, bytes_of("12345678")));
  EXPECT_EQ(h.drain().size(), 1u);
}

TEST(TurnServerPermission, PermissionLivesThreeHundredSeconds) {
  Harness h;
  const Endpoint relayed = h.allocated();
  h.now = 100s;
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  const Allocation* a = h.server.find_allocation(FiveTuple{kClient, kServer});
  EXPECT_EQ(a->permissions.expiry_of(kPeer.address), std::optional<Time>(400s));
  h.advance_to(400s - 1ns);
  EXPECT_EQ(from_peer(h, relayed, kPeer, "x").size(), 1u);
  h.advance_to(400s);
  EXPECT_TRUE(from_peer(h, relayed, kPeer, "x").empty());
  EXPECT_EQ(h.server.permission_count(), 0u);
}

TEST(TurnServerPermission, ExpiryEventsAreReported) {
  Harness h;
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 2u);
  ASSERT_TRUE(std::holds_alternative<PermissionInstalled>(ev[1]));
  EXPECT_EQ(std::get<PermissionInstalled>(ev[1]).peer, kPeer.address);
  EXPECT_EQ(std::get<PermissionInstalled>(ev[1]).expiry, Time{300s});
  h.advance_to(300s);
  ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  ASSERT_TRUE(std::holds_alternative<PermissionExpired>(ev[0]));
  EXPECT_EQ(std::get<PermissionExpired>(ev[0]).relayed, relayed);
}

TEST(TurnServerPermission, CreatingAgainRefreshesThePermission) {
  Harness h;
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  h.advance_to(200s);
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  h.advance_to(499s);
  EXPECT_EQ(from_peer(h, relayed, kPeer, "x").size(), 1u);
  h.advance_to(500s);
  EXPECT_TRUE(from_peer(h, relayed, kPeer, "x").empty());
}

TEST(TurnServerPermission, SendIndicationNeverRefreshesThePermission) {
  Harness h;
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  h.advance_to(250s);
  h.deliver(h.send_indication(kPeer, bytes_of("x")));
  ASSERT_EQ(h.drain().size(), 1u);
  h.advance_to(300s);
  EXPECT_TRUE(from_peer(h, relayed, kPeer, "x").empty());
}

TEST(TurnServerPermission, SeveralPeersInOneRequest) {
  Harness h;
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer, kPeer2}).ok());
  EXPECT_EQ(from_peer(h, relayed, kPeer, "a").size(), 1u);
  EXPECT_EQ(from_peer(h, relayed, kPeer2, "b").size(), 1u);
}

TEST(TurnServerPermission, CreatePermissionWithoutPeerGets400) {
  Harness h;
  h.allocated();
  EXPECT_EQ(h.create_permission({}).code(), 400);
}

TEST(TurnServerPermission, PeerOfOtherFamilyGets403AndNothingIsInstalled) {
  Harness h;
  h.allocated();
  const Endpoint v6{*IpAddress::parse("2001:db8::1"), 5000};
  EXPECT_EQ(h.create_permission({kPeer, v6}).code(), 403);
  EXPECT_EQ(h.server.permission_count(), 0u);
}

TEST(TurnServerPermission, PermissionCapacityGets508) {
  TurnServerConfig c = test_config();
  c.max_permissions_per_allocation = 1;
  Harness h(c);
  h.allocated();
  ASSERT_TRUE(h.create_permission({kPeer}).ok());
  EXPECT_EQ(h.create_permission({kPeer2}).code(), 508);
  EXPECT_TRUE(h.create_permission({kPeer}).ok());  // a refresh needs no room
}

TEST(TurnServerPermission, CreatePermissionWithoutAllocationGets437) {
  Harness h;
  h.learn_nonce();
  EXPECT_EQ(h.create_permission({kPeer}).code(), 437);
}

TEST(TurnServerPermission, PermissionsOfOneAllocationDoNotOpenAnother) {
  Harness h;
  h.allocated(kClient);
  const Endpoint other = h.allocated(kClient2);
  ASSERT_TRUE(h.create_permission({kPeer}, kClient).ok());
  EXPECT_TRUE(from_peer(h, other, kPeer, "x").empty());
}

}  // namespace
}  // namespace natlab::turn::testing
