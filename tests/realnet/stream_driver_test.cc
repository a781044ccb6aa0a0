// realnet::Driver carrying a machine's StreamRequests over real TCP sockets
// on 127.0.0.1 (common/stream_io.h): listen, connect, bytes both ways,
// graceful and abortive close, refused connections and ports in use.
#include <gtest/gtest.h>

#include <deque>
#include <variant>
#include <vector>

#include "common/sans_io.h"
#include "realnet/driver.h"
#include "realnet/run.h"
#include "tests/realnet/udp_peer.h"

namespace natlab::realnet {
namespace {

using namespace std::chrono_literals;
using test::kLoopback;

// A machine that only does what the test tells it and records what it hears.
class StreamScript final : public SansIo {
 public:
  std::deque<StreamRequest> requests;
  std::vector<StreamEvent> events;

  std::vector<Endpoint> local_endpoints() const override { return {}; }
  void handle_datagram(Time, const Endpoint&, const Endpoint&, std::span<const std::uint8_t>) override {}
  void handle_timeout(Time) override {}
  std::optional<Transmit> poll_transmit() override { return std::nullopt; }
  std::optional<Time> poll_timeout() const override { return std::nullopt; }
  std::optional<StreamRequest> poll_stream_request() override {
    if (requests.empty()) return std::nullopt;
    StreamRequest r = std::move(requests.front());
    requests.pop_front();
    return r;
  }
  void handle_stream_event(Time, const StreamEvent& e) override { events.push_back(e); }

  template <class E>
  std::vector<E> of() const {
    std::vector<E> out;
    for (const auto& e : events)
      if (auto* p = std::get_if<E>(&e)) out.push_back(*p);
    return out;
  }
  std::vector<std::uint8_t> received(StreamId id) const {
    std::vector<std::uint8_t> out;
    for (const auto& b : of<StreamBytes>())
      if (b.id == id) out.insert(out.end(), b.bytes.begin(), b.bytes.end());
    return out;
  }
};

struct StreamRig {
  asio::io_context io;
  StreamScript a, b;  // a listens, b connects
  Driver da{io, a}, db{io, b};
  Endpoint listen_at;
  StreamId accepted = 0;

  void connect_pair() {
    a.requests.push_back(StreamListen{7, Endpoint{kLoopback, 0}, SocketOptions{}});
    ASSERT_FALSE(da.start());
    ASSERT_TRUE(da.listening(7));
    listen_at = *da.listening(7);
    ASSERT_FALSE(db.start());
    b.requests.push_back(StreamConnect{1, Endpoint{kLoopback, 0}, listen_at, SocketOptions{}});
    db.process();
    ASSERT_TRUE(run_until(io, [&] { return !a.of<StreamAccepted>().empty() && !b.of<StreamConnected>().empty(); }, 10s));
    const auto acc = a.of<StreamAccepted>()[0];
    const auto con = b.of<StreamConnected>()[0];
    EXPECT_EQ(acc.listener, 7u);
    EXPECT_GE(acc.id, kFirstAcceptedStreamId);
    EXPECT_EQ(acc.local, listen_at);
    EXPECT_EQ(acc.remote, con.local);
    EXPECT_EQ(con.remote, listen_at);
    EXPECT_NE(con.local.port, 0);
    accepted = acc.id;
  }
};

TEST(RealnetStreams, BytesBothWaysInOrder) {
  StreamRig r;
  ASSERT_NO_FATAL_FAILURE(r.connect_pair());
  std::vector<std::uint8_t> big(200000);
  for (std::size_t i = 0; i < big.size(); ++i) big[i] = static_cast<std::uint8_t>(i * 7);
  r.b.requests.push_back(StreamSend{1, {1, 2, 3}});
  r.b.requests.push_back(StreamSend{1, big});
  r.db.process();
  std::vector<std::uint8_t> want = {1, 2, 3};
  want.insert(want.end(), big.begin(), big.end());
  ASSERT_TRUE(run_until(r.io, [&] { return r.a.received(r.accepted).size() >= want.size(); }, 10s));
  EXPECT_EQ(r.a.received(r.accepted), want);
  r.a.requests.push_back(StreamSend{r.accepted, {9, 8}});
  r.da.process();
  ASSERT_TRUE(run_until(r.io, [&] { return r.b.received(1).size() >= 2; }, 10s));
  EXPECT_EQ(r.b.received(1), (std::vector<std::uint8_t>{9, 8}));
  EXPECT_EQ(r.db.counters().stream_bytes_sent, want.size());
}

TEST(RealnetStreams, GracefulCloseIsAFinAndAbortiveCloseARst) {
  for (CloseMode mode : {CloseMode::Graceful, CloseMode::Abortive}) {
    StreamRig r;
    ASSERT_NO_FATAL_FAILURE(r.connect_pair());
    // Bytes queued before a graceful close still arrive.
    if (mode == CloseMode::Graceful) r.b.requests.push_back(StreamSend{1, {5, 5, 5}});
    r.b.requests.push_back(StreamClose{1, mode});
    r.db.process();
    // An abortive close is at once; a graceful one once the queued bytes left.
    if (mode == CloseMode::Abortive) {
      EXPECT_EQ(r.db.stream_count(), 0u);
    }
    ASSERT_TRUE(run_until(r.io, [&] {
      return !r.a.of<StreamClosed>().empty() || !r.a.of<StreamReset>().empty();
    }, 10s));
    if (mode == CloseMode::Graceful) {
      EXPECT_EQ(r.a.of<StreamClosed>().size(), 1u);
      EXPECT_TRUE(r.a.of<StreamReset>().empty());
      EXPECT_EQ(r.a.received(r.accepted), (std::vector<std::uint8_t>{5, 5, 5}));
      EXPECT_EQ(r.da.stream_count(), 1u) << "a FIN leaves our side to the machine";
      EXPECT_EQ(r.db.stream_count(), 0u);
    } else {
      EXPECT_EQ(r.a.of<StreamReset>().size(), 1u);
      EXPECT_TRUE(r.a.of<StreamClosed>().empty());
      EXPECT_EQ(r.da.stream_count(), 0u) << "a RST ends the connection";
    }
  }
}

TEST(RealnetStreams, RefusedConnectAndPortInUse) {
  StreamRig r;
  ASSERT_NO_FATAL_FAILURE(r.connect_pair());
  // A second listener on the same port: EADDRINUSE, also with SO_REUSEADDR
  // while the first listens (Linux).
  SocketOptions reuse;
  reuse.reuse_addr = true;
  r.a.requests.push_back(StreamListen{8, r.listen_at, SocketOptions{}});
  r.a.requests.push_back(StreamListen{9, r.listen_at, reuse});
  r.da.process();
  auto failed = r.a.of<StreamFailed>();
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0].id, 8u);
  EXPECT_EQ(failed[0].error, StreamError::AddrInUse);
  EXPECT_EQ(failed[1].error, StreamError::AddrInUse);
  EXPECT_FALSE(r.da.listening(8));

