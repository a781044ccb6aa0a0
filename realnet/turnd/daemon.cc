#include "realnet/turnd/daemon.h"

#include <csignal>
#include <random>
#include <sstream>
#include <variant>

#include <asio/signal_set.hpp>

#include "realnet/local_addresses.h"

namespace natlab::turnd {

namespace {

std::string secs(Duration d) {
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(d + std::chrono::milliseconds(500)).count()) + " s";
}

// A server on the network must not hand out guessable nonces or reservation
// tokens: its generator is seeded from the operating system, not a constant.
Rng os_seeded_rng() {
  std::random_device rd;
  const std::uint64_t seed = (std::uint64_t{rd()} << 32) ^ rd();
  return Rng(seed);
}

std::string channel_hex(std::uint16_t n) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", n);
  return buf;
}

std::string describe_policy(const turn::PeerPolicy& p) {
  std::string s = std::to_string(p.denied().size()) + " denied peer ranges";
  if (!p.allowed_ranges().empty()) {
    s += ", allowed anyway:";
    for (const auto& r : p.allowed_ranges()) s += " " + r.to_string();
  }
  return s;
}

}  // namespace

std::vector<nlohmann::json> ServerMachine::poll_events() {
  while (auto e = server_.poll_event()) log_event(*e);
  log_refusals();
  return {};
}

void ServerMachine::log_event(const turn::ServerEvent& ev) {
  std::visit(
      [&](const auto& e) {
        using E = std::decay_t<decltype(e)>;
        if constexpr (std::is_same_v<E, turn::AllocationCreated>) {
          log_.info("allocation: client " + e.tuple.client.to_string() + " user " + e.username + " relayed " +
                    e.relayed.to_string() + " lifetime " + secs(e.expiry - now_));
        } else if constexpr (std::is_same_v<E, turn::AllocationRefreshed>) {
          log_.debug("refresh: relayed " + e.relayed.to_string() + " lifetime " + secs(e.expiry - now_));
        } else if constexpr (std::is_same_v<E, turn::AllocationDeleted>) {
          log_.info("deletion: relayed " + e.relayed.to_string() + " client " + e.tuple.client.to_string() + " (" +
                    (e.reason == turn::DeleteReason::Refresh           ? "LIFETIME 0"
                     : e.reason == turn::DeleteReason::ConnectionClosed ? "TCP connection closed"
                                                                        : "expired") +
                    ")");
        } else if constexpr (std::is_same_v<E, turn::PermissionInstalled>) {
          log_.write(e.refreshed ? LogLevel::Debug : LogLevel::Info,
                     std::string(e.refreshed ? "permission refreshed" : "permission") + ": relayed " +
                         e.relayed.to_string() + " peer " + e.peer.to_string());
        } else if constexpr (std::is_same_v<E, turn::PermissionExpired>) {
          log_.info("permission expired: relayed " + e.relayed.to_string() + " peer " + e.peer.to_string());
        } else if constexpr (std::is_same_v<E, turn::ChannelInstalled>) {
          log_.write(e.refreshed ? LogLevel::Debug : LogLevel::Info,
                     std::string(e.refreshed ? "channel refreshed" : "channel") + ": relayed " + e.relayed.to_string() +
                         " " + channel_hex(e.channel) + " peer " + e.peer.to_string());
        } else if constexpr (std::is_same_v<E, turn::ChannelExpired>) {
          log_.info("channel expired: relayed " + e.relayed.to_string() + " " + channel_hex(e.channel) + " peer " +
                    e.peer.to_string());
        }
      },
      ev);
}

void ServerMachine::log_refusals() {
  // The server has no event for a refused request; these three say that the
  // operator's policy or limits were hit, so they are worth a line.
  const auto& c = server_.counters();
  auto check = [&](int code, std::uint64_t& logged, const char* what) {
    const std::uint64_t n = c.errors(code);
    if (n == logged) return;
    logged = n;
    log_.warning("refused: " + std::to_string(code) + " " + what + " (" + std::to_string(n) + " so far)");
  };
  check(403, logged_403_, "peer address not allowed");
  check(486, logged_486_, "allocation quota of the user reached");
  check(508, logged_508_, "capacity reached (allocations, permissions, channels or relay ports)");
}

