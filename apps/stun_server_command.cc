// natlab stun-server: natlab's STUN server (agents/stun/server.h) on real UDP
// sockets, with RFC 5780 behaviour discovery when given a second address and
// a second port (docs/commands.md#natlab-stun-server). Runs until SIGINT or
// SIGTERM.
#include <csignal>
#include <iostream>
#include <string>

#include <asio/io_context.hpp>
#include <asio/signal_set.hpp>

#include "agents/stun/server.h"
#include "apps/commands.h"
#include "realnet/driver.h"
#include "realnet/machine.h"

namespace natlab::apps {

void register_stun_server(CLI::App& app) {
  auto* cmd = app.add_subcommand("stun-server",
                                 "Answer STUN Binding requests over UDP; with --alternate-ip and "
                                 "--alternate-port also RFC 5780 CHANGE-REQUEST and OTHER-ADDRESS");
  struct Opts {
    std::string listen, alternate_ip, software = "natlab";
    int alternate_port = 0;
  };
  static Opts o;
  cmd->add_option("--listen", o.listen, "IP:PORT of the primary socket (a real port: it is announced)")
      ->required();
  cmd->add_option("--alternate-ip", o.alternate_ip, "the server's second IP address (RFC 5780 6)");
  cmd->add_option("--alternate-port", o.alternate_port, "the server's second port (RFC 5780 6)")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--software", o.software, "SOFTWARE attribute of every response (empty: none)");
  cmd->callback([] {
    auto usage = [](const std::string& msg) {
      std::cerr << "natlab stun-server: error: " << msg << "\n";
      set_exit_status(2);
    };
    auto primary = Endpoint::parse(o.listen);
    if (!primary || primary->port == 0) return usage("--listen: expected IP:PORT with a port above 0: '" + o.listen + "'");
    stun::ServerConfig config;
    config.primary = *primary;
    config.software = o.software;
    if (!o.alternate_ip.empty()) {
      auto ip = IpAddress::parse(o.alternate_ip);
      if (!ip) return usage("--alternate-ip: not an IP address: '" + o.alternate_ip + "'");
      if (ip->is_v4() != primary->address.is_v4()) return usage("--alternate-ip: not of --listen's family");
      if (*ip == primary->address) return usage("--alternate-ip: the same address as --listen");
      config.alternate_ip = *ip;
    }
    if (o.alternate_port != 0) {
      if (o.alternate_port == primary->port) return usage("--alternate-port: the same port as --listen");
      config.alternate_port = static_cast<std::uint16_t>(o.alternate_port);
    }

    realnet::Machine<stun::StunServer> machine(config);
    asio::io_context io;
    realnet::Driver driver(io, machine);
    if (auto e = driver.start()) {
      std::cerr << "natlab stun-server: " << e->message() << "\n";
      set_exit_status(3);
      return;
    }
    for (const auto& ep : machine.get().local_endpoints()) {
      std::cerr << "natlab stun-server: listening on udp " << ep.to_string() << "\n";
    }
    std::cerr << "natlab stun-server: RFC 5780 "
              << (machine.get().discovery_capable() ? "on" : "off (needs --alternate-ip and --alternate-port)")
              << std::endl;
    asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const std::error_code& ec, int) {
      if (!ec) io.stop();
    });
    io.run();
    driver.stop();
    const auto& c = machine.get().counters();
    std::cerr << "natlab stun-server: stopped; received " << c.received << ", answered " << c.success_responses
              << ", errors " << c.error_responses << ", dropped "
              << (c.dropped_malformed + c.dropped_bad_fingerprint + c.dropped_not_request + c.dropped_unknown_local)
              << std::endl;
  });
}

}  // namespace natlab::apps
