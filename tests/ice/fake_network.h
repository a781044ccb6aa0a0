#pragma once
// An in-process network for IceAgent tests: agents own endpoints, packets
// arrive after a (per-packet) delay, a node may sit behind a full-cone NAT
// (port-preserving), STUN servers answer Binding requests, and hooks can drop
// or rewrite packets. Time is a fake clock advanced event by event.
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <optional>
#include <tuple>
#include <vector>

#include "agents/ice/agent.h"
#include "agents/stun/attributes.h"
#include "tests/ice/fake_clock_loop.h"

namespace natlab::ice::test {

struct Packet {
  Time at{};
  Endpoint from, to;
  std::vector<std::uint8_t> bytes;
};

class FakeNet : public FakeClockLoop<Packet> {
 public:
  struct Node {
    IceAgent* agent = nullptr;
    std::vector<Endpoint> owned;
    std::optional<IpAddress> nat;  // full-cone NAT public address
  };
  struct Sent {
    Time at{};
    std::size_t node = 0;
    Transmit t;
  };
  std::function<Duration(const Packet&)> delay = [](const Packet&) { return Duration(10ms); };
  std::function<bool(const Packet&)> drop = [](const Packet&) { return false; };
  std::function<void(Packet&)> rewrite = [](Packet&) {};
  std::vector<Endpoint> stun_servers;
  std::vector<Node> nodes;
  std::vector<Sent> sent;

  std::size_t add(IceAgent& a, std::vector<Endpoint> owned, std::optional<IpAddress> nat = {}) {
    nodes.push_back(Node{&a, std::move(owned), nat});
    return nodes.size() - 1;
  }

  void flush() {
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      while (auto t = nodes[i].agent->poll_transmit()) {
        sent.push_back(Sent{now, i, *t});
        Packet p{now, t->local, t->remote, t->bytes};
        if (nodes[i].nat) p.from.address = *nodes[i].nat;  // outbound NAT
        send(std::move(p));
      }
      while (auto e = nodes[i].agent->poll_event()) events.push_back(Ev{now, i, std::move(*e)});
    }
  }

  void run_until(Time end) {
    std::vector<IceAgent*> agents;
    for (auto& n : nodes) agents.push_back(n.agent);
    run_loop(end, agents, [this](const Packet& p) { deliver(p); }, [this] { flush(); }, "FakeNet", 2000000);
  }

 private:
  void send(Packet p) {
    if (drop(p)) return;
    rewrite(p);
    p.at = now + delay(p);
    schedule(p.at, std::move(p));
  }

  void deliver(const Packet& p) {
    for (const auto& s : stun_servers) {
      if (p.to != s) continue;
      auto r = stun::decode(p.bytes);
      if (!r || r.message->cls != stun::Class::Request) return;
      stun::Message resp;
      resp.cls = stun::Class::Success;
      resp.method = r.message->method;
      resp.transaction_id = r.message->transaction_id;
      resp.add(stun::XorMappedAddress{p.from});
      send(Packet{now, s, p.from, stun::encode(resp)});
      return;
    }
    for (auto& n : nodes) {
      Endpoint to = p.to;
      if (n.nat) {
        if (to.address != *n.nat) continue;
        for (const auto& o : n.owned)  // inbound NAT: port-preserving, full cone
          if (o.port == to.port) to = o;
      }
      for (const auto& o : n.owned) {
        if (o == to) {
          n.agent->handle_datagram(now, to, p.from, p.bytes);
          return;
        }
      }
    }
  }
};

inline IpAddress ip(const char* s) { return *IpAddress::parse(s); }
inline Endpoint ep(const char* s) { return *Endpoint::parse(s); }

inline AgentConfig config(Role role, std::vector<IpAddress> ips, std::uint16_t port,
                          int components = 1) {
  AgentConfig c;
  c.role = role;
  c.components = components;
  c.sockets = host_sockets(ips, components, port);
  return c;
}

inline std::vector<Endpoint> sockets_of(const AgentConfig& c) {
  std::vector<Endpoint> out;
  for (const auto& s : c.sockets) out.push_back(s.address);
  return out;
}

// Gathers on both agents, exchanges descriptions at `offer_at`, runs to `end`.
inline void connect(FakeNet& net, IceAgent& a, IceAgent& b, Time end) {
  a.start_gathering(net.now);
  b.start_gathering(net.now);
  net.flush();
  for (int i = 0; i < 1000 && !(a.gathering_complete() && b.gathering_complete()); ++i)
    net.run_until(net.now + 10ms);
  b.set_remote_description(net.now, a.local_description());
  a.set_remote_description(net.now, b.local_description());
  net.flush();
  net.run_until(end);
}

inline bool is_indication(const Transmit& t) {
  auto r = stun::decode(t.bytes);
  return r && r.message->cls == stun::Class::Indication;
}

}  // namespace natlab::ice::test
