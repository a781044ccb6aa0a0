// natlab ice-agent: one ICE session over real UDP sockets against any peer
// that exchanges descriptions through files, such as libnice
// (docs/commands.md#natlab-ice-agent).
#include <algorithm>
#include <iostream>
#include <string>

#include "apps/commands.h"
#include "apps/ice_agent_run.h"
#include "realnet/local_addresses.h"
#include "realnet/resolve.h"

namespace natlab::apps {

void register_ice_agent(CLI::App& app) {
  auto* cmd = app.add_subcommand("ice-agent",
                                 "Run one ICE session over UDP and/or TCP with a peer that exchanges SDP through files "
                                 "(libnice's form); prints the selected pair as one JSON line, exit 0 if data "
                                 "crossed both ways");
  struct Opts {
    std::string role = "controlling", local_sdp, remote_sdp, stun, turn, user, password, bind;
    std::string nomination = "regular";
    std::vector<std::string> transports = {"udp"};
    std::vector<std::string> tcp_candidates = {"active", "passive"};
    std::string turn_transport = "udp";
    bool relay_only = false;
    int data = 5;
    double timeout = 60;
  };
  static Opts o;
  cmd->add_option("--role", o.role, "ICE role")->check(CLI::IsMember({"controlling", "controlled"}))->required();
  cmd->add_option("--local-sdp", o.local_sdp, "file to write this agent's description to (atomically)")
      ->required();
  cmd->add_option("--remote-sdp", o.remote_sdp, "file to read the peer's description from, once it exists")
      ->required();
  cmd->add_option("--stun", o.stun, "HOST:PORT of a STUN server (server-reflexive candidates)");
  cmd->add_option("--turn", o.turn, "HOST:PORT of a TURN server (relayed candidates)");
  cmd->add_option("--turn-transport", o.turn_transport,
                  "how to reach --turn: udp, or tcp (RFC 5766 2.1; the relayed candidate is UDP either way)")
      ->check(CLI::IsMember({"udp", "tcp"}))
      ->capture_default_str();
  cmd->add_option("--user", o.user, "TURN username");
  cmd->add_option("--password", o.password, "TURN password");
  cmd->add_option("--bind", o.bind,
                  "IPv4 address for the host candidate (default: every non-loopback IPv4 interface)");
  cmd->add_option("--nomination", o.nomination, "nomination as the controlling agent (RFC 5245 8.1.1)")
      ->check(CLI::IsMember({"regular", "aggressive"}));
  cmd->add_flag("--relay-only", o.relay_only,
               "offer and pair only relayed candidates (needs --turn; RFC 8829's \"relay\" policy)");
  cmd->add_option("--transports", o.transports,
                  "udp, tcp or udp,tcp: gather and check over UDP (RFC 5245) and/or TCP (ICE-TCP, RFC 6544: "
                  "active and passive host candidates, RFC 4571 framing)")
      ->delimiter(',')
      ->check(CLI::IsMember({"udp", "tcp"}))
      ->capture_default_str();
  auto* tcp_candidates =
      cmd->add_option("--tcp-candidates", o.tcp_candidates,
                      "with tcp: which TCP host candidates to gather (RFC 6544 4.5): active, passive and/or so "
                      "(simultaneous-open: listens on an ephemeral port and connects from it, SO_REUSEPORT; "
                      "with --stun also a server-reflexive one from a Binding over TCP)")
          ->delimiter(',')
          ->check(CLI::IsMember({"active", "passive", "so"}))
          ->capture_default_str();
  cmd->add_option("--data", o.data, "data packets each side sends and must receive")->check(CLI::Range(1, 10000));
  cmd->add_option("--timeout", o.timeout, "seconds the whole run may take, waiting for the peer included")
      ->check(CLI::Range(1.0, 3600.0));
  cmd->callback([tcp_candidates] {
    auto usage = [](const std::string& message) {
      std::cerr << "natlab ice-agent: error: " << message << "\n";
      set_exit_status(2);
    };
    IceAgentRun run;
    run.role = o.role == "controlling" ? ice::Role::Controlling : ice::Role::Controlled;
    run.nomination = o.nomination == "aggressive" ? ice::NominationMode::Aggressive : ice::NominationMode::Regular;
    run.local_sdp = o.local_sdp;
    run.remote_sdp = o.remote_sdp;
    run.data = o.data;
    run.timeout = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.timeout));
    std::string error;
    if (!o.stun.empty()) {
      run.stun = realnet::resolve_udp(o.stun, error);
      if (!run.stun) return usage("--stun: " + error);
    }
    if (!o.turn.empty()) {
      run.turn = realnet::resolve_udp(o.turn, error);
      if (!run.turn) return usage("--turn: " + error);
      if (o.user.empty() || o.password.empty()) return usage("--turn needs --user and --password");
    }
    if (o.relay_only && o.turn.empty()) return usage("--relay-only needs --turn");
    run.relay_only = o.relay_only;
    run.turn_transport = o.turn_transport == "tcp" ? Transport::Tcp : Transport::Udp;
    run.transports.udp = std::find(o.transports.begin(), o.transports.end(), "udp") != o.transports.end();
    run.transports.tcp = std::find(o.transports.begin(), o.transports.end(), "tcp") != o.transports.end();
    if (!run.transports.udp && !run.transports.tcp) return usage("--transports: give udp, tcp or both");
    auto wants = [](const std::vector<std::string>& v, const char* w) { return std::find(v.begin(), v.end(), w) != v.end(); };
    run.tcp_candidates = ice::TcpCandidateTypes{wants(o.tcp_candidates, "active"), wants(o.tcp_candidates, "passive"),
                                                wants(o.tcp_candidates, "so")};
    if (tcp_candidates->count() > 0 && !run.transports.tcp) return usage("--tcp-candidates needs tcp in --transports");
    run.user = o.user;
    run.password = o.password;
    if (!o.bind.empty()) {
      auto a = IpAddress::parse(o.bind);
      if (!a || !a->is_v4()) return usage("--bind: not an IPv4 address: " + o.bind);
      run.addresses.push_back(*a);
    } else {
      run.addresses = realnet::non_loopback_ipv4();
    }
    const auto outcome = run_ice_agent(run);
    std::cout << outcome_json(run, outcome) << std::endl;
    set_exit_status(outcome.ok ? 0 : 1);
  });
}

}  // namespace natlab::apps