  // Closing the listener frees the port: connecting there is refused.
  r.a.requests.push_back(StreamClose{7, CloseMode::Graceful});
  r.da.process();
  EXPECT_EQ(r.da.listener_count(), 0u);
  r.b.requests.push_back(StreamConnect{2, Endpoint{kLoopback, 0}, r.listen_at, SocketOptions{}});
  r.db.process();
  ASSERT_TRUE(run_until(r.io, [&] { return !r.b.of<StreamFailed>().empty(); }, 10s));
  EXPECT_EQ(r.b.of<StreamFailed>()[0].id, 2u);
  EXPECT_EQ(r.b.of<StreamFailed>()[0].error, StreamError::Refused);
}

TEST(RealnetStreams, ListeningReportsThePortAndReusePortConnectsFromIt) {
  StreamRig r;
  ASSERT_NO_FATAL_FAILURE(r.connect_pair());
  const auto listening = r.a.of<StreamListening>();
  ASSERT_EQ(listening.size(), 1u);
  EXPECT_EQ(listening[0].id, 7u);
  EXPECT_EQ(listening[0].local, r.listen_at);

  // What an ICE-TCP simultaneous-open candidate does (RFC 6544 7.2): listen
  // on an ephemeral port, then connect from that same port. Linux allows it
  // only with SO_REUSEPORT on both sockets.
  SocketOptions so;
  so.reuse_addr = true;
  so.reuse_port = true;
  r.b.requests.push_back(StreamListen{20, Endpoint{kLoopback, 0}, so});
  r.db.process();
  const auto b_listening = r.b.of<StreamListening>();
  ASSERT_EQ(b_listening.size(), 1u);
  const Endpoint so_port = b_listening[0].local;
  EXPECT_NE(so_port.port, 0);
  EXPECT_EQ(r.db.listening(20), so_port);

  SocketOptions reuse_addr_only;
  reuse_addr_only.reuse_addr = true;
  r.b.requests.push_back(StreamConnect{21, so_port, r.listen_at, reuse_addr_only});
  r.b.requests.push_back(StreamConnect{22, so_port, r.listen_at, so});
  r.db.process();
  ASSERT_TRUE(run_until(r.io, [&] { return !r.b.of<StreamConnected>().empty() && r.b.of<StreamConnected>().back().id == 22; }, 10s));
  const auto failed = r.b.of<StreamFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].id, 21u) << "SO_REUSEADDR alone may not share a listening port";
  EXPECT_EQ(failed[0].error, StreamError::AddrInUse);
  EXPECT_EQ(r.b.of<StreamConnected>().back().local, so_port);

  // A second connection on that same 5-tuple: connect() says EADDRNOTAVAIL
  // on Linux, which the stream contract calls AddrInUse (an S-O candidate
  // meets it when the peer's connection to its listener is not yet
  // accepted).
  r.b.requests.push_back(StreamConnect{23, so_port, r.listen_at, so});
  r.db.process();
  ASSERT_TRUE(run_until(r.io, [&] { return r.b.of<StreamFailed>().size() == 2; }, 10s));
  EXPECT_EQ(r.b.of<StreamFailed>()[1].id, 23u);
  EXPECT_EQ(r.b.of<StreamFailed>()[1].error, StreamError::AddrInUse);
}

}  // namespace
}  // namespace natlab::realnet
