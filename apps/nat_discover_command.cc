// natlab nat-discover: RFC 5780 NAT behaviour discovery over real UDP
// against a server with two addresses and two ports; prints one JSON line
// (docs/commands.md#natlab-nat-discover).
#include <iostream>
#include <string>

#include <asio/io_context.hpp>

#include "apps/commands.h"
#include "realnet/nat_discover_run.h"
#include "realnet/probe/probe_driver.h"
#include "realnet/resolve.h"

namespace natlab::apps {

void register_nat_discover(CLI::App& app) {
  auto* cmd = app.add_subcommand("nat-discover",
                                 "Discover the mapping and filtering of the NATs on the path to an RFC 5780 "
                                 "STUN server over UDP; prints JSON");
  struct Opts {
    std::string server, bind;
    bool no_hairpinning = false;
    double timeout = 60;
    std::uint64_t seed = 0;
    int port = 0;
  };
  static Opts o;
  cmd->add_option("--server", o.server, "HOST:PORT of the server's primary address")->required();
  cmd->add_option("--bind", o.bind, "local IP address (default: the one the host uses to reach the server)");
  cmd->add_option("--port", o.port, "local port of tests I to III (default: one found free)")
      ->check(CLI::Range(1, 65535));
  cmd->add_flag("--no-hairpinning", o.no_hairpinning, "skip the hairpinning test (RFC 5780 4.5)");
  cmd->add_option("--timeout", o.timeout, "seconds the whole run may take at most")->check(CLI::Range(1.0, 3600.0));
  cmd->add_option("--seed", o.seed, "seed of the transaction IDs (default: random)");
  cmd->callback([] {
    auto usage = [](const std::string& msg) {
      std::cerr << "natlab nat-discover: error: " << msg << "\n";
      set_exit_status(2);
    };
    std::string error;
    auto server = realnet::resolve_udp(o.server, error);
    if (!server) return usage("--server: " + error);
    realnet::NatDiscoverRun run;
    run.server = *server;
    if (!o.bind.empty()) {
      auto ip = IpAddress::parse(o.bind);
      if (!ip) return usage("--bind: not an IP address: '" + o.bind + "'");
      run.local = *ip;
    } else {
      auto ip = realnet::local_address_towards(*server);
      if (!ip) return usage("no route to " + server->to_string());
      run.local = *ip;
    }
    run.local_port = static_cast<std::uint16_t>(o.port);
    run.test_hairpinning = !o.no_hairpinning;
    run.limit = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.timeout));
    if (o.seed != 0) run.seed = o.seed;
    asio::io_context io;
    const auto outcome = realnet::run_nat_discover(io, run);
    std::cout << realnet::to_json(outcome).dump() << std::endl;
    set_exit_status(outcome.error.empty() && !outcome.result.error ? 0 : 1);
  });
}

}  // namespace natlab::apps
