// TURN over TCP (RFC 5766 2.1): TurnClient and TurnServer over an in-memory
// connection that splits writes into 3-byte chunks, with a fake clock.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "tests/turn/tcp_pair.h"

namespace natlab::turn::testing {
namespace {

using namespace std::chrono_literals;

void tcp_allocate(TcpTurnPair& p) {
  ASSERT_TRUE(p.client.allocate(p.now));
  p.settle();
  ASSERT_EQ(p.client.state(), ClientState::Allocated);
}

TEST(TurnOverTcp, AllocateOnTheConnectionGivesAUdpRelay) {
  TcpTurnPair p;
  EXPECT_TRUE(p.client.local_endpoints().empty()) << "no UDP socket over TCP";
  tcp_allocate(p);
  ASSERT_EQ(p.server.allocation_count(), 1u);
  const Allocation& a = p.server.allocations().all().begin()->second;
  // The allocation is named by the TCP 5-tuple (RFC 5766 2.2) ...
  EXPECT_EQ(a.tuple.transport, Transport::Tcp);
  EXPECT_EQ(a.tuple.client, kTcpClientAddr);
  EXPECT_EQ(a.tuple.server, kTcpServer);
  // ... and relays over UDP (RFC 5766 2.1, REQUESTED-TRANSPORT 17).
  ASSERT_TRUE(p.client.relayed());
  EXPECT_EQ(p.client.relayed()->address, kTcpRelayIp);
  EXPECT_EQ(*p.client.relayed(), a.relayed);
  EXPECT_EQ(p.client.mapped(), kTcpClientAddr);
  EXPECT_EQ(p.client.stream_local(), kTcpClientAddr);
  EXPECT_EQ(p.server.counters().tcp_connections_accepted, 1u);
  // 401 then the signed Allocate: two requests, two answers, one connection.
  int requests = 0;
  for (const auto& w : p.writes) requests += w.from_client ? 1 : 0;
  EXPECT_EQ(requests, 2);
  // Nothing of it went over UDP to the client.
  EXPECT_TRUE(p.to_peers.empty());
}

TEST(TurnOverTcp, PermissionChannelAndDataBothWaysWithPaddedChannelData) {
  TcpTurnPair p;
  tcp_allocate(p);
  const Endpoint relayed = *p.client.relayed();
  ASSERT_TRUE(p.client.create_permission(p.now, kTcpPeer.address));
  p.settle();
  EXPECT_TRUE(p.client.has_permission(kTcpPeer.address));

  // Send indication out, Data indication back.
  const std::vector<std::uint8_t> hello = {'h', 'e', 'l', 'l', 'o'};
  ASSERT_TRUE(p.client.send(p.now, kTcpPeer, hello));
  p.settle();
  ASSERT_EQ(p.to_peers.size(), 1u);
  EXPECT_EQ(p.to_peers[0].local, relayed);
  EXPECT_EQ(p.to_peers[0].remote, kTcpPeer);
  EXPECT_EQ(p.to_peers[0].bytes, hello);
  p.peer_sends(kTcpPeer, relayed, {'w', 'o', 'r', 'l', 'd', '!'});
  auto got = p.client_events_of<DataReceived>();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].data, (std::vector<std::uint8_t>{'w', 'o', 'r', 'l', 'd', '!'}));
  EXPECT_FALSE(got[0].channel);

  // ChannelData both ways, with payload lengths needing 3, 2, 1, 0 bytes of padding.
  auto number = p.client.bind_channel(p.now, kTcpPeer);
  ASSERT_TRUE(number);
  p.settle();
  ASSERT_EQ(p.client.channel(kTcpPeer), number);
  for (std::size_t n = 1; n <= 4; ++n) {
    std::vector<std::uint8_t> out(n, static_cast<std::uint8_t>('a' + n));
    ASSERT_TRUE(p.client.send(p.now, kTcpPeer, out));
    p.settle();
    EXPECT_EQ(p.to_peers.back().bytes, out) << n;
    std::vector<std::uint8_t> back(n + 4, static_cast<std::uint8_t>('A' + n));
    p.peer_sends(kTcpPeer, relayed, back);
    got = p.client_events_of<DataReceived>();
    EXPECT_EQ(got.back().data, back) << n;
    EXPECT_EQ(got.back().channel, number);
  }
  EXPECT_EQ(p.client.counters().channel_data_sent, 4u);
  EXPECT_EQ(p.client.counters().channel_data_received, 4u);
  // RFC 5766 11.5: every ChannelData write, either way, is padded to 4.
  int channel_data_writes = 0;
  for (const auto& w : p.writes) {
    if ((w.bytes[0] >> 6) != 1) continue;
    ++channel_data_writes;
    const std::uint16_t len = static_cast<std::uint16_t>(w.bytes[2] << 8 | w.bytes[3]);
    EXPECT_EQ(w.bytes.size() % 4, 0u);
    EXPECT_EQ(w.bytes.size(), channel_data_stream_size(len));
  }
  EXPECT_EQ(channel_data_writes, 8);
}