Daemon::Daemon(asio::io_context& io, Options options, std::ostream& log_out)
    : io_(io), options_(std::move(options)), log_(log_out, options_.log_level, [this] { return clock_.now(); }) {
  turn::TurnServerConfig config = options_.server;
  // A relay port is opened before it is handed out: one that another
  // process holds is skipped instead of granted and unusable.
  config.relay_port_usable = [this](const Endpoint& ep) {
    std::error_code ec;
    if (driver_ && driver_->open(ep, ec)) return true;
    log_.debug("relay port " + ep.to_string() + " unusable: " + ec.message());
    return false;
  };
  if (options_.tcp) {
    // TCP on the UDP port, as coturn listens. A port 0 is resolved here to
    // one port for both (else each socket would get its own from the
    // kernel); taken in between, the TCP listener fails to bind and start()
    // says so.
    for (Endpoint& ep : config.listening) {
      if (ep.port == 0) {
        if (auto port = realnet::free_udp_port(ep.address)) ep.port = *port;
      }
      config.tcp_listening.push_back(ep);
    }
  }
  machine_ = std::make_unique<ServerMachine>(std::move(config), os_seeded_rng(), log_);
  realnet::DriverOptions driver_options;
  driver_options.receive_buffer_bytes = options_.socket_buffer_bytes;
  driver_options.send_buffer_bytes = options_.socket_buffer_bytes;
  driver_ = std::make_unique<realnet::Driver>(io_, *machine_, clock_, driver_options);
  driver_->on_bind_error = [this](const realnet::BindError& e) { log_.error(e.message()); };
}

bool Daemon::start() {
  if (auto err = driver_->start()) {
    log_.error(err->message());
    return false;
  }
  // A TCP listener that could not be bound was logged by on_bind_error.
  if (machine_->server().counters().tcp_listen_failures > 0) {
    driver_->stop();
    return false;
  }
  const auto& c = machine_->server().config();
  std::string where;
  for (const Endpoint& ep : listening()) where += (where.empty() ? "" : ", ") + ep.to_string();
  std::string tcp_where;
  for (const Endpoint& ep : tcp_listening()) tcp_where += (tcp_where.empty() ? "" : ", ") + ep.to_string();
  if (!tcp_where.empty()) where += " and tcp " + tcp_where;
  log_.info("listening on udp " + where + "; relay " + c.relay_address.to_string() + " ports " +
            std::to_string(c.relay_port_min) + "-" + std::to_string(c.relay_port_max) + "; realm " + c.realm + "; " +
            std::to_string(c.users.size()) + " users; " + describe_policy(c.peer_policy));
  if (c.users.empty()) log_.warning("no --user given: every Allocate will be refused (401)");
  return true;
}

std::vector<Endpoint> Daemon::listening() const {
  std::vector<Endpoint> out;
  for (const Endpoint& ep : machine_->server().config().listening) out.push_back(driver_->bound(ep).value_or(ep));
  return out;
}

std::vector<Endpoint> Daemon::tcp_listening() const {
  std::vector<Endpoint> out;
  // The server's listener ids are 1..n in tcp_listening order.
  const auto& tcp = machine_->server().config().tcp_listening;
  for (std::size_t i = 0; i < tcp.size(); ++i) out.push_back(driver_->listening(i + 1).value_or(tcp[i]));
  return out;
}

void Daemon::shutdown(const char* why) {
  if (!driver_->running()) return;
  log_.info(std::string("shutting down (") + why + ")");
  // TURN has no message telling a client its allocation is gone (RFC 5766
  // 7: the client finds out at its next Refresh); the allocations end with
  // the process and their relay sockets are closed.
  for (const auto& [tuple, a] : machine_->server().allocations().all()) {
    log_.info("deletion: relayed " + a.relayed.to_string() + " client " + tuple.client.to_string() + " (shutdown)");
  }
  driver_->stop();
  const auto& k = machine_->server().counters();
  std::ostringstream s;
  s << "counters: from clients " << k.received_from_clients << ", from peers " << k.received_from_peers
    << ", success responses " << k.success_responses << ", error responses";
  if (k.error_responses.empty()) s << " 0";
  for (const auto& [code, n] : k.error_responses) s << " " << code << "x" << n;
  s << ", relayed to peers " << k.relayed_to_peer_packets << ", to clients " << k.relayed_to_client_packets
    << ", dropped: malformed " << k.dropped_malformed << ", not request " << k.dropped_not_request
    << ", no allocation " << k.dropped_no_allocation << ", bad indication " << k.dropped_bad_indication
    << ", no permission " << k.dropped_no_permission << ", unbound channel " << k.dropped_unbound_channel
    << ", oversize " << k.dropped_oversize << "; tcp connections " << k.tcp_connections_accepted
    << ", framing errors " << k.tcp_framing_errors;
  const auto& d = driver_->counters();
  s << "; sockets: received " << d.received << ", sent " << d.sent << ", send errors " << d.send_errors
    << ", receive errors " << d.receive_errors << ", bind errors " << d.bind_errors;
  log_.info(s.str());
}

int run(const Options& options, std::ostream& log_out) {
  asio::io_context io;
  Daemon daemon(io, options, log_out);
  if (!daemon.start()) return 1;
  asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const std::error_code& ec, int sig) {
    if (ec) return;
    daemon.shutdown(sig == SIGINT ? "SIGINT" : "SIGTERM");
  });
  // Returns once the shutdown closed every socket and the timer: no work left.
  io.run();
  return 0;
}

}  // namespace natlab::turnd
