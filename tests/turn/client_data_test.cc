// TurnClient data path (RFC 5766 10, 11): Send indications until a channel is
// confirmed, ChannelData after; Data indications and ChannelData received.
#include <gtest/gtest.h>

#include "tests/turn/client_fake_server.h"

namespace natlab::turn {
namespace {

using namespace client_testing;

const std::vector<std::uint8_t> kHello = {'h', 'e', 'l', 'l', 'o'};

TEST(TurnClientData, SendIndicationBeforeChannelDataAfter) {
  Loop loop;
  loop.allocate();
  loop.client.create_permission(loop.now, kPeerA.address);
  loop.settle();
  ASSERT_TRUE(loop.client.send(loop.now, kPeerA, kHello));
  loop.settle();
  // RFC 5766 10.1: Send indication with XOR-PEER-ADDRESS and DATA.
  ASSERT_EQ(loop.server.indications.size(), 1u);
  const stun::Message& ind = loop.server.indications[0].msg;
  EXPECT_EQ(ind.method, method_of(stun::Method::Send));
  ASSERT_TRUE(ind.get<stun::XorPeerAddress>());
  EXPECT_EQ(ind.get<stun::XorPeerAddress>()->endpoint, kPeerA);
  ASSERT_TRUE(ind.get<stun::DataAttr>());
  EXPECT_EQ(ind.get<stun::DataAttr>()->bytes, kHello);

  // Bound but not yet confirmed: still an indication, sent after the
  // ChannelBind request, in order.
  ASSERT_EQ(loop.client.bind_channel(loop.now, kPeerA), 0x4000);
  ASSERT_TRUE(loop.client.send(loop.now, kPeerA, kHello));
  auto bind = loop.client.poll_transmit();
  auto data = loop.client.poll_transmit();
  ASSERT_TRUE(bind && data);
  EXPECT_EQ(stun::decode(bind->bytes).message->method, method_of(stun::Method::ChannelBind));
  EXPECT_EQ(stun::decode(data->bytes).message->method, method_of(stun::Method::Send));
  for (auto& reply : loop.server.on_datagram(loop.now, bind->bytes))
    loop.client.handle_datagram(loop.now, kLocal, kServer, reply);
  loop.settle();

  // RFC 5766 11.5: confirmed: ChannelData with the channel number.
  loop.server.indications.clear();
  ASSERT_TRUE(loop.client.send(loop.now, kPeerA, kHello));
  loop.settle();
  EXPECT_TRUE(loop.server.indications.empty());
  ASSERT_EQ(loop.server.channel_data.size(), 1u);
  EXPECT_EQ(loop.server.channel_data[0].second.channel, 0x4000);
  EXPECT_EQ(loop.server.channel_data[0].second.data, kHello);
  // Other peers still go by indication.
  ASSERT_TRUE(loop.client.send(loop.now, kPeerB, kHello));
  loop.settle();
  EXPECT_EQ(loop.server.indications.size(), 1u);
  EXPECT_EQ(loop.client.counters().channel_data_sent, 1u);
  EXPECT_EQ(loop.client.counters().send_indications, 3u);
}

TEST(TurnClientData, SendNeedsAnAllocation) {
  Loop loop;
  EXPECT_FALSE(loop.client.send(loop.now, kPeerA, kHello));
  EXPECT_FALSE(loop.client.poll_transmit());
}

TEST(TurnClientData, DataIndicationDeliveredWithPeerAddress) {
  Loop loop;
  loop.allocate();
  loop.client.create_permission(loop.now, kPeerA.address);
  loop.settle();
  loop.events.clear();
  EXPECT_TRUE(loop.client.handle_datagram(loop.now, kLocal, kServer,
                                          FakeTurnServer::data_indication(kPeerA, kHello)));
  loop.settle();
  auto got = loop.events_of<DataReceived>();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].second.peer, kPeerA);
  EXPECT_EQ(got[0].second.data, kHello);
  EXPECT_FALSE(got[0].second.channel);
  EXPECT_EQ(loop.client.counters().data_indications_received, 1u);
}

TEST(TurnClientData, DataIndicationFromPeerWithoutPermissionIsDiscarded) {
  Loop loop;
  loop.allocate();
  loop.client.create_permission(loop.now, kPeerA.address);
  loop.settle();
  loop.events.clear();
  // RFC 5766 10.4: SHOULD discard when no permission exists for the peer.
  EXPECT_FALSE(loop.client.handle_datagram(loop.now, kLocal, kServer,
                                           FakeTurnServer::data_indication(kPeerB, kHello)));
  loop.settle();
  EXPECT_TRUE(loop.events_of<DataReceived>().empty());
  EXPECT_EQ(loop.client.counters().ignored, 1u);
}

