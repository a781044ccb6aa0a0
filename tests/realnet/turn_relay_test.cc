// natlab's TurnClient and TurnServer, both driven by realnet in one process
// over 127.0.0.1, relaying to a plain peer socket and back: Send/Data
// indications, then ChannelData, then deallocation closing the relay socket.
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

using ServerMachine = Machine<turn::TurnServer, Endpoints::Dynamic>;
using ClientMachine = Machine<turn::TurnClient>;

const std::vector<std::uint8_t> kPing = {'p', 'i', 'n', 'g'};

// `driver` opens a relay socket before the port is handed out, and a port
// another process holds is skipped, as natlab-turnd does it.
turn::TurnServerConfig server_config(Driver* const* driver = nullptr) {
  turn::TurnServerConfig c;
  if (driver) {
    c.relay_port_usable = [driver](const Endpoint& ep) {
      std::error_code ec;
      return *driver && (*driver)->open(ep, ec);
    };
  }
  c.listening = {Endpoint{kLoopback, 0}};
  c.relay_address = kLoopback;
  c.relay_port_min = 40000;
  c.relay_port_max = 40999;
  c.realm = "realnet.test";
  c.users = {{"alice", "s3cret"}};
  return c;
}

struct Relay : test::ClientEventLog {
  asio::io_context io;
  Driver* opener = nullptr;
  ServerMachine server{server_config(&opener), Rng(1)};
  Driver server_driver{io, server};
  std::optional<ClientMachine> client;
  std::optional<Driver> client_driver;
  std::vector<turn::ServerEvent> server_events;

  void start() {
    opener = &server_driver;
    ASSERT_FALSE(server_driver.start());
    server.on_event = [this](const turn::ServerEvent& e) { server_events.push_back(e); };
    turn::TurnClientConfig c;
    c.server = *server_driver.bound(Endpoint{kLoopback, 0});
    c.local = Endpoint{kLoopback, 0};
    c.username = "alice";
    c.password = "s3cret";
    client.emplace(c, Rng(2));
    client->on_event = [this](const turn::ClientEvent& e) { events.push_back(e); };
    client_driver.emplace(io, *client);
    ASSERT_FALSE(client_driver->start());
  }
  turn::TurnClient& tc() { return client->get(); }
  template <class E>
  bool wait_for(std::size_t count = 1) { return ClientEventLog::wait_for<E>(io, count); }
};

TEST(RealnetTurn, RelaysThroughSendIndicationsAndChannelData) {
  Relay s;
  ASSERT_NO_FATAL_FAILURE(s.start());
  UdpPeer peer(s.io, /*echo=*/true);

  ASSERT_TRUE(s.tc().allocate(s.client_driver->now()));
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::Allocated>());
  const Endpoint relayed = s.last<turn::Allocated>()->relayed;
  EXPECT_EQ(relayed.address, kLoopback);
  EXPECT_GE(relayed.port, 40000);
  EXPECT_LE(relayed.port, 40999);
  // The server opened the relayed address's socket, on that very port.
  EXPECT_EQ(s.server_driver.bound(relayed), relayed);
  ASSERT_EQ(s.last<turn::Allocated>()->mapped, s.client_driver->bound(Endpoint{kLoopback, 0}));

  // Send indication -> peer -> echo -> Data indication.
  ASSERT_TRUE(s.tc().create_permission(s.client_driver->now(), kLoopback));
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::PermissionCreated>());
  ASSERT_TRUE(s.tc().send(s.client_driver->now(), peer.endpoint(), kPing));
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::DataReceived>());
  ASSERT_EQ(peer.received.size(), 1u);
  EXPECT_EQ(peer.received[0].from, relayed);
  EXPECT_EQ(peer.received[0].bytes, kPing);
  const auto* data = s.last<turn::DataReceived>();
  EXPECT_EQ(data->peer, peer.endpoint());
  EXPECT_EQ(data->data, kPing);
  EXPECT_FALSE(data->channel);

  // ChannelData both ways once the channel is bound.
  auto number = s.tc().bind_channel(s.client_driver->now(), peer.endpoint());
  ASSERT_TRUE(number);
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::ChannelBound>());
  ASSERT_TRUE(s.tc().send(s.client_driver->now(), peer.endpoint(), kPing));
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::DataReceived>(2));
  EXPECT_EQ(s.last<turn::DataReceived>()->channel, number);
  EXPECT_EQ(s.tc().counters().channel_data_sent, 1u);
  EXPECT_EQ(s.server.get().counters().relayed_to_peer_packets, 2u);
  EXPECT_EQ(s.server.get().counters().relayed_to_client_packets, 2u);

  // LIFETIME 0: the allocation goes, and its relay socket with it.
  const std::size_t sockets = s.server_driver.socket_count();
  ASSERT_TRUE(s.tc().deallocate(s.client_driver->now()));
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::Deallocated>());
  EXPECT_TRUE(s.last<turn::Deallocated>()->confirmed);
  EXPECT_EQ(s.server_driver.socket_count(), sockets - 1);
  EXPECT_FALSE(s.server_driver.bound(relayed));
}

