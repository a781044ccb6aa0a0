// natlab-turnd's command line (realnet/turnd/options.h).
#include <gtest/gtest.h>

#include <vector>

#include "realnet/turnd/options.h"

namespace natlab::turnd {
namespace {

ParseResult parse(std::vector<const char*> args) {
  args.insert(args.begin(), "natlab-turnd");
  return parse_options(static_cast<int>(args.size()), args.data());
}

IpAddress ip(const char* t) { return *IpAddress::parse(t); }

TEST(TurndOptions, Defaults) {
  auto r = parse({});
  ASSERT_TRUE(r.options) << r.output;
  const auto& c = r.options->server;
  ASSERT_EQ(c.listening.size(), 1u);
  EXPECT_EQ(c.listening[0].to_string(), "127.0.0.1:3478");
  EXPECT_EQ(c.relay_address, ip("127.0.0.1"));
  EXPECT_EQ(c.relay_port_min, 49152);
  EXPECT_EQ(c.relay_port_max, 65535);
  EXPECT_EQ(c.realm, "natlab");
  EXPECT_TRUE(c.users.empty());
  EXPECT_EQ(r.options->log_level, LogLevel::Info);
  EXPECT_TRUE(r.options->tcp) << "TCP on the UDP port, like coturn";
  EXPECT_FALSE(parse({"--no-tcp"}).options->tcp);
  EXPECT_TRUE(c.fingerprint);
  EXPECT_TRUE(c.requested_address_family);
  EXPECT_EQ(c.default_lifetime, std::chrono::seconds(600));
  EXPECT_EQ(c.permission_lifetime, std::chrono::seconds(300));
  // Special-purpose peers refused by default, public ones allowed.
  EXPECT_FALSE(c.peer_policy.allowed(ip("127.0.0.1")));
  EXPECT_FALSE(c.peer_policy.allowed(ip("192.168.1.1")));
  EXPECT_TRUE(c.peer_policy.allowed(ip("8.8.8.8")));
}

TEST(TurndOptions, Everything) {
  auto r = parse({"--listen", "127.0.0.2:5000", "--listen", "127.0.0.2:5001", "--realm", "R", "--user", "alice:pa:ss",
                  "--user", "bob:x", "--relay-ip", "127.0.0.3", "--min-port", "40000", "--max-port", "40100",
                  "--log-level", "debug", "--allow-loopback-peers", "--allowed-peer-ip", "10.0.0.0/8",
                  "--allowed-peer-ip", "192.168.1.5-192.168.1.9", "--denied-peer-ip", "8.8.8.8", "--no-fingerprint",
                  "--lifetime", "100", "--max-lifetime", "200", "--permission-lifetime", "10", "--channel-lifetime",
                  "20", "--max-allocations", "5", "--user-quota", "2", "--max-permissions", "3", "--max-channels", "4",
                  "--software", ""});
  ASSERT_TRUE(r.options) << r.output;
  const auto& c = r.options->server;
  ASSERT_EQ(c.listening.size(), 2u);
  EXPECT_EQ(c.listening[1].port, 5001);
  EXPECT_EQ(c.realm, "R");
  EXPECT_EQ(c.users.at("alice"), "pa:ss");  // the password may hold ':'
  EXPECT_EQ(c.users.at("bob"), "x");
  EXPECT_EQ(c.relay_address, ip("127.0.0.3"));
  EXPECT_EQ(c.relay_port_min, 40000);
  EXPECT_EQ(c.relay_port_max, 40100);
  EXPECT_EQ(r.options->log_level, LogLevel::Debug);
  EXPECT_TRUE(c.peer_policy.allowed(ip("127.0.0.1")));
  EXPECT_TRUE(c.peer_policy.allowed(ip("::1")));
  EXPECT_TRUE(c.peer_policy.allowed(ip("10.9.9.9")));
  EXPECT_TRUE(c.peer_policy.allowed(ip("192.168.1.7")));
  EXPECT_FALSE(c.peer_policy.allowed(ip("192.168.1.10")));
  EXPECT_FALSE(c.peer_policy.allowed(ip("8.8.8.8")));
  EXPECT_FALSE(c.fingerprint);
  EXPECT_EQ(c.default_lifetime, std::chrono::seconds(100));
  EXPECT_EQ(c.max_lifetime, std::chrono::seconds(200));
  EXPECT_EQ(c.permission_lifetime, std::chrono::seconds(10));
  EXPECT_EQ(c.channel_lifetime, std::chrono::seconds(20));
  EXPECT_EQ(c.max_allocations, 5u);
  EXPECT_EQ(c.max_allocations_per_user, 2u);
  EXPECT_EQ(c.max_permissions_per_allocation, 3u);
  EXPECT_EQ(c.max_channels_per_allocation, 4u);
  EXPECT_EQ(c.software, "");
}

TEST(TurndOptions, UsageErrorsExit2WithAMessage) {
  const std::vector<std::vector<const char*>> bad = {
      {"--listen", "localhost"},
      {"--listen", "0.0.0.0:3478"},  // no relay IP to take from it
      {"--relay-ip", "0.0.0.0"},
      {"--relay-ip", "nope"},
      {"--user", "nocolon"},
      {"--user", ":p"},
      {"--min-port", "50000", "--max-port", "40000"},
      {"--min-port", "0"},
      {"--max-port", "70000"},
      {"--log-level", "loud"},
      {"--allowed-peer-ip", "10.0.0.0/33"},
      {"--denied-peer-ip", "x"},
      {"--lifetime", "4000", "--max-lifetime", "3600"},
      {"--bogus"},
  };
  for (const auto& args : bad) {
    auto r = parse(args);
    EXPECT_FALSE(r.options) << args[0];
    EXPECT_EQ(r.exit_code, 2) << args[0];
    EXPECT_FALSE(r.output.empty()) << args[0];
  }
}

TEST(TurndOptions, HelpExits0) {
  auto r = parse({"--help"});
  EXPECT_FALSE(r.options);
  EXPECT_EQ(r.exit_code, 0);
  for (const char* opt : {"--listen", "--realm", "--user", "--relay-ip", "--min-port", "--max-port", "--log-level",
                          "--allow-loopback-peers", "--allowed-peer-ip", "--denied-peer-ip", "--fingerprint",
                          "--lifetime", "--permission-lifetime"}) {
    EXPECT_NE(r.output.find(opt), std::string::npos) << opt;
  }
}

TEST(TurndOptions, WildcardListenWithRelayIp) {
  auto r = parse({"--listen", "0.0.0.0:3478", "--relay-ip", "127.0.0.1"});
  ASSERT_TRUE(r.options) << r.output;
  EXPECT_EQ(r.options->server.relay_address, ip("127.0.0.1"));
}

}  // namespace
}  // namespace natlab::turnd
