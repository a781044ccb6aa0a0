#pragma once
// Test machines for driving the TURN client directly over the simulated
// network (no ICE), and the small world they run in.
//
// TurnProbe wraps turn::TurnClient: it allocates at start, creates a
// permission for one peer, sends one datagram as a Send indication, binds a
// channel once the first data comes back, then sends every `interval` (as
// ChannelData, the channel being bound). It records the client's events and
// the data received, with the time of each.
//
// TurnPeer echoes what it receives and, optionally, sends on its own every
// `interval` to a target (by default the last address it heard from).
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "agents/turn/client.h"
#include "sim/event_json.h"
#include "sim/sans_io.h"
#include "sim/scenario.h"
#include "tests/ns3/probe.h"

namespace natlab::sim::testing {

class TurnProbe : public SansIo {
 public:
  TurnProbe(turn::TurnClientConfig config, Endpoint peer, Duration interval, Rng rng)
      : client_(std::move(config), rng), peer_(peer), interval_(interval) {}

  turn::TurnClient& client() { return client_; }
  const turn::TurnClient& client() const { return client_; }

  std::vector<Endpoint> local_endpoints() const override { return client_.local_endpoints(); }
  void start(Time now) override {
    client_.allocate(now);
    react(now);
  }
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override {
    client_.handle_datagram(now, local, remote, bytes);
    react(now);
  }
  void handle_timeout(Time now) override {
    client_.handle_timeout(now);
    if (next_send_ && now >= *next_send_) {
      if (client_.state() == turn::ClientState::Allocated) {
        send_ping(now);
        next_send_ = now + interval_;
      } else {
        next_send_.reset();
      }
    }
    react(now);
  }
  std::optional<Transmit> poll_transmit() override { return client_.poll_transmit(); }
  std::optional<Time> poll_timeout() const override {
    auto t = client_.poll_timeout();
    if (next_send_ && (!t || *next_send_ < *t)) t = next_send_;
    return t;
  }
  std::vector<nlohmann::json> poll_events() override {
    std::vector<nlohmann::json> out;
    out.swap(json_);
    return out;
  }

  struct Event {
    Time at;
    turn::ClientEvent ev;
  };
  struct Rx {
    Time at;
    Endpoint peer;
    std::string text;
    std::optional<std::uint16_t> channel;
  };
  std::vector<Event> events;
  std::vector<Rx> received;
  int sent = 0;

  template <class E>
  std::vector<std::pair<Time, E>> events_of() const {
    std::vector<std::pair<Time, E>> out;
    for (const auto& e : events)
      if (const E* x = std::get_if<E>(&e.ev)) out.emplace_back(e.at, *x);
    return out;
  }

 private:
  void send_ping(Time now) {
    const std::string msg = "ping" + std::to_string(++sent);
    client_.send(now, peer_, std::span(reinterpret_cast<const std::uint8_t*>(msg.data()), msg.size()));
  }

  // Drains the client's events and takes the next step of the script.
  void react(Time now) {
    while (auto e = client_.poll_event()) {
      json_.push_back(to_json(*e));
      if (std::holds_alternative<turn::Allocated>(*e)) {
        client_.create_permission(now, peer_.address);
      } else if (auto* p = std::get_if<turn::PermissionCreated>(&*e)) {
        // The first datagram goes as a Send indication.
        if (!p->refresh && p->peer == peer_.address && sent == 0) send_ping(now);
      } else if (auto* d = std::get_if<turn::DataReceived>(&*e)) {
        received.push_back({now, d->peer, std::string(d->data.begin(), d->data.end()), d->channel});
        if (!bind_asked_ && d->peer == peer_) {
          bind_asked_ = true;
          client_.bind_channel(now, peer_);
        }
      } else if (auto* b = std::get_if<turn::ChannelBound>(&*e)) {
        if (!b->refresh && b->peer == peer_) next_send_ = now;  // periodic ChannelData from now on
      }
      events.push_back({now, std::move(*e)});
    }
  }

  turn::TurnClient client_;
  Endpoint peer_;
  Duration interval_;
  bool bind_asked_ = false;
  std::optional<Time> next_send_;
  std::vector<nlohmann::json> json_;
};

class TurnPeer : public SansIo {
 public:
  using Target = std::function<std::optional<Endpoint>()>;
  // interval 0: echo only.
  explicit TurnPeer(Endpoint local, Duration interval = Duration{0}, Target target = {})
      : local_(local), interval_(interval), target_(std::move(target)) {}

  std::vector<Endpoint> local_endpoints() const override { return {local_}; }
  void start(Time now) override {
    if (interval_ > Duration{0}) next_ = now + interval_;
  }
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override {
    received.push_back({now, local, remote, std::string(bytes.begin(), bytes.end())});
    last_remote_ = remote;
    out_.push_back({local_, remote, std::vector<std::uint8_t>(bytes.begin(), bytes.end())});
  }
  void handle_timeout(Time now) override {
    if (!next_ || now < *next_) return;
    const std::optional<Endpoint> to = target_ ? target_() : last_remote_;
    if (to) {
      const std::string msg = "peer" + std::to_string(++sent);
      out_.push_back({local_, *to, std::vector<std::uint8_t>(msg.begin(), msg.end())});
      sent_at.push_back(now);
    }
    next_ = now + interval_;
  }
  std::optional<Transmit> poll_transmit() override {
    if (out_.empty()) return std::nullopt;
    auto t = std::move(out_.front());
    out_.pop_front();
    return t;
  }
  std::optional<Time> poll_timeout() const override { return next_; }

  std::vector<Probe::Rx> received;
  std::vector<Time> sent_at;  // the peer's own datagrams (not echoes)
  int sent = 0;

 private:
  Endpoint local_;
  Duration interval_;
  Target target_;
  std::optional<Endpoint> last_remote_;
  std::optional<Time> next_;
  std::deque<Transmit> out_;
};

// turn1 (TURN, user alice) and two public hosts, peer and stranger, behind
// `internet`; alice behind nat-a of the given type.
inline Scenario turn_world(nat::NatType type) {
  // The one-NAT world of probe.h, its server made a TURN server.
  Scenario sc = one_nat(type);
  sc.name = "turn test";
  Server& srv = sc.servers.front();
  srv.name = "turn1";
  srv.stun = StunService{};
  srv.turn = TurnService{};
  srv.turn->users = {{"alice", "alice-secret"}};
  for (auto [name, addr] : {std::pair{"peer", "203.0.113.50"}, std::pair{"stranger", "203.0.113.60"}}) {
    Host h;
    h.name = name;
    h.address = ip(addr);
    h.behind = "internet";
    h.link.delay = std::chrono::milliseconds(5);
    sc.hosts.push_back(h);
  }
  return sc;
}

inline turn::TurnClientConfig alice_turn_config() {
  turn::TurnClientConfig c;
  c.server = ep("203.0.113.10:3478");
  c.local = ep("192.168.1.10:5000");
  c.username = "alice";
  c.password = "alice-secret";
  return c;
}

}  // namespace natlab::sim::testing
