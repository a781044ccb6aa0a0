#include "realnet/nat_discover_run.h"

#include <memory>
#include <random>
#include <utility>
#include <vector>

#include <asio/ip/udp.hpp>

#include "agents/stun/nat_discovery_machine.h"
#include "common/rng.h"
#include "common/sans_io.h"
#include "realnet/asio_endpoint.h"
#include "realnet/driver.h"
#include "realnet/local_addresses.h"
#include "realnet/run.h"

namespace natlab::realnet {

NatDiscoverOutcome run_nat_discover(asio::io_context& io, const NatDiscoverRun& run) {
  NatDiscoverOutcome out;
  // NatDiscovery compares test I's mapped address with its own socket's
  // address (RFC 5780 4.3: "no NAT" when they are equal), so it must know its
  // real port: one found free, named to the Driver instead of port 0.
  const auto port = run.local_port != 0 ? std::optional<std::uint16_t>(run.local_port) : free_udp_port(run.local);
  if (!port) {
    out.error = "no free UDP port on " + run.local.to_string();
    return out;
  }
  out.local = Endpoint{run.local, *port};
  stun::DiscoveryConfig config;
  config.server = run.server;
  config.local = out.local;
  config.test_hairpinning = run.test_hairpinning;
  if (run.test_hairpinning) {
    // RFC 5780 4.5: the hairpinning request goes "from a different port".
    std::optional<std::uint16_t> second;
    for (int i = 0; i < 16 && (!second || *second == *port); ++i) second = free_udp_port(run.local);
    if (!second || *second == *port) {
      out.error = "no second free UDP port on " + run.local.to_string();
      return out;
    }
    out.hairpin_local = Endpoint{run.local, *second};
    config.hairpin_local = out.hairpin_local;
  }

  Rng rng(run.seed ? *run.seed : (std::uint64_t{std::random_device{}()} << 32) ^ std::random_device{}());
  stun::NatDiscoveryMachine machine(config, rng);
  Driver driver(io, machine);
  if (auto e = driver.start()) {
    out.error = e->message();
    return out;
  }
  const bool done = run_until(io, [&] { return machine.finished(); }, run.limit);
  driver.stop();
  if (machine.client()) out.result = machine.client()->result();
  if (!done) out.error = "no result within the time limit (stopped at " +
                         std::string(machine.client() ? stun::to_string(machine.client()->step()) : "start") + ")";
  return out;
}

nlohmann::json to_json(const NatDiscoverOutcome& o) {
  const auto& r = o.result;
  nlohmann::json j;
  j["mapping"] = stun::to_string(r.mapping);
  j["filtering"] = stun::to_string(r.filtering);
  j["hairpinning"] = r.hairpinning ? nlohmann::json(*r.hairpinning) : nlohmann::json(nullptr);
  j["nat_detected"] = r.nat_detected;
  j["local"] = o.local.to_string();
  j["mapped_address"] = r.mapped_test1 ? nlohmann::json(r.mapped_test1->to_string()) : nlohmann::json(nullptr);
  // Tests II and III of RFC 5780 4.3, when they ran: the mapping of the
  // same socket towards the alternate address, and address and port.
  j["mapped_test2"] = r.mapped_test2 ? nlohmann::json(r.mapped_test2->to_string()) : nlohmann::json(nullptr);
  j["mapped_test3"] = r.mapped_test3 ? nlohmann::json(r.mapped_test3->to_string()) : nlohmann::json(nullptr);
  j["other_address"] = r.other_address ? nlohmann::json(r.other_address->to_string()) : nlohmann::json(nullptr);
  if (!o.error.empty()) {
    j["error"] = o.error;
  } else if (r.error) {
    j["error"] = *r.error;
  }
  return j;
}

}  // namespace natlab::realnet
