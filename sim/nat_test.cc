#include "sim/nat_test.h"

#include <nlohmann/json.hpp>

#include "agents/stun/nat_discovery_machine.h"
#include "agents/stun/server.h"
#include "common/sans_io_machine.h"
#include "sim/sans_io_app.h"
#include "sim/world.h"

namespace natlab::sim {

namespace {

constexpr std::uint16_t kStunPort = 3478;
constexpr std::uint16_t kAltPort = 3479;

Scenario topology(const nat::Config& cfg) {
  Scenario sc;
  sc.name = "nat-test";
  Server srv;
  srv.name = "stun";
  srv.address = *IpAddress::parse("203.0.113.10");
  srv.alternate_address = *IpAddress::parse("203.0.113.11");
  srv.stun = StunService{kStunPort};
  srv.link.delay = std::chrono::milliseconds(5);
  sc.servers.push_back(srv);
  NatBox nb;
  nb.name = "nat";
  nb.config = cfg;
  nb.config.public_address = *IpAddress::parse("198.51.100.1");
  nb.lan.subnet = *IpAddress::parse("192.168.1.0");
  nb.lan.inside_address = *IpAddress::parse("192.168.1.254");
  nb.link.delay = std::chrono::milliseconds(10);
  sc.nats.push_back(nb);
  Host h;
  h.name = "host";
  h.address = *IpAddress::parse("192.168.1.10");
  h.behind = "nat";
  h.link.delay = std::chrono::milliseconds(1);
  sc.hosts.push_back(h);
  return sc;
}

}  // namespace

NatTestResult run_nat_test(nat::Config cfg, std::uint64_t seed) {
  Scenario sc = topology(cfg);
  sc.seed = seed;
  World world(sc, {});
  const Server& s = sc.servers[0];

  stun::ServerConfig scfg;
  scfg.primary = {s.address, kStunPort};
  scfg.alternate_ip = s.alternate_address;
  scfg.alternate_port = kAltPort;
  auto server = std::make_shared<SansIoMachine<stun::StunServer>>(scfg);
  install_sans_io(world.node("stun"), "stun", server, &world.trace(), Duration{0});

  stun::DiscoveryConfig dcfg;
  dcfg.server = scfg.primary;
  dcfg.local = {sc.hosts[0].address, 5000};
  auto client = std::make_shared<stun::NatDiscoveryMachine>(dcfg, world.rng_for("nat-test-client"));
  install_sans_io(world.node("host"), "discovery", client, &world.trace(), std::chrono::milliseconds(10));

  // Discovery takes a few seconds of simulated time; a failed test I takes
  // 39.5 s (RFC 5389 7.2.1).
  world.run(std::chrono::seconds(60));

  NatTestResult r;
  const stun::NatDiscovery* d = client->client();
  if (!d || !d->finished()) {
    r.error = "discovery did not finish";
    r.mapping = r.filtering = "unknown";
    return r;
  }
  const auto& res = d->result();
  r.mapping = stun::to_string(res.mapping);
  r.filtering = stun::to_string(res.filtering);
  r.hairpinning = res.hairpinning;
  r.nat_detected = res.nat_detected;
  r.error = res.error;
  if (res.mapped_test1) r.mapped_address = res.mapped_test1->to_string();
  if (client->finished_at()) r.finished_ms = to_ms(*client->finished_at());
  return r;
}

std::string to_json(const NatTestResult& r, bool verbose) {
  // The three RFC 4787 answers, in the order and spacing the command has
  // always printed; details only on request.
  auto q = [](const std::string& v) { return nlohmann::json(v).dump(); };
  std::string out = "{\"mapping\": " + q(r.mapping) + ", \"filtering\": " + q(r.filtering) +
                    ", \"hairpinning\": " + (r.hairpinning ? (*r.hairpinning ? "true" : "false") : "null");
  if (verbose) {
    out += ", \"nat_detected\": " + std::string(r.nat_detected ? "true" : "false");
    out += ", \"mapped_address\": " + q(r.mapped_address);
    out += ", \"finished_ms\": " + nlohmann::json(r.finished_ms).dump();
    if (r.error) out += ", \"error\": " + q(*r.error);
  }
  return out + "}";
}

}  // namespace natlab::sim
