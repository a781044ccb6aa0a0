#include "realnet/turnd/options.h"

#include <sstream>

#include <CLI/CLI.hpp>

#include "common/ip_range.h"

namespace natlab::turnd {

namespace {

bool unspecified(const IpAddress& a) {
  for (std::size_t i = 0; i < a.size(); ++i)
    if (a.data()[i] != 0) return false;
  return true;
}

ParseResult usage_error(const std::string& msg) {
  ParseResult r;
  r.exit_code = 2;
  r.output = "natlab-turnd: error: " + msg + "\nRun with --help for more information.\n";
  return r;
}

}  // namespace

ParseResult parse_options(int argc, const char* const* argv) {
  CLI::App app{
      "natlab-turnd: a TURN server (RFC 5766 over UDP and TCP, long-term credentials) that also answers STUN Binding "
      "requests, on the real network. Logs to stderr; SIGINT or SIGTERM deletes every allocation and exits 0.",
      "natlab-turnd"};
  app.set_version_flag("--version", std::string("natlab-turnd ") + NATLAB_VERSION);

  std::vector<std::string> listen{"127.0.0.1:3478"};
  std::string realm = "natlab";
  std::vector<std::string> users;
  std::string relay_ip;
  unsigned min_port = 49152, max_port = 65535;
  std::string log_level = "info";
  bool allow_loopback = false;
  std::vector<std::string> allowed, denied;
  bool fingerprint = true;
  unsigned lifetime = 600, max_lifetime = 3600, permission_lifetime = 300, channel_lifetime = 600;
  std::size_t max_allocations = 10000, user_quota = 10, max_permissions = 256, max_channels = 256;
  std::string software = "natlab-turnd";
  int socket_buffer = 2 << 20;
  bool no_tcp = false;

  app.add_option("--listen", listen,
                 "IP:PORT to listen on for clients, over UDP and TCP (repeatable; port 0 lets the kernel choose, "
                 "the log says which)")
      ->capture_default_str();
  app.add_flag("--no-tcp", no_tcp, "UDP only: no TCP listener (RFC 5766 2.1)");
  app.add_option("--realm", realm, "REALM of the long-term credentials (RFC 5389 10.2)")->capture_default_str();
  app.add_option("--user", users, "USER:PASSWORD, a long-term credential (repeatable)");
  app.add_option("--relay-ip", relay_ip, "IP address of every relayed transport address (default: the first --listen IP)");
  app.add_option("--min-port", min_port, "lowest relay port")->capture_default_str()->check(CLI::Range(1, 65535));
  app.add_option("--max-port", max_port, "highest relay port")->capture_default_str()->check(CLI::Range(1, 65535));
  app.add_option("--log-level", log_level, "error | warning | info | debug")->capture_default_str();
  app.add_flag("--allow-loopback-peers", allow_loopback, "relay to 127.0.0.0/8 and ::1 (refused by default)");
  app.add_option("--allowed-peer-ip", allowed,
                 "RANGE (IP, CIDR or FIRST-LAST) of peers to relay to even if denied (repeatable)");
  app.add_option("--denied-peer-ip", denied, "RANGE (IP, CIDR or FIRST-LAST) of peers to refuse, 403 (repeatable)");
  app.add_flag("--fingerprint,!--no-fingerprint", fingerprint, "FINGERPRINT in every response (default: on)");
  app.add_option("--lifetime", lifetime, "default allocation lifetime, seconds (RFC 5766: 600)")
      ->capture_default_str()->check(CLI::Range(1u, 86400u));
  app.add_option("--max-lifetime", max_lifetime, "longest allocation lifetime granted, seconds")
      ->capture_default_str()->check(CLI::Range(1u, 86400u));
  app.add_option("--permission-lifetime", permission_lifetime, "permission lifetime, seconds (RFC 5766 8: 300)")
      ->capture_default_str()->check(CLI::Range(1u, 86400u));
  app.add_option("--channel-lifetime", channel_lifetime, "channel binding lifetime, seconds (RFC 5766 11: 600)")
      ->capture_default_str()->check(CLI::Range(1u, 86400u));
  app.add_option("--max-allocations", max_allocations, "allocations in all; 508 beyond")->capture_default_str();
  app.add_option("--user-quota", user_quota, "allocations per user; 486 beyond")->capture_default_str();
  app.add_option("--max-permissions", max_permissions, "permissions per allocation; 508 beyond")->capture_default_str();
  app.add_option("--max-channels", max_channels, "channel bindings per allocation; 508 beyond")->capture_default_str();
  app.add_option("--software", software, "SOFTWARE attribute of responses (empty: none)")->capture_default_str();
  app.add_option("--socket-buffer", socket_buffer,
                 "SO_RCVBUF and SO_SNDBUF of every socket, bytes (the kernel caps it at net.core.rmem_max/wmem_max; "
                 "0: the system default)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 30));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    std::ostringstream out, err;
    ParseResult r;
    r.exit_code = app.exit(e, out, err);
    r.output = out.str() + err.str();
    if (r.exit_code != 0) r.exit_code = 2;
    return r;
  }

  Options o;
  o.socket_buffer_bytes = socket_buffer;
  o.tcp = !no_tcp;
  turn::TurnServerConfig& c = o.server;
  c.listening.clear();
  for (const auto& text : listen) {
    auto ep = Endpoint::parse(text);
    if (!ep) return usage_error("--listen wants IP:PORT (or [IPv6]:PORT), not '" + text + "'");
    c.listening.push_back(*ep);
  }
  if (relay_ip.empty()) {
    if (unspecified(c.listening.front().address)) {
      return usage_error("--relay-ip is needed when listening on " + c.listening.front().address.to_string());
    }
    c.relay_address = c.listening.front().address;
  } else {
    auto ip = IpAddress::parse(relay_ip);
    if (!ip || unspecified(*ip)) return usage_error("--relay-ip wants one IP address, not '" + relay_ip + "'");
    c.relay_address = *ip;
  }
  if (min_port > max_port) return usage_error("--min-port is above --max-port");
  c.relay_port_min = static_cast<std::uint16_t>(min_port);
  c.relay_port_max = static_cast<std::uint16_t>(max_port);

  c.realm = realm;
  for (const auto& u : users) {
    const auto colon = u.find(':');
    if (colon == std::string::npos || colon == 0) return usage_error("--user wants USER:PASSWORD, not '" + u + "'");
    c.users[u.substr(0, colon)] = u.substr(colon + 1);
  }

  auto level = parse_log_level(log_level);
  if (!level) return usage_error("--log-level is one of error, warning, info, debug; not '" + log_level + "'");
  o.log_level = *level;

  // Like coturn: special-purpose peers are refused unless allowed.
  c.peer_policy = turn::PeerPolicy::special_purpose();
  if (allow_loopback)
    for (const auto& r : turn::PeerPolicy::loopback_ranges()) c.peer_policy.allow(r);
  for (const auto& text : allowed) {
    auto r = IpRange::parse(text);
    if (!r) return usage_error("--allowed-peer-ip wants IP, CIDR or FIRST-LAST, not '" + text + "'");
    c.peer_policy.allow(*r);
  }
  for (const auto& text : denied) {
    auto r = IpRange::parse(text);
    if (!r) return usage_error("--denied-peer-ip wants IP, CIDR or FIRST-LAST, not '" + text + "'");
    c.peer_policy.deny(*r);
  }

  if (lifetime > max_lifetime) return usage_error("--lifetime is above --max-lifetime");
  c.default_lifetime = std::chrono::seconds(lifetime);
  c.max_lifetime = std::chrono::seconds(max_lifetime);
  c.permission_lifetime = std::chrono::seconds(permission_lifetime);
  c.channel_lifetime = std::chrono::seconds(channel_lifetime);
  c.max_allocations = max_allocations;
  c.max_allocations_per_user = user_quota;
  c.max_permissions_per_allocation = max_permissions;
  c.max_channels_per_allocation = max_channels;
  c.fingerprint = fingerprint;
  // Deployed clients (coturn's turnutils_uclient among them) send RFC 6156's
  // REQUESTED-ADDRESS-FAMILY in every Allocate and give up on 420.
  c.requested_address_family = true;
  c.software = software;

  ParseResult r;
  r.options = std::move(o);
  return r;
}

}  // namespace natlab::turnd
