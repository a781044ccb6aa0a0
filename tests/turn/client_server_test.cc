// TurnClient against the real TurnServer, in process, over a zero-delay fake
// network with a clock that jumps to the next timeout of either side: the
// whole RFC 5766 life of an allocation, end to end.
#include <gtest/gtest.h>

#include <optional>
#include <utility>
#include <vector>

#include "agents/stun/channel_data.h"
#include "agents/stun/demux.h"
#include "agents/turn/client.h"
#include "agents/turn/server.h"

namespace natlab::turn {
namespace {

using namespace std::chrono_literals;

const Endpoint kServer{IpAddress::v4(0xC0000201), 3478};        // 192.0.2.1
const IpAddress kRelayIp = IpAddress::v4(0xC000020A);            // 192.0.2.10
const Endpoint kClientAddr{IpAddress::v4(0xCB007105), 40000};   // 203.0.113.5, no NAT
const Endpoint kPeer{IpAddress::v4(0xC6336407), 5000};          // 198.51.100.7
const Time kStart = std::chrono::milliseconds(1000);
const std::vector<std::uint8_t> kPing = {'p', 'i', 'n', 'g'};
const std::vector<std::uint8_t> kPong = {'p', 'o', 'n', 'g', '!'};

TurnServerConfig server_config() {
  TurnServerConfig c;
  c.listening = {kServer};
  c.relay_address = kRelayIp;
  c.realm = "natlab.test";
  c.users = {{"alice", "s3cret"}};
  return c;
}

TurnClientConfig client_config() {
  TurnClientConfig c;
  c.server = kServer;
  c.local = kClientAddr;
  c.username = "alice";
  c.password = "s3cret";
  return c;
}

struct PeerDatagram {
  Time at{};
  Endpoint from;  // the relayed address it came from
  std::vector<std::uint8_t> bytes;
};

class Network {
 public:
  Network() : client(client_config(), Rng(11)), server(server_config(), Rng(12)) {}

  TurnClient client;
  TurnServer server;
  bool client_timers = true;  // false: the client is frozen (never refreshes)
  Time now = kStart;
  std::vector<std::pair<Time, ClientEvent>> client_events;
  std::vector<std::pair<Time, ServerEvent>> server_events;
  std::vector<PeerDatagram> at_peer;
  std::vector<std::vector<std::uint8_t>> client_sent;  // every datagram the client sent

  void settle() {
    for (int guard = 0; guard < 10000; ++guard) {
      bool moved = false;
      while (auto t = client.poll_transmit()) {
        moved = true;
        client_sent.push_back(t->bytes);
        EXPECT_EQ(t->remote, kServer);
        server.handle_datagram(now, t->remote, t->local, t->bytes);
      }
      while (auto t = server.poll_transmit()) {
        moved = true;
        if (t->remote == kClientAddr) client.handle_datagram(now, t->remote, t->local, t->bytes);
        else if (t->remote.address == kPeer.address) at_peer.push_back(PeerDatagram{now, t->local, t->bytes});
        else ADD_FAILURE() << "datagram to nowhere: " << t->remote.to_string();
      }
      if (!moved) break;
    }
    while (auto e = client.poll_event()) client_events.emplace_back(now, std::move(*e));
    while (auto e = server.poll_event()) server_events.emplace_back(now, std::move(*e));
  }

  void run_until(Time until) {
    settle();
    for (int guard = 0; guard < 100000; ++guard) {
      std::optional<Time> next = server.poll_timeout();
      if (client_timers) {
        auto c = client.poll_timeout();
        if (c && (!next || *c < *next)) next = c;
      }
      if (!next || *next > until) break;
      now = std::max(now, *next);
      if (client_timers) client.handle_timeout(now);
      server.handle_timeout(now);
      settle();
    }
    now = until;
    settle();
  }

  void peer_sends(const Endpoint& relayed, const std::vector<std::uint8_t>& bytes) {
    server.handle_datagram(now, relayed, kPeer, bytes);
    settle();
  }

  template <class E, class Events>
  static std::vector<std::pair<Time, E>> of(const Events& events) {
    std::vector<std::pair<Time, E>> out;
    for (const auto& [at, e] : events)
      if (auto* p = std::get_if<E>(&e)) out.emplace_back(at, *p);
    return out;
  }
  template <class E>
  std::vector<std::pair<Time, E>> client_of() const { return of<E>(client_events); }
  template <class E>
  std::vector<std::pair<Time, E>> server_of() const { return of<E>(server_events); }

  Endpoint allocate() {
    EXPECT_TRUE(client.allocate(now));
    settle();
    EXPECT_EQ(client.state(), ClientState::Allocated);
    return client.relayed().value_or(Endpoint{});
  }
};

TEST(TurnClientServer, AllocatePermitIndicationThenChannelDataBothWays) {
  Network net;
  const Endpoint relayed = net.allocate();
  auto allocated = net.client_of<Allocated>();
  ASSERT_EQ(allocated.size(), 1u);
  EXPECT_EQ(allocated[0].second.relayed.address, kRelayIp);
  EXPECT_EQ(allocated[0].second.mapped, kClientAddr);  // no NAT between them
  EXPECT_EQ(allocated[0].second.lifetime, 600s);
  ASSERT_EQ(net.server.allocation_count(), 1u);

  // Without a permission the server drops what we send (RFC 5766 10.2).
  net.client.send(net.now, kPeer, kPing);
  net.settle();
  EXPECT_TRUE(net.at_peer.empty());

  ASSERT_TRUE(net.client.create_permission(net.now, kPeer.address));
  net.settle();
  ASSERT_EQ(net.client_of<PermissionCreated>().size(), 1u);

  // Send indication out; Data indication back.
  net.client.send(net.now, kPeer, kPing);
  net.settle();
  ASSERT_EQ(net.at_peer.size(), 1u);
  EXPECT_EQ(net.at_peer[0].from, relayed);
  EXPECT_EQ(net.at_peer[0].bytes, kPing);
  EXPECT_EQ(stun::classify(net.client_sent.back()), stun::PacketKind::Stun);
  net.peer_sends(relayed, kPong);
  auto got = net.client_of<DataReceived>();
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0].second.peer, kPeer);
  EXPECT_EQ(got[0].second.data, kPong);
  EXPECT_FALSE(got[0].second.channel);

