// natlab nat-test: RFC 5780 discovery against one simulated NAT; prints JSON.
#include <iostream>
#include <string>

#include "apps/commands.h"
#include "nat_models/nat.h"
#include "sim/nat_test.h"
#include "sim/units.h"

namespace natlab::apps {

void register_nat_test(CLI::App& app) {
  auto* cmd = app.add_subcommand("nat-test",
                                 "Run RFC 5780 NAT behaviour discovery through one simulated NAT; prints JSON");
  struct Opts {
    std::string type = "port-restricted", mapping, filtering, port_allocation, mapping_timeout;
    bool hairpinning = false, refresh_on_inbound = false, verbose = false;
    std::uint64_t seed = 1;
  };
  static Opts o;
  cmd->add_option("--type", o.type, "open | full-cone | restricted | port-restricted | symmetric")->required();
  cmd->add_option("--mapping", o.mapping, "endpoint-independent | address-dependent | address-and-port-dependent");
  cmd->add_option("--filtering", o.filtering, "endpoint-independent | address-dependent | address-and-port-dependent");
  cmd->add_option("--port-allocation", o.port_allocation, "preserve | sequential | random");
  cmd->add_option("--mapping-timeout", o.mapping_timeout, "idle mapping lifetime, e.g. 120s");
  cmd->add_flag("--hairpinning", o.hairpinning, "the NAT hairpins");
  cmd->add_flag("--refresh-on-inbound", o.refresh_on_inbound, "inbound packets refresh mappings");
  cmd->add_option("--seed", o.seed, "random seed");
  cmd->add_flag("--verbose", o.verbose, "also print mapped address, timing and errors");
  cmd->callback([] {
    auto fail = [](const std::string& msg) {
      std::cerr << "natlab nat-test: error: " << msg << "\n";
      set_exit_status(2);
    };
    auto type = nat::parse_nat_type(o.type);
    if (!type) return fail("unknown NAT type '" + o.type + "'; expected one of: open, full-cone, restricted, port-restricted, symmetric");
    nat::Config cfg = nat::Config::for_type(*type);
    if (!o.mapping.empty()) {
      auto m = nat::parse_mapping(o.mapping);
      if (!m) return fail("unknown mapping '" + o.mapping + "'");
      cfg.mapping = *m;
    }
    if (!o.filtering.empty()) {
      auto f = nat::parse_filtering(o.filtering);
      if (!f) return fail("unknown filtering '" + o.filtering + "'");
      cfg.filtering = *f;
    }
    if (!o.port_allocation.empty()) {
      auto p = nat::parse_port_allocation(o.port_allocation);
      if (!p) return fail("unknown port allocation '" + o.port_allocation + "'");
      cfg.port_allocation = *p;
    }
    if (!o.mapping_timeout.empty()) {
      auto d = sim::parse_duration(o.mapping_timeout);
      if (!d) return fail("bad duration '" + o.mapping_timeout + "'");
      cfg.mapping_timeout = *d;
    }
    cfg.hairpinning = o.hairpinning;
    cfg.refresh_on_inbound = o.refresh_on_inbound;
    sim::NatTestResult r = sim::run_nat_test(cfg, o.seed);
    std::cout << sim::to_json(r, o.verbose) << "\n";
    set_exit_status(r.error ? 1 : 0);
  });
}

}  // namespace natlab::apps
