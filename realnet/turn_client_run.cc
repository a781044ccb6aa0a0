#include "realnet/turn_client_run.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <memory>
#include <set>
#include <variant>
#include <vector>

#include "agents/turn/client.h"
#include "common/rng.h"
#include "realnet/driver.h"
#include "realnet/echo_peer.h"
#include "realnet/machine.h"
#include "realnet/run.h"

namespace natlab::realnet {

namespace {

std::string describe(const turn::Failure& f) {
  if (f.code == 0) return f.reason.empty() ? "no answer" : f.reason;
  return std::to_string(f.code) + " " + f.reason;
}

std::string hex4(std::uint16_t n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", n);
  return buf;
}

// Payload i: a recognisable text, padded to the asked size with its index
// so that each datagram is told apart from the others.
std::vector<std::uint8_t> payload(int i, std::size_t size) {
  std::string text = "natlab turn-client datagram " + std::to_string(i) + " ";
  std::vector<std::uint8_t> out(text.begin(), text.end());
  while (out.size() < size) out.push_back(static_cast<std::uint8_t>('a' + (out.size() + static_cast<std::size_t>(i)) % 26));
  out.resize(std::max<std::size_t>(size, 16));
  return out;
}

Rng seeded_rng() {
  // Transaction IDs must not repeat across runs against the same server.
  const auto t = std::chrono::steady_clock::now().time_since_epoch().count();
  return Rng(static_cast<std::uint64_t>(t) ^ (static_cast<std::uint64_t>(::getpid()) << 32));
}

}  // namespace

TurnClientOutcome run_turn_client(asio::io_context& io, const TurnClientRun& run) {
  TurnClientOutcome o;
  auto fail = [&](const char* step, std::string error) {
    o.failed_step = step;
    o.error = std::move(error);
  };

  std::unique_ptr<EchoPeer> own_peer;
  if (run.peer) {
    o.peer = *run.peer;
  } else {
    own_peer = std::make_unique<EchoPeer>(io, Endpoint{IpAddress::v4(0x7F000001), 0});
    o.peer = own_peer->endpoint();
  }

  turn::TurnClientConfig cfg;
  cfg.server = run.server;
  // Any local address of the server's family; the kernel picks the port.
  cfg.local = Endpoint{run.server.address.is_v4() ? IpAddress::v4(0u) : IpAddress::v6({}), 0};
  cfg.transport = run.transport;
  cfg.username = run.username;
  cfg.password = run.password;
  cfg.software = "natlab turn-client";
  Machine<turn::TurnClient> client(cfg, seeded_rng());
  std::vector<turn::ClientEvent> events;
  client.on_event = [&](const turn::ClientEvent& e) { events.push_back(e); };
  Driver driver(io, client);
  if (auto err = driver.start()) {
    fail("allocate", err->message());
    return o;
  }
  turn::TurnClient& tc = client.get();

  // The first event after `from` that is_done() accepts, waiting up to a step's timeout.
  auto wait = [&](std::size_t from, auto is_done) {
    run_until(io, [&] {
      for (std::size_t i = from; i < events.size(); ++i)
        if (is_done(events[i])) return true;
      return false;
    }, run.step_timeout);
    for (std::size_t i = from; i < events.size(); ++i)
      if (is_done(events[i])) return std::optional<turn::ClientEvent>(events[i]);
    return std::optional<turn::ClientEvent>();
  };
  auto either = [](auto... types) {
    return [](const turn::ClientEvent& e) { return (std::holds_alternative<decltype(types)>(e) || ...); };
  };

  // Allocate (the 401 dance included).
  std::size_t mark = events.size();
  tc.allocate(driver.now());
  driver.process();
  auto e = wait(mark, either(turn::Allocated{}, turn::AllocateFailed{}));
  if (!e) {
    fail("allocate", "no answer from " + run.server.to_string());
    return o;
  }
  if (auto* f = std::get_if<turn::AllocateFailed>(&*e)) {
    fail("allocate", describe(f->failure));
    return o;
  }
  const auto& allocated = std::get<turn::Allocated>(*e);
  o.relayed = allocated.relayed;
  o.mapped = allocated.mapped;

  // Permission, or the channel binding that installs one too; then the
  // datagrams. A failure skips to the deallocation.
  [&] {
    if (!run.realm.empty() && tc.realm() != run.realm) {
      fail("allocate", "the server's realm is '" + tc.realm() + "', not '" + run.realm + "'");
      return;
    }
    if (run.channel) {
      mark = events.size();
      o.channel = tc.bind_channel(driver.now(), o.peer);
      driver.process();
      e = wait(mark, either(turn::ChannelBound{}, turn::ChannelBindFailed{}));
      if (!e) {
        fail("channel", "no answer to ChannelBind");
        return;
      }
      if (auto* f = std::get_if<turn::ChannelBindFailed>(&*e)) {
        fail("channel", describe(f->failure));
        return;
      }
    } else {
      mark = events.size();
      tc.create_permission(driver.now(), o.peer.address);
      driver.process();
      e = wait(mark, either(turn::PermissionCreated{}, turn::PermissionFailed{}));
      if (!e) {
        fail("permission", "no answer to CreatePermission");
        return;
      }
      if (auto* f = std::get_if<turn::PermissionFailed>(&*e)) {
        fail("permission", describe(f->failure));
        return;
      }
    }

    // One datagram at a time, each waiting for its echo: counts do not
    // depend on socket buffers or pacing.
    std::set<std::vector<std::uint8_t>> outstanding;
    for (int i = 0; i < run.count; ++i) {
      const auto data = payload(i, run.payload_size);
      mark = events.size();
      if (!tc.send(driver.now(), o.peer, data)) break;
      ++o.sent;
      outstanding.insert(data);
      driver.process();
      auto back = wait(mark, [&](const turn::ClientEvent& ev) {
        auto* d = std::get_if<turn::DataReceived>(&ev);
        return d && d->peer == o.peer && outstanding.count(d->data);
      });
      if (!back) continue;
      const auto& d = std::get<turn::DataReceived>(*back);
      outstanding.erase(d.data);
      ++o.received;
      if (d.channel) {
        ++o.received_as_channel_data;
      } else {
        ++o.received_as_data_indication;
      }
    }
    if (o.received != run.count) {
      fail("relay", std::to_string(run.count - o.received) + " of " + std::to_string(run.count) +
                        " datagrams did not come back");
    }
  }();

  // LIFETIME 0, whatever happened before.
  mark = events.size();
  if (tc.deallocate(driver.now())) {
    driver.process();
    e = wait(mark, either(turn::Deallocated{}));
    o.deallocated = e && std::get<turn::Deallocated>(*e).confirmed;
  }
  if (!o.failed_step.empty()) return o;
  if (!o.deallocated) {
    fail("deallocate", "the server did not confirm the LIFETIME 0 Refresh");
    return o;
  }
  o.ok = true;
  return o;
}

std::string summary(const TurnClientOutcome& o) {
  std::string s;
  if (!o.failed_step.empty()) s = "FAILED at " + o.failed_step + ": " + o.error + "; ";
  s += "relayed " + (o.relayed ? o.relayed->to_string() : std::string("none"));
  s += " mapped " + (o.mapped ? o.mapped->to_string() : std::string("none"));
  s += " peer " + o.peer.to_string();
  s += " sent " + std::to_string(o.sent) + " received " + std::to_string(o.received);
  if (o.channel) {
    s += " via channel-data (channel " + hex4(*o.channel) + ")";
  } else {
    s += " via send-indication";
  }
  if (o.received_as_channel_data && o.received_as_data_indication) {
    s += " (" + std::to_string(o.received_as_data_indication) + " came back as Data indications)";
  }
  s += o.deallocated ? " deallocated" : " not deallocated";
  return s;
}

}  // namespace natlab::realnet
