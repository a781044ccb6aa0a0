// natlab turn-client: one TURN session against any server over UDP, relaying
// datagrams to an echoing peer and back (docs/commands.md#natlab-turn-client).
#include <iostream>
#include <string>

#include <asio/io_context.hpp>

#include "apps/commands.h"
#include "realnet/resolve.h"
#include "realnet/turn_client_run.h"

namespace natlab::apps {

void register_turn_client(CLI::App& app) {
  auto* cmd = app.add_subcommand("turn-client",
                                 "Allocate on a TURN server over UDP or TCP, permit a peer, relay datagrams to it and "
                                 "back, deallocate; prints one summary line, exit 0 if all came back");
  struct Opts {
    std::string server, user, password, realm, peer, transport = "udp";
    int count = 5;
    bool channel = false;
    std::size_t size = 100;
    double timeout = 5;
  };
  static Opts o;
  cmd->add_option("--server", o.server, "HOST:PORT of the server's UDP (or, with --transport tcp, TCP) listener")
      ->required();
  cmd->add_option("--transport", o.transport,
                  "how to reach the server: udp, or tcp (RFC 5766 2.1: one TCP connection; the relay stays UDP)")
      ->check(CLI::IsMember({"udp", "tcp"}))
      ->capture_default_str();
  cmd->add_option("--user", o.user, "long-term credentials: username")->required();
  cmd->add_option("--password", o.password, "long-term credentials: password")->required();
  cmd->add_option("--realm", o.realm, "the realm the server must announce (default: whatever it says)");
  cmd->add_option("--peer", o.peer,
                  "HOST:PORT of a peer that echoes what it receives (default: an echo socket of this "
                  "command on 127.0.0.1)");
  cmd->add_option("--count", o.count, "datagrams to relay")->check(CLI::Range(0, 1000000));
  cmd->add_flag("--channel", o.channel, "bind a channel and relay with ChannelData (default: Send indications)");
  cmd->add_option("--size", o.size, "bytes per datagram")->check(CLI::Range(16, 65000));
  cmd->add_option("--timeout", o.timeout, "seconds each step may take (each datagram's round trip too)")
      ->check(CLI::Range(0.1, 3600.0));
  cmd->callback([] {
    realnet::TurnClientRun run;
    std::string error;
    auto server = realnet::resolve_udp(o.server, error);
    if (!server) {
      std::cerr << "natlab turn-client: error: --server: " << error << "\n";
      set_exit_status(2);
      return;
    }
    run.server = *server;
    if (!o.peer.empty()) {
      run.peer = realnet::resolve_udp(o.peer, error);
      if (!run.peer) {
        std::cerr << "natlab turn-client: error: --peer: " << error << "\n";
        set_exit_status(2);
        return;
      }
    }
    run.username = o.user;
    run.password = o.password;
    run.realm = o.realm;
    run.count = o.count;
    run.channel = o.channel;
    run.transport = o.transport == "tcp" ? Transport::Tcp : Transport::Udp;
    run.payload_size = o.size;
    run.step_timeout = std::chrono::duration_cast<Duration>(std::chrono::duration<double>(o.timeout));
    asio::io_context io;
    const auto outcome = realnet::run_turn_client(io, run);
    std::cout << "natlab turn-client: server " << run.server.to_string()
              << (run.transport == Transport::Tcp ? " over tcp " : " ") << realnet::summary(outcome)
              << std::endl;
    set_exit_status(outcome.ok ? 0 : 1);
  });
}

}  // namespace natlab::apps
