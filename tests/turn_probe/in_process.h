#pragma once
// Runs the probe against natlab's own sans-IO TurnServer in one process, on
// a fake clock: datagrams are delivered at once, time jumps to the next
// timer of either side, so the 300 s permission case takes no wall time.
// Hooks break the server on purpose: they rewrite what reaches it or what
// it sends, or intercept a datagram and answer in its place.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "agents/turn/probe/cases.h"
#include "agents/turn/probe/probe.h"
#include "agents/turn/server.h"

namespace natlab::turn::probe::testing {

inline const Endpoint kServer{IpAddress::v4(0xC0000201), 3478};  // 192.0.2.1
inline const IpAddress kRelayIp = IpAddress::v4(0xC000020A);     // 192.0.2.10
inline const IpAddress kClientIp = IpAddress::v4(0xCB007105);    // 203.0.113.5
inline const IpAddress kPeerIp = IpAddress::v4(0xC6336407);      // 198.51.100.7

inline TurnServerConfig server_config() {
  TurnServerConfig c;
  c.listening = {kServer};
  c.relay_address = kRelayIp;
  c.realm = "probe.example";
  c.users = {{"alice", "secret"}};
  return c;
}

inline ProbeConfig probe_config() {
  ProbeConfig c;
  c.server = kServer;
  c.username = "alice";
  c.password = "secret";
  c.realm = "probe.example";
  c.slow = true;
  return c;
}

class InProcess;
struct Hooks {
  // A datagram from the probe to the server's listening address: the
  // bytes to deliver instead (nullopt drops it).
  std::function<std::optional<std::vector<std::uint8_t>>(std::vector<std::uint8_t>)> to_server;
  // A datagram the server sends to one of the probe's sockets.
  std::function<std::optional<std::vector<std::uint8_t>>(std::vector<std::uint8_t>)> from_server;
  // Sees every datagram from the probe first; true: handled, the server
  // never gets it.
  std::function<bool(InProcess&, const Transmit&)> intercept;
};

class InProcess {
 public:
  explicit InProcess(TurnServerConfig sc = server_config(), ProbeConfig pc = probe_config(), Hooks hooks = {})
      : server(std::move(sc), Rng(7)), probe_config_(std::move(pc)), hooks_(std::move(hooks)) {}

  std::vector<CaseResult> run(std::vector<CaseDef> cases) {
    TurnProbe probe(probe_config_, std::move(cases));
    probe_ = &probe;
    probe.start(now);
    for (int rounds = 0; rounds < 100000 && !probe.finished(); ++rounds) {
      pump();
      if (probe.finished()) break;
      auto t = probe.poll_timeout();
      auto ts = server.poll_timeout();
      if (ts && (!t || *ts < *t)) t = ts;
      if (!t) {
        ADD_FAILURE() << "probe stuck: no timer and not finished";
        break;
      }
      now = std::max(now, *t);
      server.handle_timeout(now);
      probe.handle_timeout(now);
    }
    EXPECT_TRUE(probe.finished());
    probe_ = nullptr;
    return probe.results();
  }

  // Delivers a datagram to the probe as if the server (or a relay) sent it.
  void to_probe(const Transmit& t) {
    if (probe_ && open_.count(t.remote)) probe_->handle_datagram(now, t.remote, t.local, t.bytes);
  }
  stun::IntegrityKey key() const {
    return stun::long_term_key(probe_config_.username, server.config().realm, probe_config_.password);
  }

  TurnServer server;
  Time now{};

 private:
  void pump() {
    for (bool busy = true; busy;) {
      busy = false;
      while (auto t = probe_->poll_transmit()) {
        busy = true;
        from_probe(*t);
      }
      while (auto t = server.poll_transmit()) {
        busy = true;
        if (hooks_.from_server) {
          auto b = hooks_.from_server(t->bytes);
          if (!b) continue;
          t->bytes = std::move(*b);
        }
        to_probe(*t);
      }
      while (auto op = probe_->poll_socket_op()) {
        busy = true;
        if (op->kind == SocketOp::Kind::Close) {
          open_.erase(op->local);
          continue;
        }
        Endpoint ep{op->role == SocketRole::Client ? kClientIp : kPeerIp, next_port_++};
        open_.insert(ep);
        probe_->socket_opened(op->id, ep, now);
      }
    }
  }

  void from_probe(Transmit t) {
    if (!open_.count(t.local)) {
      ADD_FAILURE() << "probe sent from a closed socket " << t.local.to_string();
      return;
    }
    if (hooks_.intercept && hooks_.intercept(*this, t)) return;
    const auto locals = server.local_endpoints();
    if (std::find(locals.begin(), locals.end(), t.remote) == locals.end()) return;  // nowhere
    if (t.remote == kServer && hooks_.to_server) {
      auto b = hooks_.to_server(std::move(t.bytes));
      if (!b) return;
      t.bytes = std::move(*b);
    }
    server.handle_datagram(now, t.remote, t.local, t.bytes);
  }

  ProbeConfig probe_config_;
  Hooks hooks_;
  TurnProbe* probe_ = nullptr;
  std::set<Endpoint> open_;
  std::uint16_t next_port_ = 40000;
};

// The result of the case with this id.
inline CaseResult result_of(const std::vector<CaseResult>& results, const std::string& id) {
  for (const auto& r : results)
    if (r.info.id == id) return r;
  ADD_FAILURE() << "no result for " << id;
  return {};
}

// The case with this id from all_cases().
inline CaseDef case_named(const std::string& id) {
  for (auto& c : all_cases())
    if (c.info.id == id) return c;
  ADD_FAILURE() << "no case " << id;
  return {};
}

}  // namespace natlab::turn::probe::testing
