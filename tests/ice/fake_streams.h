#pragma once
// An in-memory stream (TCP) driver for IceAgent tests, with a fake clock:
// listeners, connects (accepted, refused, or black-holed), bytes delivered
// after a delay and cut into small chunks so that framing is exercised, and
// closes. Datagrams are delivered between the agents' own addresses too.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <tuple>
#include <variant>
#include <vector>

#include "agents/ice/agent.h"
#include "agents/ice/rfc4571_framing.h"
#include "tests/ice/fake_clock_loop.h"

namespace natlab::ice::test {

class StreamNet : public FakeClockLoop<std::function<void()>> {
 public:
  struct Node {
    IceAgent* agent = nullptr;
    IpAddress ip;
  };
  struct Req {
    Time at{};
    std::size_t node = 0;
    StreamRequest r;
  };

  Duration delay = std::chrono::milliseconds(10);
  std::size_t chunk = 3;          // bytes per StreamBytes delivery
  bool refuse_connects = false;   // RST to every SYN
  bool black_hole_bytes = false;  // connections open, bytes vanish
  std::vector<Node> nodes;
  std::vector<Req> requests;
  std::size_t datagrams = 0;
  std::size_t simultaneous_opens = 0;  // connects whose SYNs crossed
  // Every StreamSend's bytes, per sending node, to check their framing.
  std::map<std::size_t, std::vector<std::uint8_t>> sent_bytes;

  std::size_t add(IceAgent& a, const char* address) {
    nodes.push_back(Node{&a, *IpAddress::parse(address)});
    return nodes.size() - 1;
  }

  void flush() {
    for (bool more = true; more;) {
      more = false;
      for (std::size_t i = 0; i < nodes.size(); ++i) {
        IceAgent& a = *nodes[i].agent;
        while (auto t = a.poll_transmit()) {
          more = true;
          ++datagrams;
          for (std::size_t j = 0; j < nodes.size(); ++j)
            if (nodes[j].ip == t->remote.address)
              later([this, j, t = *t] { nodes[j].agent->handle_datagram(now, t.remote, t.local, t.bytes); });
        }
        while (auto r = a.poll_stream_request()) {
          more = true;
          requests.push_back(Req{now, i, *r});
          request(i, *r);
        }
        while (auto e = a.poll_event()) events.push_back(Ev{now, i, std::move(*e)});
      }
    }
  }

  void run_until(Time end) {
    std::vector<IceAgent*> agents;
    for (auto& n : nodes) agents.push_back(n.agent);
    run_loop(end, agents, [](std::function<void()>& f) { f(); }, [this] { flush(); }, "StreamNet", 1000000);
  }

  template <class T>
  std::vector<T> requests_of(std::size_t node) const {
    std::vector<T> out;
    for (const auto& r : requests)
      if (r.node == node)
        if (auto* x = std::get_if<T>(&r.r)) out.push_back(*x);
    return out;
  }

 private:
  struct End {
    std::size_t node = 0;
    StreamId id = 0;
  };
  struct Listener {
    std::size_t node = 0;
    StreamId id = 0;
  };

  void later(std::function<void()> f) { schedule(now + delay, std::move(f)); }

