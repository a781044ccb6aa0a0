// TURN in the simulator at scale (issue 4, item 6): 1,000 allocations on one
// TURN server, each with a permission, kept alive by their clients' normal
// refresh policy for one simulated hour. Reports the wall time per run and
// the allocation refreshes simulated per wall-clock second (items).
//
// 4 NATs (one of each translating type) x 50 hosts x 5 clients, each client
// on its own local port. The NATs keep mappings for the whole run, so the
// traffic is TURN's own (Allocate, CreatePermission, Refresh) and not
// keepalives. The packet trace is off; turn1's events are still recorded, as
// in a run. One iteration per run of the binary (about 17 s of wall time);
// use --benchmark_repetitions for more.
#include <benchmark/benchmark.h>

#include <variant>

#include "agents/turn/client.h"
#include "sim/sans_io_app.h"
#include "sim/server_machine.h"
#include "sim/world.h"
#include "tests/ns3/probe.h"

namespace natlab::sim {
namespace {

using namespace testing;

constexpr int kNats = 4;
constexpr int kHostsPerNat = 50;
constexpr int kClientsPerHost = 5;
constexpr int kClients = kNats * kHostsPerNat * kClientsPerHost;  // 1,000
const Endpoint kPeer = ep("203.0.113.50:7000");

std::string user(int i) { return "u" + std::to_string(i); }

Scenario thousand_clients() {
  Scenario sc;
  sc.name = "turn bench";
  Server srv;
  srv.name = "turn1";
  srv.address = ip("203.0.113.10");
  srv.stun = StunService{};
  srv.turn = TurnService{};
  for (int i = 0; i < kClients; ++i) srv.turn->users[user(i)] = "pw" + std::to_string(i);
  srv.link.delay = std::chrono::milliseconds(5);
  sc.servers.push_back(srv);
  const nat::NatType types[] = {nat::NatType::FullCone, nat::NatType::Restricted, nat::NatType::PortRestricted,
                                nat::NatType::Symmetric};
  for (int n = 0; n < kNats; ++n) {
    NatBox nb;
    nb.name = "nat" + std::to_string(n);
    nb.config = nat::Config::for_type(types[n]);
    nb.config.mapping_timeout = std::chrono::hours(2);
    nb.config.public_address = IpAddress::v4(0xC6336401u + static_cast<std::uint32_t>(n));  // 198.51.100.1+n
    nb.lan.subnet = IpAddress::v4(0xC0A80000u + (static_cast<std::uint32_t>(n) << 8));     // 192.168.n.0
    nb.lan.inside_address = IpAddress::v4(0xC0A800FEu + (static_cast<std::uint32_t>(n) << 8));
    nb.link.delay = std::chrono::milliseconds(10);
    sc.nats.push_back(nb);
  }
  for (int n = 0; n < kNats; ++n) {
    for (int h = 0; h < kHostsPerNat; ++h) {
      Host host;
      host.name = "h" + std::to_string(n) + "-" + std::to_string(h);
      host.behind = "nat" + std::to_string(n);
      host.address = IpAddress::v4(0xC0A80000u + (static_cast<std::uint32_t>(n) << 8) + 10 + static_cast<std::uint32_t>(h));
      host.link.delay = std::chrono::milliseconds(1);
      sc.hosts.push_back(host);
    }
  }
  Host peer;
  peer.name = "peer";
  peer.address = kPeer.address;
  peer.behind = "internet";
  peer.link.delay = std::chrono::milliseconds(5);
  sc.hosts.push_back(peer);
  return sc;
}

// Allocates at start, permits the peer once allocated, then lets the client's
// policy refresh both; counts what happened.
class RefreshingClient : public SansIo {
 public:
  RefreshingClient(turn::TurnClientConfig cfg, Rng rng) : c_(std::move(cfg), rng) {}
  std::vector<Endpoint> local_endpoints() const override { return c_.local_endpoints(); }
  void start(Time now) override {
    c_.allocate(now);
    react(now);
  }
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override {
    c_.handle_datagram(now, local, remote, bytes);
    react(now);
  }
  void handle_timeout(Time now) override {
    c_.handle_timeout(now);
    react(now);
  }
  std::optional<Transmit> poll_transmit() override { return c_.poll_transmit(); }
  std::optional<Time> poll_timeout() const override { return c_.poll_timeout(); }

  int allocated = 0, refreshes = 0, permission_refreshes = 0, failures = 0;

 private:
  void react(Time now) {
    while (auto e = c_.poll_event()) {
      if (std::holds_alternative<turn::Allocated>(*e)) {
        ++allocated;
        c_.create_permission(now, kPeer.address);
      } else if (std::holds_alternative<turn::Refreshed>(*e)) {
        ++refreshes;
      } else if (auto* p = std::get_if<turn::PermissionCreated>(&*e)) {
        permission_refreshes += p->refresh;
      } else if (!std::holds_alternative<turn::DataReceived>(*e)) {
        ++failures;  // AllocateFailed, RefreshFailed, AllocationExpired, ...
      }
    }
  }
  turn::TurnClient c_;
};

void BM_ThousandAllocationsRefreshingForAnHour(benchmark::State& state) {
  const Scenario sc = thousand_clients();
  std::int64_t refreshes = 0, permission_refreshes = 0, failures = 0, allocated = 0, live_at_end = 0;
  for (auto _ : state) {
    World w(sc, WorldOptions{"", false});
    auto server = std::make_shared<ServerMachine>(*sc.find_server("turn1"), w.rng_for("server:turn1"));
    install_sans_io(w.node("turn1"), "turn1", server, &w.trace(), Duration{0});
    std::vector<std::shared_ptr<RefreshingClient>> clients;
    clients.reserve(kClients);
    int i = 0;
    for (const auto& h : sc.hosts) {
      if (h.behind == "internet") continue;
      for (int k = 0; k < kClientsPerHost; ++k, ++i) {
        turn::TurnClientConfig cfg;
        cfg.server = ep("203.0.113.10:3478");
        cfg.local = Endpoint{h.address, static_cast<std::uint16_t>(5000 + k)};
        cfg.username = user(i);
        cfg.password = "pw" + std::to_string(i);
        auto c = std::make_shared<RefreshingClient>(cfg, w.rng_for("client:" + std::to_string(i)));
        // Spread the starts over the first second.
        install_sans_io(w.node(h.name), h.name + ":" + std::to_string(k), c, nullptr, std::chrono::milliseconds(i));
        clients.push_back(std::move(c));
      }
    }
    w.run(std::chrono::seconds(3601));
    for (const auto& c : clients) {
      allocated += c->allocated;
      refreshes += c->refreshes;
      permission_refreshes += c->permission_refreshes;
      failures += c->failures;
    }
    live_at_end += static_cast<std::int64_t>(server->turn()->allocation_count());
  }
  state.SetItemsProcessed(refreshes);
  const auto per_run = [&](std::int64_t v) {
    return benchmark::Counter(static_cast<double>(v) / static_cast<double>(state.iterations()));
  };
  state.counters["allocations"] = per_run(allocated);
  state.counters["refreshes"] = per_run(refreshes);
  state.counters["permission_refreshes"] = per_run(permission_refreshes);
  state.counters["failures"] = per_run(failures);
  state.counters["live_at_end"] = per_run(live_at_end);
  if (failures != 0 || live_at_end != static_cast<std::int64_t>(state.iterations()) * kClients)
    state.SkipWithError("allocations were lost");
}
BENCHMARK(BM_ThousandAllocationsRefreshingForAnHour)->Unit(benchmark::kMillisecond)->Iterations(1);

}  // namespace
}  // namespace natlab::sim
