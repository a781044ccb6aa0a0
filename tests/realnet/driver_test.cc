// realnet::Driver with a scripted machine: sockets follow local_endpoints(),
// port 0 is reported back, the timer fires at poll_timeout(), transmits from
// unknown endpoints and bind conflicts are counted, not fatal.
#include <gtest/gtest.h>

#include <deque>

#include "agents/turn/client.h"
#include "agents/turn/server.h"
#include "realnet/driver.h"
#include "realnet/machine.h"
#include "realnet/run.h"
#include "tests/realnet/udp_peer.h"

namespace natlab::realnet {
namespace {

using namespace std::chrono_literals;
using test::kLoopback;
using test::UdpPeer;

// Echoes every datagram from the socket it arrived on; wakes at `wake_at`.
class Scripted : public SansIo {
 public:
  std::vector<Endpoint> locals;
  bool dynamic = false;
  std::deque<Transmit> out;
  std::optional<Time> wake_at;
  std::vector<Time> woke;
  std::vector<std::pair<Endpoint, Endpoint>> got;  // (local, remote)
  bool started = false;

  std::vector<Endpoint> local_endpoints() const override { return locals; }
  bool dynamic_endpoints() const override { return dynamic; }
  void start(Time) override { started = true; }
  void handle_datagram(Time, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override {
    got.emplace_back(local, remote);
    out.push_back(Transmit{local, remote, std::vector<std::uint8_t>(bytes.begin(), bytes.end())});
  }
  void handle_timeout(Time now) override {
    woke.push_back(now);
    wake_at.reset();
  }
  std::optional<Transmit> poll_transmit() override {
    if (out.empty()) return std::nullopt;
    Transmit t = std::move(out.front());
    out.pop_front();
    return t;
  }
  std::optional<Time> poll_timeout() const override { return wake_at; }
};

TEST(RealnetDriver, PortZeroIsBoundAndNamedAsTheMachineNamedIt) {
  asio::io_context io;
  Scripted m;
  m.locals = {Endpoint{kLoopback, 0}};
  Driver d(io, m);
  ASSERT_FALSE(d.start());
  EXPECT_TRUE(m.started);
  const auto bound = d.bound(Endpoint{kLoopback, 0});
  ASSERT_TRUE(bound);
  EXPECT_EQ(bound->address, kLoopback);
  EXPECT_NE(bound->port, 0);

  UdpPeer peer(io);
  peer.send(*bound, {1, 2, 3});
  ASSERT_TRUE(run_until(io, [&] { return !peer.received.empty(); }, 10s));
  ASSERT_EQ(m.got.size(), 1u);
  EXPECT_EQ(m.got[0].first, (Endpoint{kLoopback, 0}));
  EXPECT_EQ(m.got[0].second, peer.endpoint());
  EXPECT_EQ(peer.received[0].from, *bound);
  EXPECT_EQ(peer.received[0].bytes, (std::vector<std::uint8_t>{1, 2, 3}));
}

TEST(RealnetDriver, TimerFiresAtPollTimeoutNotBefore) {
  asio::io_context io;
  Scripted m;
  m.locals = {Endpoint{kLoopback, 0}};
  Driver d(io, m);
  m.wake_at = 20ms;  // since the driver's clock started
  ASSERT_FALSE(d.start());
  ASSERT_TRUE(run_until(io, [&] { return !m.woke.empty(); }, 10s));
  EXPECT_GE(m.woke[0], 20ms);
  // A later deadline set from outside is picked up by process().
  m.wake_at = d.now() + 10ms;
  const Time asked = *m.wake_at;
  d.process();
  ASSERT_TRUE(run_until(io, [&] { return m.woke.size() == 2; }, 10s));
  EXPECT_GE(m.woke[1], asked);
}

TEST(RealnetDriver, DynamicSocketsFollowLocalEndpoints) {
  asio::io_context io;
  UdpPeer a(io), b(io);  // their ports are free again once these close
  const Endpoint ea = a.endpoint(), eb = b.endpoint();
  Scripted m;
  m.dynamic = true;
  m.locals = {Endpoint{kLoopback, 0}};
  Driver d(io, m);
  ASSERT_FALSE(d.start());
  EXPECT_EQ(d.socket_count(), 1u);

  // Taken ports cannot be opened: counted and reported, not fatal.
  std::vector<BindError> errors;
  d.on_bind_error = [&](const BindError& e) { errors.push_back(e); };
  m.locals.push_back(ea);
  d.process();
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].endpoint, ea);
  EXPECT_NE(errors[0].message().find("cannot bind 127.0.0.1:"), std::string::npos);
  EXPECT_EQ(d.counters().bind_errors, 1u);

