// How fast natlab simulates: a 10-host, 4-NAT world with steady traffic for
// 60 s of simulated time (issue: well under a second of wall time).
#include <benchmark/benchmark.h>

#include "sim/sans_io_app.h"
#include "sim/world.h"
#include "tests/ns3/probe.h"

namespace natlab::sim {
namespace {

using namespace testing;

Scenario ten_hosts_four_nats() {
  Scenario sc;
  sc.name = "bench";
  Server srv;
  srv.name = "srv";
  srv.address = ip("203.0.113.10");
  srv.link.delay = std::chrono::milliseconds(5);
  sc.servers.push_back(srv);
  const nat::NatType types[] = {nat::NatType::FullCone, nat::NatType::Restricted, nat::NatType::PortRestricted,
                                nat::NatType::Symmetric};
  for (int n = 0; n < 4; ++n) {
    NatBox nb;
    nb.name = "nat" + std::to_string(n);
    nb.config = nat::Config::for_type(types[n]);
    nb.config.public_address = IpAddress::v4(0xC6336401u + static_cast<std::uint32_t>(n));  // 198.51.100.1+n
    nb.lan.subnet = IpAddress::v4(0xC0A80000u + (static_cast<std::uint32_t>(n) << 8));     // 192.168.n.0
    nb.lan.inside_address = IpAddress::v4(0xC0A800FEu + (static_cast<std::uint32_t>(n) << 8));
    nb.link.delay = std::chrono::milliseconds(10);
    sc.nats.push_back(nb);
  }
  for (int h = 0; h < 10; ++h) {
    Host host;
    host.name = "h" + std::to_string(h);
    host.behind = "nat" + std::to_string(h % 4);
    host.address = IpAddress::v4(0xC0A80000u + (static_cast<std::uint32_t>(h % 4) << 8) + 10 + static_cast<std::uint32_t>(h));
    host.link.delay = std::chrono::milliseconds(1);
    sc.hosts.push_back(host);
  }
  return sc;
}

// Every host sends a datagram every `interval` to the server, which echoes it.
void BM_TenHostsFourNats60s(benchmark::State& state) {
  const auto interval = std::chrono::milliseconds(state.range(0));
  const bool trace = state.range(1) != 0;
  const Scenario sc = ten_hosts_four_nats();
  std::int64_t packets = 0;
  for (auto _ : state) {
    World w(sc, WorldOptions{"", trace});
    auto server = std::make_shared<Probe>(std::vector{ep("203.0.113.10:3478")}, std::nullopt, 0, true);
    install_sans_io(w.node("srv"), "srv", server, &w.trace(), Duration{0});
    const int count = static_cast<int>(std::chrono::seconds(60) / interval);
    for (const auto& h : sc.hosts) {
      auto client = std::make_shared<Probe>(std::vector{Endpoint{h.address, 5000}}, ep("203.0.113.10:3478"), count,
                                            false, interval);
      install_sans_io(w.node(h.name), h.name, client, &w.trace(), Duration{0});
    }
    w.run(std::chrono::seconds(61));
    packets += static_cast<std::int64_t>(server->received.size()) * 2;
  }
  state.SetItemsProcessed(packets);
  state.counters["datagrams_per_run"] =
      benchmark::Counter(static_cast<double>(packets) / static_cast<double>(state.iterations()));
}
BENCHMARK(BM_TenHostsFourNats60s)
    ->ArgsProduct({{20, 100}, {0, 1}})
    ->ArgNames({"interval_ms", "trace"})
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace natlab::sim
