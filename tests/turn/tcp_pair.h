#pragma once
// A TurnClient and a TurnServer joined by an in-memory TCP connection
// (common/stream_io.h) that splits every write into small chunks, with a fake
// clock: for the TURN-over-TCP tests (RFC 5766 2.1).
#include <gtest/gtest.h>

#include <algorithm>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "agents/stun/channel_data.h"
#include "agents/turn/client.h"
#include "agents/turn/server.h"
#include "agents/turn/stream_deframer.h"

namespace natlab::turn::testing {

inline const Endpoint kTcpServer{IpAddress::v4(0xC0000201), 3478};       // 192.0.2.1
inline const IpAddress kTcpRelayIp = IpAddress::v4(0xC000020A);           // 192.0.2.10
inline const Endpoint kTcpClientAddr{IpAddress::v4(0xCB007105), 40000};  // 203.0.113.5
inline const Endpoint kTcpPeer{IpAddress::v4(0xC6336407), 5000};         // 198.51.100.7

inline TurnServerConfig tcp_server_config() {
  TurnServerConfig c;
  c.listening = {kTcpServer};
  c.tcp_listening = {kTcpServer};
  c.relay_address = kTcpRelayIp;
  c.realm = "natlab.test";
  c.users = {{"alice", "s3cret"}};
  return c;
}

inline TurnClientConfig tcp_client_config() {
  TurnClientConfig c;
  c.server = kTcpServer;
  c.local = kTcpClientAddr;
  c.username = "alice";
  c.password = "s3cret";
  c.transport = Transport::Tcp;
  return c;
}

// Every write on the connection, as it was written (before chunking).
struct TcpWrite {
  bool from_client = false;
  std::vector<std::uint8_t> bytes;
};

class TcpTurnPair {
 public:
  explicit TcpTurnPair(std::size_t chunk = 3)
      : client(tcp_client_config(), Rng(21)), server(tcp_server_config(), Rng(22)), chunk_(chunk) {}

  TurnClient client;
  TurnServer server;
  Time now = std::chrono::seconds(1);
  std::vector<ClientEvent> client_events;
  std::vector<ServerEvent> server_events;
  std::vector<Transmit> to_peers;  // UDP from the relayed address
  std::vector<TcpWrite> writes;
  std::vector<StreamClose> client_closes, server_closes;
  bool accept = true;  // false: the server host refuses the SYN

  std::optional<StreamId> server_conn() const { return server_conn_; }
  StreamId client_stream() const { return client_id_; }

  // Delivers everything both sides queued until both are quiet.
  void settle() {
    for (int round = 0; round < 1000; ++round) {
      bool moved = false;
      while (auto r = server.poll_stream_request()) {
        moved = true;
        on_server_request(*r);
      }
      while (auto r = client.poll_stream_request()) {
        moved = true;
        on_client_request(*r);
      }
      while (auto t = server.poll_transmit()) {
        moved = true;
        to_peers.push_back(std::move(*t));
      }
      while (auto t = client.poll_transmit()) {
        moved = true;
        ADD_FAILURE() << "a TCP client sent a datagram";
      }
      while (auto e = client.poll_event()) client_events.push_back(std::move(*e));
      while (auto e = server.poll_event()) server_events.push_back(std::move(*e));
      if (!moved) return;
    }
    ADD_FAILURE() << "no quiescence";
  }

  void advance_to(Time t) {
    now = t;
    client.handle_timeout(now);
    server.handle_timeout(now);
    settle();
  }

  void peer_sends(const Endpoint& peer, const Endpoint& relayed, std::vector<std::uint8_t> bytes) {
    server.handle_datagram(now, relayed, peer, bytes);
    settle();
  }

  // The client's host closes (FIN) or resets the connection without the
  // TurnClient asking: the server sees StreamClosed / StreamReset.
  void client_host_closes(bool reset) {
    ASSERT_TRUE(server_conn_);
    if (reset) server.handle_stream_event(now, StreamReset{*server_conn_});
    else server.handle_stream_event(now, StreamClosed{*server_conn_});
    settle();
  }

  template <class E>
  std::vector<E> client_events_of() const {
    std::vector<E> out;
    for (const auto& e : client_events)
      if (auto* p = std::get_if<E>(&e)) out.push_back(*p);
    return out;
  }

 private:
  void on_client_request(const StreamRequest& r) {
    if (auto* c = std::get_if<StreamConnect>(&r)) {
      client_id_ = c->id;
      if (!accept) {
        client.handle_stream_event(now, StreamFailed{c->id, StreamError::Refused});
        return;
      }
      EXPECT_EQ(c->remote, kTcpServer);
      server_conn_ = kFirstAcceptedStreamId + next_accept_++;
      server.handle_stream_event(now, StreamAccepted{1, *server_conn_, kTcpServer, kTcpClientAddr});
      client.handle_stream_event(now, StreamConnected{c->id, kTcpClientAddr, kTcpServer});
    } else if (auto* s = std::get_if<StreamSend>(&r)) {
      EXPECT_EQ(s->id, client_id_);
      writes.push_back(TcpWrite{true, s->bytes});
      if (server_conn_) deliver(s->bytes, [&](std::vector<std::uint8_t> b) {
        server.handle_stream_event(now, StreamBytes{*server_conn_, std::move(b)});
      });
    } else if (auto* cl = std::get_if<StreamClose>(&r)) {
      client_closes.push_back(*cl);
      if (server_conn_) {
        if (cl->mode == CloseMode::Graceful) server.handle_stream_event(now, StreamClosed{*server_conn_});
        else server.handle_stream_event(now, StreamReset{*server_conn_});
      }
    } else {
      ADD_FAILURE() << "the client listened";
    }
  }

  void on_server_request(const StreamRequest& r) {
    if (auto* l = std::get_if<StreamListen>(&r)) {
      EXPECT_EQ(l->id, 1u);
      EXPECT_EQ(l->local, kTcpServer);
      EXPECT_TRUE(l->options.reuse_addr);
    } else if (auto* s = std::get_if<StreamSend>(&r)) {
      EXPECT_EQ(std::optional<StreamId>(s->id), server_conn_);
      writes.push_back(TcpWrite{false, s->bytes});
      deliver(s->bytes, [&](std::vector<std::uint8_t> b) {
        client.handle_stream_event(now, StreamBytes{client_id_, std::move(b)});
      });
    } else if (auto* cl = std::get_if<StreamClose>(&r)) {
      server_closes.push_back(*cl);
    } else {
      ADD_FAILURE() << "the server connected out";
    }
  }

  template <class F>
  void deliver(const std::vector<std::uint8_t>& bytes, F&& f) {
    for (std::size_t i = 0; i < bytes.size(); i += chunk_) {
      const std::size_t n = std::min(chunk_, bytes.size() - i);
      f(std::vector<std::uint8_t>(bytes.begin() + static_cast<std::ptrdiff_t>(i),
                                  bytes.begin() + static_cast<std::ptrdiff_t>(i + n)));
    }
  }

  std::size_t chunk_;
  StreamId client_id_ = 0;
  std::optional<StreamId> server_conn_;
  StreamId next_accept_ = 0;
};

}  // namespace natlab::turn::testing
