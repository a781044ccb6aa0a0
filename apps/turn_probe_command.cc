// natlab turn-probe: black-box RFC 5766 conformance run against a TURN
// server over UDP (agents/turn/probe, driven by realnet/probe); results in
// the format of `natlab run` (docs/commands.md#natlab-turn-probe).
#include <cstdio>
#include <iostream>
#include <string>

#include "agents/turn/probe/cases.h"
#include "apps/commands.h"
#include "apps/turn_probe_results.h"
#include "realnet/probe/probe_driver.h"
#include "realnet/resolve.h"
#include "reports/output_files.h"
#include "reports/results_json.h"
#include "reports/summary.h"

namespace natlab::apps {

using turn::probe::CaseResult;
using turn::probe::CaseStatus;

namespace {

std::string padded(std::string s, std::size_t width) {
  if (s.size() < width) s.append(width - s.size(), ' ');
  return s;
}

// One line per case, as it finishes: status, id, section, detail.
void print_row(const CaseResult& r) {
  std::cout << padded(to_string(r.status), 15) << padded(r.info.id, 44) << " " << r.detail << std::endl;
}

}  // namespace

void register_turn_probe(CLI::App& app) {
  auto* cmd = app.add_subcommand("turn-probe",
                                 "Probe a TURN server over UDP for RFC 5766 conformance; writes results.json, "
                                 "junit.xml and report.html");
  struct Opts {
    std::string server, user, password, realm, peer_ip, client_ip, out = "natlab-out";
    bool slow = false;
    int permission_lifetime = 300, channel_lifetime = 600, timeout_ms = 5000;
  };
  static Opts o;
  cmd->add_option("--server", o.server, "HOST:PORT of the server's UDP listener")->required();
  cmd->add_option("--user", o.user, "long-term credentials: username")->required();
  cmd->add_option("--password", o.password, "long-term credentials: password")->required();
  cmd->add_option("--realm", o.realm, "the realm the server must announce (default: whatever it says)");
  cmd->add_flag("--slow", o.slow, "also run the cases that wait for server timers (permission and channel expiry)");
  cmd->add_option("--permission-lifetime", o.permission_lifetime,
                  "seconds a permission lasts on this server (RFC 5766 8: 300)")
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--channel-lifetime", o.channel_lifetime,
                  "seconds a channel binding lasts on this server (RFC 5766 11: 600)")
      ->check(CLI::Range(1, 86400));
  cmd->add_option("--peer-ip", o.peer_ip,
                  "address of the probe's peer sockets, which the relay sends to (default: the client address)");
  cmd->add_option("--client-ip", o.client_ip,
                  "address of the probe's client sockets (default: the one the host uses to reach the server)");
  cmd->add_option("--out", o.out, "folder for results.json, junit.xml and report.html");
  cmd->add_option("--timeout-ms", o.timeout_ms, "how long to wait for an answer or a relayed datagram")
      ->check(CLI::Range(100, 600000));
  cmd->callback([] {
    auto usage = [](const std::string& msg) {
      std::cerr << "natlab turn-probe: error: " << msg << "\n";
      set_exit_status(2);
    };
    std::string error;
    auto server = realnet::resolve_udp(o.server, error);
    if (!server) return usage(error);
    realnet::ProbeAddresses addresses;
    if (!o.client_ip.empty()) {
      auto ip = IpAddress::parse(o.client_ip);
      if (!ip) return usage("--client-ip: not an IP address: '" + o.client_ip + "'");
      addresses.client = *ip;
    } else {
      auto ip = realnet::local_address_towards(*server);
      if (!ip) return usage("no route to " + server->to_string());
      addresses.client = *ip;
    }
    addresses.peer = addresses.client;
    if (!o.peer_ip.empty()) {
      auto ip = IpAddress::parse(o.peer_ip);
      if (!ip) return usage("--peer-ip: not an IP address: '" + o.peer_ip + "'");
      addresses.peer = *ip;
    }

    turn::probe::ProbeConfig config;
    config.server = *server;
    config.username = o.user;
    config.password = o.password;
    config.realm = o.realm;
    config.slow = o.slow;
    config.permission_lifetime = std::chrono::seconds(o.permission_lifetime);
    config.channel_lifetime = std::chrono::seconds(o.channel_lifetime);
    config.timeout = std::chrono::milliseconds(o.timeout_ms);

    std::cout << "natlab turn-probe " << server->to_string() << " as " << o.user << " (client "
              << addresses.client.to_string() << ", peer " << addresses.peer.to_string() << ")\n"
              << padded("status", 15) << padded("case", 44) << " detail" << std::endl;
    auto results = realnet::run_probe(config, turn::probe::all_cases(), addresses, print_row);

    int counts[4] = {0, 0, 0, 0};
    for (const auto& r : results) ++counts[static_cast<int>(r.status)];
    std::cout << counts[0] << " passed, " << counts[1] << " failed, " << counts[2] << " not applicable, "
              << counts[3] << " skipped" << std::endl;

    const reports::Json doc =
        reports::results_document({turn_probe_entry(server->to_string(), o.user, config.seed, results)});
    try {
      reports::write_outputs(doc, reports::output_paths(o.out, "", ""));
    } catch (const std::exception& e) {
      std::cerr << "natlab turn-probe: " << e.what() << "\n";
      set_exit_status(3);
      return;
    }
    std::cerr << "results: " << o.out << "/report.html" << std::endl;
    set_exit_status(reports::exit_status_for(reports::summarize(doc["scenarios"])));
  });
}

}  // namespace natlab::apps