  // A transmit from an endpoint without a socket is dropped and counted.
  m.out.push_back(Transmit{ea, eb, {1}});
  d.process();
  EXPECT_EQ(d.counters().send_no_socket, 1u);
}

TEST(RealnetDriver, OpenAheadThenCloseWhenNotTaken) {
  asio::io_context io;
  Scripted m;
  m.dynamic = true;
  m.locals = {Endpoint{kLoopback, 0}};
  Driver d(io, m);
  ASSERT_FALSE(d.start());
  std::error_code ec;
  const Endpoint extra{kLoopback, 0};
  ASSERT_TRUE(d.open(extra, ec));  // already open: the same one
  EXPECT_EQ(d.socket_count(), 1u);

  Endpoint ahead;
  {
    UdpPeer p(io);
    ahead = p.endpoint();
  }
  ASSERT_TRUE(d.open(ahead, ec)) << ec.message();
  EXPECT_EQ(d.socket_count(), 2u);
  d.process();  // the machine did not list it
  EXPECT_EQ(d.socket_count(), 1u);
}

TEST(RealnetDriver, StartFailsCleanlyOnATakenPort) {
  asio::io_context io;
  UdpPeer holder(io);
  Scripted m;
  m.locals = {Endpoint{kLoopback, 0}, holder.endpoint()};
  Driver d(io, m);
  auto err = d.start();
  ASSERT_TRUE(err);
  EXPECT_EQ(err->endpoint, holder.endpoint());
  EXPECT_FALSE(m.started);
  EXPECT_FALSE(d.running());
  EXPECT_EQ(d.socket_count(), 0u);
}

TEST(RealnetDriver, DestroyedWithHandlersPendingIsSafe) {
  asio::io_context io;
  UdpPeer peer(io);
  Endpoint bound;
  {
    Scripted m;
    m.locals = {Endpoint{kLoopback, 0}};
    m.wake_at = 1h;
    Driver d(io, m);
    ASSERT_FALSE(d.start());
    bound = *d.bound(Endpoint{kLoopback, 0});
  }
  peer.send(bound, {1});
  run_for(io, 50ms);  // the aborted waits complete with the driver gone
  EXPECT_TRUE(peer.received.empty());
}

TEST(RealnetDriver, RelayRangeHeldByAnotherProcessGives508) {
  asio::io_context io;
  UdpPeer holder(io);  // holds the whole (one-port) relay range
  Driver* opener = nullptr;
  turn::TurnServerConfig c;
  c.listening = {Endpoint{kLoopback, 0}};
  c.relay_address = kLoopback;
  c.relay_port_min = c.relay_port_max = holder.endpoint().port;
  c.users = {{"u", "p"}};
  c.relay_port_usable = [&opener](const Endpoint& ep) {
    std::error_code ec;
    return opener && opener->open(ep, ec);
  };
  Machine<turn::TurnServer, Endpoints::Dynamic> server(c, Rng(1));
  Driver sd(io, server);
  opener = &sd;
  ASSERT_FALSE(sd.start());

  turn::TurnClientConfig cc;
  cc.server = *sd.bound(Endpoint{kLoopback, 0});
  cc.local = Endpoint{kLoopback, 0};
  cc.username = "u";
  cc.password = "p";
  Machine<turn::TurnClient> client(cc, Rng(2));
  std::optional<turn::AllocateFailed> failed;
  client.on_event = [&](const turn::ClientEvent& e) {
    if (auto* f = std::get_if<turn::AllocateFailed>(&e)) failed = *f;
  };
  Driver cd(io, client);
  ASSERT_FALSE(cd.start());
  client.get().allocate(cd.now());
  cd.process();
  ASSERT_TRUE(run_until(io, [&] { return failed.has_value(); }, 10s));
  EXPECT_EQ(failed->failure.code, 508);
  EXPECT_EQ(server.get().allocation_count(), 0u);
  EXPECT_EQ(sd.socket_count(), 1u);
}

}  // namespace
}  // namespace natlab::realnet