  // Channel bound: ChannelData both ways.
  ASSERT_EQ(net.client.bind_channel(net.now, kPeer), 0x4000);
  net.settle();
  ASSERT_EQ(net.client_of<ChannelBound>().size(), 1u);
  net.client.send(net.now, kPeer, kPing);
  net.settle();
  EXPECT_EQ(stun::classify(net.client_sent.back()), stun::PacketKind::ChannelData);
  ASSERT_EQ(net.at_peer.size(), 2u);
  EXPECT_EQ(net.at_peer[1].bytes, kPing);
  EXPECT_EQ(net.at_peer[1].from, relayed);
  net.peer_sends(relayed, kPong);
  got = net.client_of<DataReceived>();
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[1].second.peer, kPeer);
  EXPECT_EQ(got[1].second.data, kPong);
  EXPECT_EQ(got[1].second.channel, 0x4000);
  EXPECT_EQ(net.client.counters().channel_data_received, 1u);
  EXPECT_EQ(net.client.counters().ignored, 0u);
}

TEST(TurnClientServer, OneHourWithRefreshesKeepsEverything) {
  Network net;
  const Endpoint relayed = net.allocate();
  net.client.create_permission(net.now, kPeer.address);
  net.client.bind_channel(net.now, Endpoint{kPeer.address, 5001});
  net.settle();
  net.run_until(kStart + 3600s);

  EXPECT_EQ(net.client.state(), ClientState::Allocated);
  EXPECT_EQ(net.server.allocation_count(), 1u);
  EXPECT_TRUE(net.server_of<AllocationDeleted>().empty());
  EXPECT_TRUE(net.server_of<PermissionExpired>().empty());
  EXPECT_TRUE(net.server_of<ChannelExpired>().empty());
  EXPECT_EQ(net.client_of<Refreshed>().size(), 6u);  // at 540, 1080, ... 3240 s
  EXPECT_TRUE(net.client_of<RefreshFailed>().empty());
  EXPECT_TRUE(net.client_of<PermissionFailed>().empty());
  EXPECT_TRUE(net.client_of<ChannelBindFailed>().empty());
  // The server's nonces last 600 s: stale nonces came and were handled.
  EXPECT_GT(net.server.counters().errors(438), 0u);

  // Still relaying both ways, on the channel and by indication.
  net.client.send(net.now, Endpoint{kPeer.address, 5001}, kPing);
  net.client.send(net.now, kPeer, kPing);
  net.settle();
  ASSERT_EQ(net.at_peer.size(), 2u);
  net.peer_sends(relayed, kPong);
  ASSERT_FALSE(net.client_of<DataReceived>().empty());
  EXPECT_EQ(net.client_of<DataReceived>().back().second.data, kPong);
}

TEST(TurnClientServer, WithoutRefreshesTheServerExpiresOnTime) {
  Network net;
  net.allocate();
  net.client.create_permission(net.now, kPeer.address);
  net.settle();
  net.client_timers = false;  // the client never gets to refresh
  net.run_until(kStart + 600s - 1ns);
  EXPECT_EQ(net.server.allocation_count(), 1u);
  // RFC 5766 8: permissions last 300 s.
  auto perm_expired = net.server_of<PermissionExpired>();
  ASSERT_EQ(perm_expired.size(), 1u);
  EXPECT_EQ(perm_expired[0].first, kStart + 300s);
  // RFC 5766 7: the allocation goes when its 600 s lifetime runs out.
  net.run_until(kStart + 600s);
  EXPECT_EQ(net.server.allocation_count(), 0u);
  auto deleted = net.server_of<AllocationDeleted>();
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].first, kStart + 600s);
  EXPECT_EQ(deleted[0].second.reason, DeleteReason::Expired);
}

TEST(TurnClientServer, DeallocateDeletesTheServerAllocation) {
  Network net;
  net.allocate();
  net.run_until(kStart + 30s);
  ASSERT_TRUE(net.client.deallocate(net.now));
  net.settle();
  EXPECT_EQ(net.server.allocation_count(), 0u);
  auto deleted = net.server_of<AllocationDeleted>();
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0].second.reason, DeleteReason::Refresh);
  ASSERT_EQ(net.client_of<Deallocated>().size(), 1u);
  EXPECT_TRUE(net.client_of<Deallocated>()[0].second.confirmed);
  EXPECT_EQ(net.client.state(), ClientState::Closed);
}

TEST(TurnClientServer, WrongPasswordIsRefused) {
  TurnClientConfig c = client_config();
  c.password = "guess";
  Network net;
  net.client = TurnClient(c, Rng(3));
  net.client.allocate(net.now);
  net.settle();
  auto failed = net.client_of<AllocateFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].second.failure.code, 401);
  EXPECT_EQ(net.server.allocation_count(), 0u);
}

}  // namespace
}  // namespace natlab::turn
