// A valid scenario that uses every key: each value lands in the model, the
// defaults fill the rest, links layer over `links`, LANs are derived.
#include <gtest/gtest.h>

#include "sim/scenario_loader.h"
#include "tests/sim/scenario_test_util.h"

namespace natlab::sim {
namespace {

using namespace std::chrono_literals;
using testing::load_ok;

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

constexpr const char* kFull = R"(natlab: 1
name: everything at once
description: every key of the format
seed: 42
duration: 1.5m
links:
  delay: 20ms
  jitter: 2ms
  loss: 0.5%
  bandwidth: 50Mbps
  mtu: 1400
  reorder: true
servers:
  - name: turn1
    address: 203.0.113.10
    stun: { port: 3479 }
    turn:
      port: 3478
      realm: example.org
      users: { alice: s3cret, bob: hunter2 }
      max_lifetime: 1800s
      default_lifetime: 300s
      relay_ports: 50000-50100
    link: { delay: 5ms }
  - name: stun1
    address: 203.0.113.20
    alternate_address: 203.0.113.21
    stun: {}
  - name: turn-only
    address: 203.0.113.30
    turn: { port: 5349 }
    link: { loss: 1%, bandwidth: 1Gbps, mtu: 9000, reorder: false }
nats:
  - name: nat-a
    type: port-restricted
    public_address: 198.51.100.1
    behind: internet
    mapping: address-dependent
    port_allocation: sequential
    mapping_timeout: 30s
    refresh_on_inbound: true
    hairpinning: true
    block_udp: false
    link: { delay: 15ms, jitter: 0ms }
  - name: nat-b
    type: symmetric
    public_address: 198.51.100.2
    lan: { subnet: 10.1.0.0/16, inside_address: 10.1.0.1 }
  - name: nat-inner
    type: full-cone
    public_address: 192.168.1.20
    behind: nat-a
    block_udp: true
  - name: router
    type: open
    public_address: 198.51.100.3
hosts:
  - name: alice-pc
    address: 192.168.1.10
    behind: nat-a
    link: { delay: 1ms }
  - name: bob-pc
    address: 10.1.7.9
    behind: nat-b
  - name: carol-pc
    address: 172.16.5.5
    behind: nat-inner
  - name: public-pc
    address: 192.0.2.7
    behind: internet
agents:
  - name: A
    host: alice-pc
    stun: [stun1, turn1]
    turn:
      - { server: turn1, username: alice, password: s3cret, transport: tcp }
      - { server: turn-only, username: alice, password: s3cret }
    components: 2
    nomination: aggressive
    ta: 50ms
    rto: 250ms
    keepalive: 2.5s
    start: 100ms
  - name: B
    host: bob-pc
sessions:
  - name: call1
    controlling: A
    controlled: B
    signaling_delay: 80ms
    media: 5s
  - name: call2
    controlling: B
    controlled: A
expect:
  - session: call1
    outcome: connected
    selected: { A: relay, B: srflx }
    nominated_within: 3s
  - session: call2
    outcome: failed
  - conformance: all
  - conformance: [RFC5245-16-pacing, RFC5389-7.2.1-rto]
)";

class FullScenario : public ::testing::Test {
 protected:
  Scenario s = load_ok(kFull, "full.yaml");
};

TEST_F(FullScenario, TopLevel) {
  EXPECT_EQ(s.file, "full.yaml");
  EXPECT_EQ(s.version, 1);
  EXPECT_EQ(s.name, "everything at once");
  EXPECT_EQ(s.description, "every key of the format");
  EXPECT_EQ(s.seed, 42u);
  EXPECT_EQ(s.duration, 90s);
  EXPECT_EQ(s.links.delay, 20ms);
  EXPECT_EQ(s.links.jitter, 2ms);
  EXPECT_DOUBLE_EQ(s.links.loss, 0.005);
  EXPECT_EQ(s.links.bandwidth_bps, 50'000'000u);
  EXPECT_EQ(s.links.mtu, 1400u);
  EXPECT_TRUE(s.links.reorder);
}

TEST_F(FullScenario, Servers) {
  ASSERT_EQ(s.servers.size(), 3u);
  const Server& turn1 = s.servers[0];
  EXPECT_EQ(turn1.name, "turn1");
  EXPECT_EQ(turn1.address, ip("203.0.113.10"));
  ASSERT_TRUE(turn1.stun);
  EXPECT_EQ(turn1.stun->port, 3479);
  ASSERT_TRUE(turn1.turn);
  EXPECT_EQ(turn1.turn->port, 3478);
  EXPECT_EQ(turn1.turn->realm, "example.org");
  EXPECT_EQ(turn1.turn->users, (std::map<std::string, std::string>{{"alice", "s3cret"}, {"bob", "hunter2"}}));
  EXPECT_EQ(turn1.turn->max_lifetime, 1800s);
  EXPECT_EQ(turn1.turn->default_lifetime, 300s);
  EXPECT_EQ(turn1.turn->relay_port_min, 50000);
  EXPECT_EQ(turn1.turn->relay_port_max, 50100);
  EXPECT_FALSE(turn1.alternate_address);
  EXPECT_EQ(turn1.pos.line, 14);
  EXPECT_EQ(turn1.pos.column, 5);

  const Server& stun1 = *s.find_server("stun1");
  ASSERT_TRUE(stun1.stun);
  EXPECT_EQ(stun1.stun->port, 3478);  // default
  EXPECT_FALSE(stun1.turn);
  ASSERT_TRUE(stun1.alternate_address);
  EXPECT_EQ(*stun1.alternate_address, ip("203.0.113.21"));

  // turn: without stun: still answers Binding, on the TURN port.
  const Server& turn_only = *s.find_server("turn-only");
  ASSERT_TRUE(turn_only.turn);
  ASSERT_TRUE(turn_only.stun);
  EXPECT_EQ(turn_only.stun->port, 5349);
  EXPECT_EQ(turn_only.turn->realm, "natlab.test");
  EXPECT_TRUE(turn_only.turn->users.empty());
  EXPECT_EQ(turn_only.turn->max_lifetime, 3600s);
  EXPECT_EQ(turn_only.turn->default_lifetime, 600s);
  EXPECT_EQ(turn_only.turn->relay_port_min, 49152);
  EXPECT_EQ(turn_only.turn->relay_port_max, 65535);
}

TEST_F(FullScenario, LinksLayerOverDefaults) {
  const LinkParams& l = s.find_server("turn1")->link;  // only delay given
  EXPECT_EQ(l.delay, 5ms);
  EXPECT_EQ(l.jitter, 2ms);
  EXPECT_DOUBLE_EQ(l.loss, 0.005);
  EXPECT_EQ(l.bandwidth_bps, 50'000'000u);
  EXPECT_EQ(l.mtu, 1400u);
  EXPECT_TRUE(l.reorder);

  const LinkParams& t = s.find_server("turn-only")->link;  // delay, jitter inherited
  EXPECT_EQ(t.delay, 20ms);
  EXPECT_EQ(t.jitter, 2ms);
  EXPECT_DOUBLE_EQ(t.loss, 0.01);
  EXPECT_EQ(t.bandwidth_bps, 1'000'000'000u);
  EXPECT_EQ(t.mtu, 9000u);
  EXPECT_FALSE(t.reorder);

  EXPECT_EQ(s.find_nat("nat-a")->link.delay, 15ms);
  EXPECT_EQ(s.find_nat("nat-a")->link.jitter, 0ms);
  EXPECT_EQ(s.find_nat("nat-b")->link.delay, 20ms);  // no link: the defaults
  EXPECT_EQ(s.find_host("alice-pc")->link.delay, 1ms);
  EXPECT_EQ(s.find_host("alice-pc")->link.mtu, 1400u);
  EXPECT_EQ(s.find_host("bob-pc")->link.delay, 20ms);
}

TEST_F(FullScenario, NatConfigFromTypeThenOverrides) {
  ASSERT_EQ(s.nats.size(), 4u);
  const nat::Config& a = s.nats[0].config;
  EXPECT_EQ(a.type, nat::NatType::PortRestricted);
  EXPECT_EQ(a.mapping, nat::Mapping::AddressDependent);                // override
  EXPECT_EQ(a.filtering, nat::Filtering::AddressAndPortDependent);     // from the type
  EXPECT_EQ(a.port_allocation, nat::PortAllocation::Sequential);
  EXPECT_EQ(a.mapping_timeout, 30s);
  EXPECT_TRUE(a.refresh_on_inbound);
  EXPECT_TRUE(a.hairpinning);
  EXPECT_FALSE(a.block_udp);
  EXPECT_EQ(a.public_address, ip("198.51.100.1"));
  EXPECT_EQ(s.nats[0].behind, "internet");

  const nat::Config& b = s.find_nat("nat-b")->config;
  EXPECT_EQ(b.type, nat::NatType::Symmetric);
  EXPECT_EQ(b.mapping, nat::Mapping::AddressAndPortDependent);
  EXPECT_EQ(b.filtering, nat::Filtering::AddressAndPortDependent);
  EXPECT_EQ(b.port_allocation, nat::PortAllocation::Preserve);
  EXPECT_EQ(b.mapping_timeout, 120s);
  EXPECT_FALSE(b.refresh_on_inbound);
  EXPECT_FALSE(b.hairpinning);
  EXPECT_EQ(s.find_nat("nat-b")->behind, "internet");  // default

  const NatBox& inner = *s.find_nat("nat-inner");
  EXPECT_EQ(inner.config.type, nat::NatType::FullCone);
  EXPECT_EQ(inner.config.mapping, nat::Mapping::EndpointIndependent);
  EXPECT_EQ(inner.config.filtering, nat::Filtering::EndpointIndependent);
  EXPECT_TRUE(inner.config.block_udp);
  EXPECT_EQ(inner.behind, "nat-a");
  // Behind another NAT, public_address is the address on the outer LAN.
  EXPECT_EQ(inner.config.public_address, ip("192.168.1.20"));

  EXPECT_EQ(s.find_nat("router")->config.type, nat::NatType::Open);
}

TEST_F(FullScenario, LansDerivedOrGiven) {
  const Lan& a = s.find_nat("nat-a")->lan;  // alice-pc and nat-inner
  EXPECT_EQ(a.subnet, ip("192.168.1.0"));
  EXPECT_EQ(a.prefix_length, 24);
  EXPECT_EQ(a.inside_address, ip("192.168.1.254"));

  const Lan& b = s.find_nat("nat-b")->lan;
  EXPECT_EQ(b.subnet, ip("10.1.0.0"));
  EXPECT_EQ(b.prefix_length, 16);
  EXPECT_EQ(b.inside_address, ip("10.1.0.1"));

  const Lan& inner = s.find_nat("nat-inner")->lan;
  EXPECT_EQ(inner.subnet, ip("172.16.5.0"));
  EXPECT_EQ(inner.inside_address, ip("172.16.5.254"));
}

TEST_F(FullScenario, Hosts) {
  ASSERT_EQ(s.hosts.size(), 4u);
  EXPECT_EQ(s.hosts[0].name, "alice-pc");
  EXPECT_EQ(s.hosts[0].address, ip("192.168.1.10"));
  EXPECT_EQ(s.hosts[0].behind, "nat-a");
  EXPECT_EQ(s.find_host("public-pc")->behind, "internet");
  EXPECT_EQ(s.find_host("nobody"), nullptr);
}

TEST_F(FullScenario, Agents) {
  ASSERT_EQ(s.agents.size(), 2u);
  const Agent& a = *s.find_agent("A");
  EXPECT_EQ(a.host, "alice-pc");
  EXPECT_EQ(a.stun, (std::vector<std::string>{"stun1", "turn1"}));
  ASSERT_EQ(a.turn.size(), 2u);
  EXPECT_EQ(a.turn[0].server, "turn1");
  EXPECT_EQ(a.turn[0].username, "alice");
  EXPECT_EQ(a.turn[0].password, "s3cret");
  EXPECT_EQ(a.turn[0].transport, Transport::Tcp);
  EXPECT_EQ(a.turn[1].server, "turn-only");
  EXPECT_EQ(a.turn[1].transport, Transport::Udp);
  EXPECT_EQ(a.components, 2);
  EXPECT_EQ(a.nomination, Nomination::Aggressive);
  EXPECT_EQ(a.ta, 50ms);
  EXPECT_EQ(a.rto, 250ms);
  EXPECT_EQ(a.keepalive, 2500ms);
  EXPECT_EQ(a.start, 100ms);

  const Agent& b = *s.find_agent("B");  // every default
  EXPECT_TRUE(b.stun.empty());
  EXPECT_TRUE(b.turn.empty());
  EXPECT_EQ(b.components, 1);
  EXPECT_EQ(b.nomination, Nomination::Regular);
  EXPECT_EQ(b.ta, 20ms);
  EXPECT_EQ(b.rto, 500ms);
  EXPECT_EQ(b.keepalive, 15s);
  EXPECT_EQ(b.start, 0s);
}

TEST_F(FullScenario, Sessions) {
  ASSERT_EQ(s.sessions.size(), 2u);
  EXPECT_EQ(s.sessions[0].name, "call1");
  EXPECT_EQ(s.sessions[0].controlling, "A");
  EXPECT_EQ(s.sessions[0].controlled, "B");
  EXPECT_EQ(s.sessions[0].signaling_delay, 80ms);
  EXPECT_EQ(s.sessions[0].media, 5s);
  EXPECT_EQ(s.sessions[1].signaling_delay, 50ms);
  EXPECT_EQ(s.sessions[1].media, 0s);
}

TEST_F(FullScenario, Expectations) {
  ASSERT_EQ(s.expect.size(), 4u);
  const Expectation& e = s.expect[0];
  EXPECT_EQ(e.session, "call1");
  EXPECT_EQ(e.outcome, "connected");
  EXPECT_EQ(e.selected, (std::map<std::string, CandidateType>{{"A", CandidateType::Relay},
                                                                {"B", CandidateType::Srflx}}));
  EXPECT_EQ(e.nominated_within, 3s);
  EXPECT_FALSE(e.conformance_all);

  EXPECT_EQ(s.expect[1].outcome, "failed");
  EXPECT_FALSE(s.expect[1].nominated_within);

  EXPECT_FALSE(s.expect[2].session);
  EXPECT_TRUE(s.expect[2].conformance_all);
  EXPECT_EQ(s.expect[3].conformance_ids,
            (std::vector<std::string>{"RFC5245-16-pacing", "RFC5389-7.2.1-rto"}));
  EXPECT_EQ(s.expect[3].pos.line, 103);
  EXPECT_EQ(s.expect[3].pos.column, 5);
}

TEST(ScenarioDefaults, MinimalFile) {
  Scenario s = testing::load_ok("natlab: 1\nname: minimal\n");
  EXPECT_EQ(s.name, "minimal");
  EXPECT_EQ(s.seed, 1u);
  EXPECT_EQ(s.duration, 30s);
  EXPECT_EQ(s.links.delay, 10ms);
  EXPECT_EQ(s.links.jitter, 0ms);
  EXPECT_EQ(s.links.loss, 0.0);
  EXPECT_EQ(s.links.bandwidth_bps, 100'000'000u);
  EXPECT_EQ(s.links.mtu, 1500u);
  EXPECT_FALSE(s.links.reorder);
  EXPECT_TRUE(s.servers.empty());
  EXPECT_TRUE(s.expect.empty());
}

TEST(ScenarioDefaults, ServerWithoutServicesAndEmptySections) {
  Scenario s = testing::load_ok(
      "natlab: 1\nname: t\nservers:\n  - name: plain\n    address: 203.0.113.1\nnats:\nhosts: []\n");
  ASSERT_EQ(s.servers.size(), 1u);
  EXPECT_FALSE(s.servers[0].stun);
  EXPECT_FALSE(s.servers[0].turn);
}

TEST(ScenarioDefaults, SameLanAddressBehindDifferentNatsIsFine) {
  // Two home networks that both use 192.168.1.0/24: one address, two networks.
  testing::load_ok(R"(natlab: 1
name: two homes
nats:
  - { name: a, type: full-cone, public_address: 198.51.100.1 }
  - { name: b, type: full-cone, public_address: 198.51.100.2 }
hosts:
  - { name: h1, address: 192.168.1.10, behind: a }
  - { name: h2, address: 192.168.1.10, behind: b }
)");
}

TEST(ScenarioDefaults, LanInsideAddressOnlyKeepsDerivedSubnet) {
  Scenario s = testing::load_ok(R"(natlab: 1
name: t
nats:
  - name: a
    type: restricted
    public_address: 198.51.100.1
    lan: { inside_address: 192.168.7.1 }
hosts:
  - { name: h, address: 192.168.7.10, behind: a }
)");
  EXPECT_EQ(s.nats[0].lan.subnet, ip("192.168.7.0"));
  EXPECT_EQ(s.nats[0].lan.inside_address, ip("192.168.7.1"));
  EXPECT_EQ(s.nats[0].config.filtering, nat::Filtering::AddressDependent);
}

}  // namespace
}  // namespace natlab::sim