TEST(RealnetTurn, PeerTrafficWithoutPermissionIsDropped) {
  Relay s;
  ASSERT_NO_FATAL_FAILURE(s.start());
  ASSERT_TRUE(s.tc().allocate(s.client_driver->now()));
  s.client_driver->process();
  ASSERT_TRUE(s.wait_for<turn::Allocated>());
  const Endpoint relayed = s.last<turn::Allocated>()->relayed;

  UdpPeer peer(s.io);
  peer.send(relayed, kPing);
  peer.send(relayed, {});
  ASSERT_TRUE(run_until(s.io, [&] { return s.server.get().counters().received_from_peers == 2; }, 10s));
  EXPECT_EQ(s.server.get().counters().dropped_no_permission, 2u);
  EXPECT_EQ(s.last<turn::DataReceived>(), nullptr);
}

TEST(RealnetTurn, AllocationExpiresOnTheTimerAndClosesItsSocket) {
  asio::io_context io;
  turn::TurnServerConfig c = server_config();
  c.default_lifetime = 300ms;  // far below RFC values: the timer is what is tested
  c.max_lifetime = 300ms;
  ServerMachine server(c, Rng(3));
  std::vector<turn::ServerEvent> events;
  server.on_event = [&](const turn::ServerEvent& e) { events.push_back(e); };
  Driver driver(io, server);
  ASSERT_FALSE(driver.start());

  // A client that allocates and then goes silent (its driver stopped).
  turn::TurnClientConfig cc;
  cc.server = *driver.bound(Endpoint{kLoopback, 0});
  cc.local = Endpoint{kLoopback, 0};
  cc.username = "alice";
  cc.password = "s3cret";
  ClientMachine client(cc, Rng(4));
  bool allocated = false;
  client.on_event = [&](const turn::ClientEvent& e) { allocated |= std::holds_alternative<turn::Allocated>(e); };
  Driver client_driver(io, client);
  ASSERT_FALSE(client_driver.start());
  client.get().allocate(client_driver.now());
  client_driver.process();
  ASSERT_TRUE(run_until(io, [&] { return allocated; }, 10s));
  client_driver.stop();
  EXPECT_EQ(driver.socket_count(), 2u);

  ASSERT_TRUE(run_until(io, [&] { return server.get().allocation_count() == 0; }, 10s));
  EXPECT_EQ(driver.socket_count(), 1u);
  ASSERT_FALSE(events.empty());
  ASSERT_TRUE(std::holds_alternative<turn::AllocationDeleted>(events.back()));
  EXPECT_EQ(std::get<turn::AllocationDeleted>(events.back()).reason, turn::DeleteReason::Expired);
}

}  // namespace
}  // namespace natlab::realnet