TEST(TurnOverTcp, ClosingOrResettingTheConnectionDeletesTheAllocation) {
  for (bool reset : {false, true}) {
    TcpTurnPair p;
    tcp_allocate(p);
    ASSERT_EQ(p.server.allocation_count(), 1u);
    p.client_host_closes(reset);
    EXPECT_EQ(p.server.allocation_count(), 0u) << reset;
    EXPECT_EQ(p.server.connection_count(), 0u);
    EXPECT_EQ(p.server.counters().tcp_connections_closed, 1u);
    ASSERT_FALSE(p.server_events.empty());
    auto* del = std::get_if<AllocationDeleted>(&p.server_events.back());
    ASSERT_TRUE(del);
    EXPECT_EQ(del->reason, DeleteReason::ConnectionClosed);
    EXPECT_STREQ(to_string(del->reason), "connection-closed");
    // A FIN is answered by closing our side; after a RST there is nothing to close.
    ASSERT_EQ(p.server_closes.size(), reset ? 0u : 1u);
    // The relay port goes back and no longer relays.
    const auto relayed = *p.client.relayed();
    p.peer_sends(kTcpPeer, relayed, {1, 2, 3});
    EXPECT_EQ(p.server.counters().dropped_unknown_local, 1u);
  }
}

TEST(TurnOverTcp, ServerClosingTheConnectionEndsTheClientsAllocation) {
  TcpTurnPair p;
  tcp_allocate(p);
  p.client.handle_stream_event(p.now, StreamClosed{p.client_stream()});
  p.settle();
  EXPECT_EQ(p.client.state(), ClientState::Expired);
  EXPECT_EQ(p.client_events_of<AllocationExpired>().size(), 1u);
  ASSERT_EQ(p.client_closes.size(), 1u);
  EXPECT_EQ(p.client_closes[0].mode, CloseMode::Graceful);
  // The server saw our FIN and deleted its side too.
  EXPECT_EQ(p.server.allocation_count(), 0u);
}

TEST(TurnOverTcp, DeallocateThenCloseTheConnection) {
  TcpTurnPair p;
  tcp_allocate(p);
  ASSERT_TRUE(p.client.deallocate(p.now));
  p.settle();
  EXPECT_EQ(p.client.state(), ClientState::Closed);
  auto d = p.client_events_of<Deallocated>();
  ASSERT_EQ(d.size(), 1u);
  EXPECT_TRUE(d[0].confirmed);
  ASSERT_EQ(p.client_closes.size(), 1u);
  EXPECT_EQ(p.client_closes[0].mode, CloseMode::Graceful);
  EXPECT_EQ(p.server.allocation_count(), 0u);
  // A new allocate() opens a new connection.
  ASSERT_TRUE(p.client.allocate(p.now));
  p.settle();
  EXPECT_EQ(p.client.state(), ClientState::Allocated);
  EXPECT_EQ(p.client_stream(), 2u);
}

TEST(TurnOverTcp, StreamIdsStartWhereTheOwnerSays) {
  auto cfg = tcp_client_config();
  cfg.first_stream_id = 500;
  TurnClient c(cfg, Rng(6));
  ASSERT_TRUE(c.allocate(std::chrono::seconds(1)));
  auto r = c.poll_stream_request();
  ASSERT_TRUE(r && std::holds_alternative<StreamConnect>(*r));
  EXPECT_EQ(std::get<StreamConnect>(*r).id, 500u);
  // Events about other ids are not this client's.
  c.handle_stream_event(std::chrono::seconds(1), StreamConnected{1, kTcpClientAddr, kTcpServer});
  EXPECT_FALSE(c.connected());
  c.handle_stream_event(std::chrono::seconds(1), StreamConnected{500, kTcpClientAddr, kTcpServer});
  EXPECT_TRUE(c.connected());
}

