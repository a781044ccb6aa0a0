// TURN over TCP (RFC 5766 2.1) over real sockets on 127.0.0.1: natlab's
// TurnClient connects to natlab's TurnServer, both driven by realnet, and
// relays over UDP to a plain peer and back; closing the connection deletes
// the allocation and its relay socket.
#include <gtest/gtest.h>

#include <variant>

#include "agents/turn/client.h"
#include "agents/turn/server.h"
#include "realnet/driver.h"
#include "realnet/machine.h"
#include "realnet/run.h"
#include "tests/realnet/client_event_log.h"
#include "tests/realnet/udp_peer.h"

namespace natlab::realnet {
namespace {

using namespace std::chrono_literals;
using test::kLoopback;
using test::UdpPeer;

turn::TurnServerConfig tcp_relay_config() {
  turn::TurnServerConfig c;
  c.listening = {Endpoint{kLoopback, 0}};
  c.tcp_listening = {Endpoint{kLoopback, 0}};
  c.relay_address = kLoopback;
  c.relay_port_min = 41000;
  c.relay_port_max = 41999;
  c.realm = "realnet.test";
  c.users = {{"alice", "s3cret"}};
  return c;
}

struct TcpRelay : test::ClientEventLog {
  asio::io_context io;
  Machine<turn::TurnServer, Endpoints::Dynamic> server{tcp_relay_config(), Rng(31)};
  Driver server_driver{io, server};
  std::optional<Machine<turn::TurnClient>> client;
  std::optional<Driver> client_driver;
  std::vector<turn::ServerEvent> server_events;

  void start() {
    server.on_event = [this](const turn::ServerEvent& e) { server_events.push_back(e); };
    ASSERT_FALSE(server_driver.start());
    ASSERT_TRUE(server_driver.listening(1));
    turn::TurnClientConfig c;
    c.server = *server_driver.listening(1);
    c.local = Endpoint{kLoopback, 0};
    c.username = "alice";
    c.password = "s3cret";
    c.transport = Transport::Tcp;
    client.emplace(c, Rng(32));
    client->on_event = [this](const turn::ClientEvent& e) { events.push_back(e); };
    client_driver.emplace(io, *client);
    ASSERT_FALSE(client_driver->start());
    EXPECT_EQ(client_driver->socket_count(), 0u) << "no UDP socket for a TCP client";
  }
  turn::TurnClient& tc() { return client->get(); }
  template <class E>
  bool wait_for(std::size_t count = 1) { return ClientEventLog::wait_for<E>(io, count); }
};

TEST(RealnetTurnTcp, AllocatesOverTcpAndRelaysBothWays) {
  TcpRelay s;
  ASSERT_NO_FATAL_FAILURE(s.start());
  UdpPeer peer(s.io, /*echo=*/true);

  ASSERT_TRUE(s.tc().allocate(s.client_driver->now()));
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::Allocated>());
  const Endpoint relayed = s.last<turn::Allocated>()->relayed;
  EXPECT_EQ(s.server_driver.bound(relayed), relayed);
  ASSERT_TRUE(s.tc().stream_local());
  EXPECT_EQ(s.last<turn::Allocated>()->mapped, s.tc().stream_local());
  const turn::Allocation& a = s.server.get().allocations().all().begin()->second;
  EXPECT_EQ(a.tuple.transport, Transport::Tcp);

  ASSERT_TRUE(s.tc().create_permission(s.client_driver->now(), kLoopback));
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::PermissionCreated>());
  const std::vector<std::uint8_t> odd = {'o', 'd', 'd'};
  ASSERT_TRUE(s.tc().send(s.client_driver->now(), peer.endpoint(), odd));
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::DataReceived>());
  EXPECT_EQ(peer.received.at(0).from, relayed);
  EXPECT_EQ(peer.received.at(0).bytes, odd);
  EXPECT_EQ(s.last<turn::DataReceived>()->data, odd);

  // ChannelData of 1..5 bytes: padded on the stream, whole at the peer.
  auto number = s.tc().bind_channel(s.client_driver->now(), peer.endpoint());
  ASSERT_TRUE(number);
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::ChannelBound>());
  for (std::size_t n = 1; n <= 5; ++n) {
    std::vector<std::uint8_t> payload(n, static_cast<std::uint8_t>(n));
    ASSERT_TRUE(s.tc().send(s.client_driver->now(), peer.endpoint(), payload));
    s.client_driver->process();
    ASSERT_TRUE(s.wait_for<turn::DataReceived>(1 + n));
    EXPECT_EQ(peer.received.back().bytes, payload);
    EXPECT_EQ(s.last<turn::DataReceived>()->data, payload);
    EXPECT_EQ(s.last<turn::DataReceived>()->channel, number);
  }
  EXPECT_EQ(s.tc().counters().channel_data_received, 5u);
  EXPECT_EQ(s.server.get().counters().tcp_framing_errors, 0u);

  // The client's host goes away (its driver closes every socket): the
  // server deletes the allocation and closes the relay socket.
  const std::size_t sockets = s.server_driver.socket_count();
  s.client_driver->stop();
  ASSERT_TRUE(run_until(s.io, [&] { return s.server.get().allocation_count() == 0; }, 10s));
  EXPECT_EQ(s.server_driver.socket_count(), sockets - 1);
  EXPECT_FALSE(s.server_driver.bound(relayed));
  ASSERT_TRUE(std::holds_alternative<turn::AllocationDeleted>(s.server_events.back()));
  EXPECT_EQ(std::get<turn::AllocationDeleted>(s.server_events.back()).reason, turn::DeleteReason::ConnectionClosed);
  EXPECT_EQ(s.server.get().connection_count(), 0u);
}

}  // namespace
}  // namespace natlab::realnet
