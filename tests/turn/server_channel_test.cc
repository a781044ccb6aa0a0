// TurnServer: ChannelBind (RFC 5766 11.2) and ChannelData (11.4-11.7).
#include "tests/turn/server_test_util.h"

namespace natlab::turn::testing {
namespace {

std::vector<std::uint8_t> channel_data(std::uint16_t ch, const std::string& s) {
  return stun::encode(stun::ChannelData{ch, bytes_of(s)});
}

TEST(TurnServerChannel, ChannelNumberRange) {
  Harness h;
  h.allocated();
  EXPECT_EQ(h.channel_bind(0x3FFF, kPeer).code(), 400);
  EXPECT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  EXPECT_TRUE(h.channel_bind(0x7FFE, kPeer2).ok());
  // RFC 5766 11.2: the server accepts 0x4000 through 0x7FFE only.
  EXPECT_EQ(h.channel_bind(0x7FFF, Endpoint{kPeer.address, 7}).code(), 400);
  EXPECT_EQ(h.channel_bind(0x8000, Endpoint{kPeer.address, 8}).code(), 400);
}

TEST(TurnServerChannel, MissingAttributesGet400) {
  Harness h;
  h.allocated();
  Message m = h.request(Method::ChannelBind);
  m.add(stun::ChannelNumber{0x4001});
  EXPECT_EQ(h.ask_signed(m).code(), 400);
  Message n = h.request(Method::ChannelBind);
  n.add(stun::XorPeerAddress{kPeer});
  EXPECT_EQ(h.ask_signed(n).code(), 400);
}

TEST(TurnServerChannel, BindingWithoutAllocationGets437) {
  Harness h;
  h.learn_nonce();
  EXPECT_EQ(h.channel_bind(0x4000, kPeer).code(), 437);
}

TEST(TurnServerChannel, NumberBoundToAnotherPeerGets400) {
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  EXPECT_EQ(h.channel_bind(0x4000, kPeer2).code(), 400);
  EXPECT_EQ(h.channel_bind(0x4000, Endpoint{kPeer.address, 5001}).code(), 400);  // port counts
}

TEST(TurnServerChannel, PeerBoundToAnotherNumberGets400) {
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  EXPECT_EQ(h.channel_bind(0x4001, kPeer).code(), 400);
}

TEST(TurnServerChannel, SameBindingAgainRefreshes) {
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  h.advance_to(500s);
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  const Allocation* a = h.server.find_allocation(FiveTuple{kClient, kServer});
  EXPECT_EQ(a->channels.by_number(0x4000)->expiry, Time{1100s});
}

TEST(TurnServerChannel, BindingInstallsPermissionForThePeerAddress) {
  Harness h;
  const Endpoint relayed = h.allocated();
  h.now = 10s;
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  const Allocation* a = h.server.find_allocation(FiveTuple{kClient, kServer});
  EXPECT_EQ(a->permissions.expiry_of(kPeer.address), std::optional<Time>(310s));
  // Another port of the same address is permitted too, and gets a Data indication.
  h.deliver(bytes_of("x"), Endpoint{kPeer.address, 7777}, relayed);
  auto out = h.drain();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_TRUE(stun::looks_like_stun(out[0].bytes));
}

TEST(TurnServerChannel, ChannelLivesSixHundredSeconds) {
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.refresh(3600).ok());
  h.now = 100s;
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  h.events();
  h.advance_to(700s - 1ns);
  EXPECT_EQ(h.server.channel_count(), 1u);
  h.advance_to(700s);
  EXPECT_EQ(h.server.channel_count(), 0u);
  bool saw = false;
  for (const auto& e : h.events())
    if (auto* c = std::get_if<ChannelExpired>(&e)) saw = c->channel == 0x4000 && c->peer == kPeer;
  EXPECT_TRUE(saw);
}

TEST(TurnServerChannel, ChannelDataFromClientGoesToPeer) {
  Harness h;
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  h.deliver(channel_data(0x4000, "to peer"));
  auto out = h.drain();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].local, relayed);
  EXPECT_EQ(out[0].remote, kPeer);
  EXPECT_EQ(out[0].bytes, bytes_of("to peer"));
  EXPECT_EQ(h.server.counters().relayed_to_peer_packets, 1u);
}

TEST(TurnServerChannel, PaddedChannelDataIsAccepted) {
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  h.deliver(stun::encode(stun::ChannelData{0x4000, bytes_of("abc")}, true));
  auto out = h.drain();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].bytes, bytes_of("abc"));
}