TEST(TurnClientData, DataIndicationWithoutDataIsDiscarded) {
  Loop loop;
  loop.allocate();
  loop.client.create_permission(loop.now, kPeerA.address);
  loop.settle();
  stun::Message m;
  m.cls = stun::Class::Indication;
  m.method = method_of(stun::Method::Data);
  m.add(stun::XorPeerAddress{kPeerA});
  EXPECT_FALSE(loop.client.handle_datagram(loop.now, kLocal, kServer, stun::encode(m)));
  EXPECT_EQ(loop.client.counters().ignored, 1u);
}

TEST(TurnClientData, ChannelDataDeliveredWithPeerAddress) {
  Loop loop;
  loop.allocate();
  loop.client.bind_channel(loop.now, kPeerA);
  loop.client.bind_channel(loop.now, kPeerB);
  loop.settle();
  loop.events.clear();
  EXPECT_TRUE(loop.client.handle_datagram(loop.now, kLocal, kServer,
                                          stun::encode(stun::ChannelData{0x4001, kHello})));
  // Padded to 4 bytes, as TCP requires and UDP allows (RFC 5766 11.5).
  EXPECT_TRUE(loop.client.handle_datagram(loop.now, kLocal, kServer,
                                          stun::encode(stun::ChannelData{0x4000, kHello}, true)));
  loop.settle();
  auto got = loop.events_of<DataReceived>();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].second.peer, kPeerB);
  EXPECT_EQ(got[0].second.channel, 0x4001);
  EXPECT_EQ(got[0].second.data, kHello);
  EXPECT_EQ(got[1].second.peer, kPeerA);
  EXPECT_EQ(got[1].second.data, kHello);
  EXPECT_EQ(loop.client.counters().channel_data_received, 2u);
}

TEST(TurnClientData, ChannelDataOnUnboundChannelIsDiscarded) {
  Loop loop;
  loop.allocate();
  loop.client.bind_channel(loop.now, kPeerA);
  // Reserved but not yet confirmed: still unbound (RFC 5766 11.6).
  EXPECT_FALSE(loop.client.handle_datagram(loop.now, kLocal, kServer,
                                           stun::encode(stun::ChannelData{0x4000, kHello})));
  loop.settle();
  EXPECT_FALSE(loop.client.handle_datagram(loop.now, kLocal, kServer,
                                           stun::encode(stun::ChannelData{0x4001, kHello})));
  loop.settle();
  EXPECT_TRUE(loop.events_of<DataReceived>().empty());
  EXPECT_EQ(loop.client.counters().ignored, 2u);
}

TEST(TurnClientData, NonTurnDatagramsFromServerAreIgnoredAndCounted) {
  Loop loop;
  loop.allocate();
  const std::vector<std::uint8_t> rtp = {0x80, 0x60, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1};
  const std::vector<std::uint8_t> junk_stun = {0x00, 0x01, 0x00};  // STUN range, too short
  EXPECT_FALSE(loop.client.handles(kServer, rtp));
  EXPECT_TRUE(loop.client.handles(kServer, junk_stun));
  EXPECT_FALSE(loop.client.handle_datagram(loop.now, kLocal, kServer, rtp));
  EXPECT_FALSE(loop.client.handle_datagram(loop.now, kLocal, kServer, junk_stun));
  EXPECT_EQ(loop.client.counters().ignored, 2u);
  // A response nobody asked for.
  stun::Message stray;
  stray.cls = stun::Class::Success;
  stray.method = method_of(stun::Method::Refresh);
  stray.transaction_id.fill(0x33);
  EXPECT_FALSE(loop.client.handle_datagram(loop.now, kLocal, kServer, stun::encode(stray)));
  EXPECT_EQ(loop.client.counters().ignored, 3u);
  // Datagrams from elsewhere are not ours at all: not counted either (ICE's).
  const Endpoint other{IpAddress::v4(0xC6336409), 3478};
  EXPECT_FALSE(loop.client.handles(other, stun::encode(stray)));
  EXPECT_FALSE(loop.client.handle_datagram(loop.now, kLocal, other, FakeTurnServer::data_indication(kPeerA, kHello)));
  EXPECT_EQ(loop.client.counters().ignored, 3u);
  loop.settle();
  EXPECT_TRUE(loop.events.empty());
  EXPECT_FALSE(loop.client.poll_transmit());
}

TEST(TurnClientData, LocalEndpointsIsTheConfiguredSocket) {
  Loop loop;
  EXPECT_EQ(loop.client.local_endpoints(), std::vector<Endpoint>{kLocal});
}

}  // namespace
}  // namespace natlab::turn