  void request(std::size_t from, const StreamRequest& r) {
    if (const auto* listen = std::get_if<StreamListen>(&r)) {
      Endpoint local = listen->local;
      if (local.port == 0) local.port = next_port_++;
      listeners_[local] = Listener{from, listen->id};
      later([this, from, id = listen->id, local] {
        nodes[from].agent->handle_stream_event(now, StreamListening{id, local});
      });
    } else if (const auto* c = std::get_if<StreamConnect>(&r)) {
      // One connection per 5-tuple, as a host allows (a simultaneous-open
      // candidate connects from its listening port: a second connection
      // between the same two ports must be refused) ...
      if (c->local.port != 0 && tuples_.count({c->local, c->remote})) {
        // ... unless the peer's SYN for it is still on its way here: the
        // SYNs cross, a TCP simultaneous open (RFC 793 3.4). One connection,
        // and both ends hear that their connect succeeded.
        auto pa = pending_accepts_.find({from, c->local, c->remote});
        if (pa != pending_accepts_.end() && !*pa->second.delivered) {
          *pa->second.delivered = true;  // the listener never accepts it
          peer_.erase({from, pa->second.accepted});
          peer_[{from, c->id}] = pa->second.connector;
          peer_[{pa->second.connector.node, pa->second.connector.id}] = End{from, c->id};
          pending_accepts_.erase(pa);
          ++simultaneous_opens;
          later([this, from, id = c->id, local = c->local, remote = c->remote] {
            nodes[from].agent->handle_stream_event(now, StreamConnected{id, local, remote});
          });
          return;
        }
        later([this, from, id = c->id] { nodes[from].agent->handle_stream_event(now, StreamFailed{id, StreamError::AddrInUse}); });
        return;
      }
      auto l = listeners_.find(c->remote);
      if (refuse_connects || l == listeners_.end()) {
        later([this, from, id = c->id] { nodes[from].agent->handle_stream_event(now, StreamFailed{id, StreamError::Refused}); });
        return;
      }
      Endpoint local = c->local;
      if (local.port == 0) local.port = next_port_++;
      const StreamId accepted = kFirstAcceptedStreamId + next_accepted_++;
      peer_[{from, c->id}] = End{l->second.node, accepted};
      peer_[{l->second.node, accepted}] = End{from, c->id};
      tuples_.insert({local, c->remote});
      tuples_.insert({c->remote, local});
      auto delivered = std::make_shared<bool>(false);
      pending_accepts_[{l->second.node, c->remote, local}] = PendingAccept{delivered, End{from, c->id}, accepted};
      later([this, to = l->second, accepted, local, remote = c->remote, delivered] {
        if (*delivered) return;  // became a simultaneous open
        *delivered = true;
        pending_accepts_.erase({to.node, remote, local});
        nodes[to.node].agent->handle_stream_event(now, StreamAccepted{to.id, accepted, remote, local});
      });
      later([this, from, id = c->id, local, remote = c->remote] {
        nodes[from].agent->handle_stream_event(now, StreamConnected{id, local, remote});
      });
    } else if (const auto* s = std::get_if<StreamSend>(&r)) {
      auto& log = sent_bytes[from];
      log.insert(log.end(), s->bytes.begin(), s->bytes.end());
      auto p = peer_.find({from, s->id});
      if (p == peer_.end() || black_hole_bytes) return;
      for (std::size_t i = 0; i < s->bytes.size(); i += chunk) {
        std::vector<std::uint8_t> part(s->bytes.begin() + static_cast<long>(i),
                                       s->bytes.begin() + static_cast<long>(std::min(i + chunk, s->bytes.size())));
        later([this, to = p->second, part] { nodes[to.node].agent->handle_stream_event(now, StreamBytes{to.id, part}); });
      }
    } else if (const auto* cl = std::get_if<StreamClose>(&r)) {
      auto p = peer_.find({from, cl->id});
      if (p == peer_.end()) return;
      const End to = p->second;
      peer_.erase(p);
      peer_.erase({to.node, to.id});
      // Abortive (linger 0): an RST reaches the peer instead of a FIN.
      if (cl->mode == CloseMode::Abortive)
        later([this, to] { nodes[to.node].agent->handle_stream_event(now, StreamReset{to.id}); });
      else
        later([this, to] { nodes[to.node].agent->handle_stream_event(now, StreamClosed{to.id}); });
    }
  }

  std::map<Endpoint, Listener> listeners_;
  std::set<std::pair<Endpoint, Endpoint>> tuples_;  // (local, remote) of every connection opened
  // Connections whose SYN has not reached the listener's node yet, by
  // (listener node, its local address, the connector's address).
  struct PendingAccept {
    std::shared_ptr<bool> delivered;
    End connector;
    StreamId accepted = 0;
  };
  std::map<std::tuple<std::size_t, Endpoint, Endpoint>, PendingAccept> pending_accepts_;
  std::map<std::pair<std::size_t, StreamId>, End> peer_;
  std::uint16_t next_port_ = 50000;
  std::uint64_t next_accepted_ = 0;
};

// Whole RFC 4571 frames of a byte log (test helper): fails the test when the
// log does not split into frames exactly.
inline std::vector<std::vector<std::uint8_t>> frames_of(const std::vector<std::uint8_t>& log) {
  Rfc4571Deframer d;
  EXPECT_TRUE(d.feed(log));
  std::vector<std::vector<std::uint8_t>> out;
  while (auto f = d.next()) out.push_back(std::move(*f));
  EXPECT_EQ(d.buffered(), 0u);
  return out;
}

}  // namespace natlab::ice::test