TEST(TurnServerChannel, TruncatedChannelDataIsDropped) {
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  auto cd = channel_data(0x4000, "abcdef");
  cd.pop_back();
  h.deliver(cd);
  EXPECT_TRUE(h.drain().empty());
  EXPECT_EQ(h.server.counters().dropped_malformed, 1u);
}

TEST(TurnServerChannel, PeerDataOnBoundChannelArrivesAsChannelData) {
  Harness h;
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  h.deliver(bytes_of("to client"), kPeer, relayed);
  auto out = h.drain();
  ASSERT_EQ(out.size(), 1u);
  EXPECT_EQ(out[0].local, kServer);
  EXPECT_EQ(out[0].remote, kClient);
  auto cd = stun::decode_channel_data(out[0].bytes);
  ASSERT_TRUE(cd);
  EXPECT_EQ(cd.frame->channel, 0x4000);
  EXPECT_EQ(cd.frame->data, bytes_of("to client"));
}

TEST(TurnServerChannel, ChannelDataOnUnboundChannelIsDroppedAndCounted) {
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  h.deliver(channel_data(0x4001, "nowhere"));
  EXPECT_TRUE(h.drain().empty());
  EXPECT_EQ(h.server.counters().dropped_unbound_channel, 1u);
  EXPECT_EQ(h.server.counters().relayed_to_peer_packets, 0u);
}

TEST(TurnServerChannel, ChannelDataWithoutAllocationIsIgnored) {
  Harness h;
  h.deliver(channel_data(0x4000, "x"));
  EXPECT_TRUE(h.drain().empty());
  EXPECT_EQ(h.server.counters().dropped_no_allocation, 1u);
}

TEST(TurnServerChannel, ChannelDataDoesNotRefreshBindingOrPermission) {
  Harness h;
  const Endpoint relayed = h.allocated();
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  h.advance_to(299s);
  h.deliver(channel_data(0x4000, "x"));
  ASSERT_EQ(h.drain().size(), 1u);
  // The permission from ChannelBind ends at 300 s: no more relaying either way.
  h.advance_to(300s);
  h.deliver(channel_data(0x4000, "x"));
  EXPECT_TRUE(h.drain().empty());
  h.deliver(bytes_of("y"), kPeer, relayed);
  EXPECT_TRUE(h.drain().empty());
  EXPECT_EQ(h.server.counters().dropped_no_permission, 2u);
  EXPECT_EQ(h.server.channel_count(), 1u);
}

TEST(TurnServerChannel, RebindToOtherPeerAfterExpiryAcceptedByDefault) {
  // RFC 5766 11: "Once unbound, the channel number can be bound to a
  // different transport address"; the 5-minute wait is the client's MUST.
  Harness h;
  h.allocated();
  ASSERT_TRUE(h.refresh(3600).ok());
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  h.advance_to(600s);
  EXPECT_TRUE(h.channel_bind(0x4000, kPeer2).ok());
  EXPECT_TRUE(h.channel_bind(0x4001, kPeer).ok());
}

TEST(TurnServerChannel, RebindGuardRejectsEarlyRebindsFor5Minutes) {
  TurnServerConfig c = test_config();
  c.channel_rebind_guard = 300s;
  Harness h(c);
  h.allocated();
  ASSERT_TRUE(h.refresh(3600).ok());
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  h.advance_to(600s);
  EXPECT_EQ(h.channel_bind(0x4000, kPeer2).code(), 400);  // number to another peer
  EXPECT_EQ(h.channel_bind(0x4001, kPeer).code(), 400);   // peer to another number
  h.advance_to(900s - 1ns);
  EXPECT_EQ(h.channel_bind(0x4000, kPeer2).code(), 400);
  h.advance_to(900s);
  EXPECT_TRUE(h.channel_bind(0x4000, kPeer2).ok());
  EXPECT_TRUE(h.channel_bind(0x4001, kPeer).ok());
}

TEST(TurnServerChannel, RebindGuardAllowsTheSamePairAgain) {
  TurnServerConfig c = test_config();
  c.channel_rebind_guard = 300s;
  Harness h(c);
  h.allocated();
  ASSERT_TRUE(h.refresh(3600).ok());
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  h.advance_to(650s);
  EXPECT_TRUE(h.channel_bind(0x4000, kPeer).ok());
}

TEST(TurnServerChannel, ChannelCapacityGets508) {
  TurnServerConfig c = test_config();
  c.max_channels_per_allocation = 1;
  Harness h(c);
  h.allocated();
  ASSERT_TRUE(h.channel_bind(0x4000, kPeer).ok());
  EXPECT_EQ(h.channel_bind(0x4001, kPeer2).code(), 508);
}

}  // namespace
}  // namespace natlab::turn::testing