TEST(TurnOverTcp, RequestsAreNotRetransmittedAndFailAfterTi) {
  TurnClient c(tcp_client_config(), Rng(5));
  const Time t0 = std::chrono::seconds(10);
  ASSERT_TRUE(c.allocate(t0));
  auto connect = c.poll_stream_request();
  ASSERT_TRUE(connect);
  auto* sc = std::get_if<StreamConnect>(&*connect);
  ASSERT_TRUE(sc);
  EXPECT_FALSE(c.poll_stream_request()) << "the request waits for the connection";
  c.handle_stream_event(t0 + 5ms, StreamConnected{sc->id, kTcpClientAddr, kTcpServer});
  auto send = c.poll_stream_request();
  ASSERT_TRUE(send && std::holds_alternative<StreamSend>(*send));
  // RFC 5389 7.2.2: Ti = 39.5 s after the request was sent, no retransmission.
  ASSERT_EQ(c.poll_timeout(), t0 + 39500ms);
  c.handle_timeout(t0 + 39499ms);
  EXPECT_FALSE(c.poll_stream_request());
  EXPECT_FALSE(c.poll_transmit());
  c.handle_timeout(t0 + 39500ms);
  EXPECT_EQ(c.state(), ClientState::Failed);
  auto close = c.poll_stream_request();
  ASSERT_TRUE(close && std::holds_alternative<StreamClose>(*close));
  auto e = c.poll_event();
  ASSERT_TRUE(e && std::holds_alternative<AllocateFailed>(*e));
  EXPECT_EQ(std::get<AllocateFailed>(*e).failure.reason, "timeout");
}

TEST(TurnOverTcp, RefusedConnectionFailsTheAllocate) {
  TcpTurnPair p;
  p.accept = false;
  ASSERT_TRUE(p.client.allocate(p.now));
  p.settle();
  EXPECT_EQ(p.client.state(), ClientState::Failed);
  auto f = p.client_events_of<AllocateFailed>();
  ASSERT_EQ(f.size(), 1u);
  EXPECT_NE(f[0].failure.reason.find("refused"), std::string::npos) << f[0].failure.reason;
  EXPECT_TRUE(p.writes.empty());
}

TEST(TurnOverTcp, GarbageOnTheConnectionClosesItAndDeletesTheAllocation) {
  TcpTurnPair p;
  tcp_allocate(p);
  p.server.handle_stream_event(p.now, StreamBytes{*p.server_conn(), {0xC0, 0, 0, 0}});
  p.settle();
  EXPECT_EQ(p.server.counters().tcp_framing_errors, 1u);
  EXPECT_EQ(p.server.allocation_count(), 0u);
  ASSERT_EQ(p.server_closes.size(), 1u);
  EXPECT_EQ(p.server_closes[0].mode, CloseMode::Abortive);
}

TEST(TurnOverTcp, UdpAndTcpClientsOfOneAddressGetSeparateAllocations) {
  TcpTurnPair p;
  tcp_allocate(p);
  // A UDP Binding request from the same address and port as the TCP client
  // is answered by datagram, not on the connection.
  stun::Message m;
  m.cls = stun::Class::Request;
  m.method = static_cast<std::uint16_t>(stun::Method::Binding);
  m.transaction_id.fill(9);
  const std::size_t writes_before = p.writes.size();
  p.server.handle_datagram(p.now, kTcpServer, kTcpClientAddr, stun::encode(m));
  p.settle();
  EXPECT_EQ(p.writes.size(), writes_before);
  ASSERT_EQ(p.to_peers.size(), 1u);
  EXPECT_EQ(p.to_peers[0].local, kTcpServer);
  EXPECT_EQ(p.to_peers[0].remote, kTcpClientAddr);
}

}  // namespace
}  // namespace natlab::turn::testing
