#pragma once
// natlab-turnd as a library: a TurnServer on the real network, driven by
// realnet::Driver, its events written to a Log, shut down by SIGINT/SIGTERM.
#include <memory>
#include <ostream>
#include <vector>

#include <asio/io_context.hpp>

#include "agents/turn/server.h"
#include "common/sans_io.h"
#include "realnet/driver.h"
#include "realnet/turnd/log.h"
#include "realnet/turnd/options.h"

namespace natlab::turnd {

// The TurnServer as the driver sees it, logging what it does as it goes.
class ServerMachine final : public SansIo {
 public:
  ServerMachine(turn::TurnServerConfig config, Rng rng, Log& log) : server_(std::move(config), rng), log_(log) {}

  turn::TurnServer& server() { return server_; }
  const turn::TurnServer& server() const { return server_; }

  std::vector<Endpoint> local_endpoints() const override { return server_.local_endpoints(); }
  bool dynamic_endpoints() const override { return true; }
  std::uint64_t endpoints_version() const override { return server_.endpoints_version(); }
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override {
    now_ = now;
    server_.handle_datagram(now, local, remote, bytes);
  }
  void handle_timeout(Time now) override {
    now_ = now;
    server_.handle_timeout(now);
  }
  std::optional<Transmit> poll_transmit() override { return server_.poll_transmit(); }
  std::optional<Time> poll_timeout() const override { return server_.poll_timeout(); }
  std::optional<StreamRequest> poll_stream_request() override { return server_.poll_stream_request(); }
  void handle_stream_event(Time now, const StreamEvent& event) override {
    now_ = now;
    server_.handle_stream_event(now, event);
  }
  std::vector<nlohmann::json> poll_events() override;

 private:
  void log_event(const turn::ServerEvent& e);
  void log_refusals();

  turn::TurnServer server_;
  Log& log_;
  Time now_{};
  // Refusals already logged, by code: 403 (peer policy), 486 (quota), 508 (capacity).
  std::uint64_t logged_403_ = 0, logged_486_ = 0, logged_508_ = 0;
};

class Daemon {
 public:
  Daemon(asio::io_context& io, Options options, std::ostream& log_out);

  // Binds the listening sockets and starts serving; false (logged) if a
  // listening address cannot be bound.
  bool start();
  // Deletes every allocation (one line each), closes every socket, and
  // writes the counters.
  void shutdown(const char* why);

  std::vector<Endpoint> listening() const;  // as bound
  std::vector<Endpoint> tcp_listening() const;  // as bound; empty with --no-tcp
  const turn::TurnServer& server() const { return machine_->server(); }
  Log& log() { return log_; }

 private:
  asio::io_context& io_;
  Options options_;
  realnet::Clock clock_;
  Log log_;
  std::unique_ptr<ServerMachine> machine_;
  std::unique_ptr<realnet::Driver> driver_;
};

// Runs until SIGINT or SIGTERM; returns the process exit status.
int run(const Options& options, std::ostream& log_out);

}  // namespace natlab::turnd
