// One mistake per input: the loader must name the line and column of the
// offending key or value and say what is wrong, and report nothing else.
#include <gtest/gtest.h>

#include "sim/scenario_loader.h"
#include "tests/sim/scenario_test_util.h"

namespace natlab::sim {
namespace {

struct BadCase {
  const char* id;
  const char* yaml;
  int line;
  int column;
  const char* message;  // a substring of the first error's message
  bool only_error = true;
};

std::ostream& operator<<(std::ostream& os, const BadCase& c) { return os << c.id; }

// Lines 1-2 of most inputs are `natlab: 1` / `name: t`.
const BadCase kCases[] = {
    {"UnknownKey",
     "natlab: 1\nname: t\nnats:\n  - name: a\n    type: full-cone\n    public_address: 198.51.100.1\n"
     "    mappng: endpoint-independent\n",
     7, 5, "unknown key 'mappng' in nat; expected one of: name, type, public_address, behind, mapping,"},
    {"UnknownTopLevelKey", "natlab: 1\nname: t\nserver: []\n", 3, 1,
     "unknown key 'server' in the scenario; expected one of: natlab, name, description, seed, duration, links, "
     "servers, nats, hosts, agents, sessions, expect (did you mean 'servers'?)"},
    {"BadDuration", "natlab: 1\nname: t\nduration: 30\n", 3, 11,
     "bad duration '30' for 'duration'; expected a number and a unit"},
    {"ZeroDuration", "natlab: 1\nname: t\nagents: []\nduration: 0ms\n", 4, 11, "'duration' must be longer than 0s"},
    {"NegativeDelay", "natlab: 1\nname: t\nlinks: { delay: -5ms }\n", 3, 17, "bad duration '-5ms' for 'delay'"},
    {"UnknownNatType",
     "natlab: 1\nname: t\nnats:\n  - name: a\n    type: fullcone\n    public_address: 198.51.100.1\n", 5, 11,
     "unknown NAT type 'fullcone'; expected one of: open, full-cone, restricted, port-restricted, symmetric"},
    {"BadFiltering",
     "natlab: 1\nname: t\nnats:\n  - name: a\n    type: full-cone\n    public_address: 198.51.100.1\n"
     "    filtering: port-dependent\n",
     7, 16,
     "unknown filtering 'port-dependent'; expected one of: endpoint-independent, address-dependent, "
     "address-and-port-dependent"},
    {"BadPortAllocation",
     "natlab: 1\nname: t\nnats:\n  - { name: a, type: open, public_address: 198.51.100.1, port_allocation: next }\n",
     4, 75, "unknown port allocation 'next'; expected one of: preserve, sequential, random"},
    {"DanglingBehind", "natlab: 1\nname: t\nhosts:\n  - name: h\n    address: 10.0.0.1\n    behind: nat-x\n", 6, 13,
     "unknown NAT 'nat-x' in 'behind'; expected one of: internet"},
    {"BehindNamesAHost",
     "natlab: 1\nname: t\nhosts:\n  - { name: h1, address: 192.0.2.1, behind: internet }\n"
     "  - { name: h2, address: 10.0.0.1, behind: h1 }\n",
     5, 44, "'h1' is a host, not a NAT; 'behind' must name a NAT"},
    {"HostWithoutBehind", "natlab: 1\nname: t\nhosts:\n  - name: h\n    address: 10.0.0.1\n", 4, 5,
     "missing required key 'behind' in host 'h'"},
    {"AddressCollision",
     "natlab: 1\nname: t\nservers:\n  - name: s1\n    address: 203.0.113.1\n  - name: s2\n"
     "    address: 203.0.113.1\n",
     7, 14, "address 203.0.113.1 of server 's2' is already used by server 's1' (line 5) on the internet"},
    {"CollisionWithNatInsideAddress",
     "natlab: 1\nname: t\nnats:\n  - { name: a, type: full-cone, public_address: 198.51.100.1 }\nhosts:\n"
     "  - { name: h, address: 192.168.1.254, behind: a }\n",
     6, 25,
     "address 192.168.1.254 of host 'h' is already used by nat 'a' itself (its inside address by default; set "
     "lan.inside_address to move it) on the LAN behind nat 'a'"},
    {"NatLoop",
     "natlab: 1\nname: t\nnats:\n  - name: a\n    type: full-cone\n    public_address: 10.0.0.1\n    behind: b\n"
     "  - name: b\n    type: full-cone\n    public_address: 10.0.1.1\n    behind: a\n",
     7, 13, "NAT loop: a is behind b, which is behind a"},
    {"NatBehindItself", "natlab: 1\nname: t\nnats:\n  - { name: a, type: open, public_address: 10.0.0.1, behind: a }\n",
     4, 62, "NAT loop: a is behind itself"},
    {"MissingRequiredKey", "natlab: 1\nname: t\nnats:\n  - name: a\n    public_address: 198.51.100.1\n", 4, 5,
     "missing required key 'type' in nat 'a'"},
    {"MissingName", "natlab: 1\ndescription: no name\n", 1, 1, "missing required key 'name' in the scenario"},
    {"MissingVersion", "name: t\n", 1, 1, "missing required key 'natlab' in the scenario"},
    {"WrongTypeMapForString", "natlab: 1\nname: { first: t }\n", 2, 7, "'name' must be a string, not a map"},
    {"WrongTypeScalarForList", "natlab: 1\nname: t\nservers: turn1\n", 3, 10, "'servers' must be a list, not a string"},
    {"WrongTypeStunNotAList",
     "natlab: 1\nname: t\nhosts:\n  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n"
     "  - { name: A, host: h, stun: s1 }\n",
     6, 31, "'stun' must be a list, not a string"},
    {"DuplicateName",
     "natlab: 1\nname: t\nservers:\n  - name: dup\n    address: 203.0.113.1\nhosts:\n  - name: dup\n"
     "    address: 203.0.113.2\n    behind: internet\n",
     7, 11, "duplicate name 'dup'; already used by the server at line 4"},
    {"DuplicateKey", "natlab: 1\nname: t\nname: u\n", 3, 1, "duplicate key 'name' in the scenario"},
    {"ReservedName", "natlab: 1\nname: t\nnats:\n  - { name: internet, type: open, public_address: 10.0.0.1 }\n", 4,
     13, "the name 'internet' is reserved"},
    {"YamlSyntaxError", "natlab: 1\nname: t\nlinks: { delay: 10ms\n", 4, 1,
     "YAML syntax error: end of map flow not found"},
    {"YamlTab", "natlab: 1\nname: t\nlinks:\n  delay: 1ms\n\tloss: 1%\n", 5, 1, "YAML syntax error: illegal tab"},
    {"BadPercentage", "natlab: 1\nname: t\nlinks:\n  loss: 1\n", 4, 9,
     "bad percentage '1' for 'loss'; expected e.g. 1% or 0.5%"},
    {"LossAbove100", "natlab: 1\nname: t\nlinks:\n  loss: 100.5%\n", 4, 9,
     "'loss' must be between 0% and 100%, not 100.5%"},
    {"BadBandwidth", "natlab: 1\nname: t\nlinks:\n  bandwidth: 100Mbit\n", 4, 14, "bad bandwidth '100Mbit' for 'bandwidth'"},
    {"MtuTooSmall", "natlab: 1\nname: t\nlinks: { mtu: 500 }\n", 3, 15, "'mtu' must be between 576 and 65535, not 500"},
    {"BadBool", "natlab: 1\nname: t\nlinks: { reorder: yes }\n", 3, 19, "'reorder' must be true or false, not 'yes'"},
    {"BadAddress", "natlab: 1\nname: t\nhosts:\n  - name: h\n    address: 192.168.1.300\n    behind: internet\n", 5,
     14, "bad address '192.168.1.300' for 'address'; expected an IPv4 dotted quad"},
    {"BadPortRange",
     "natlab: 1\nname: t\nservers:\n  - name: t1\n    address: 203.0.113.1\n    turn:\n"
     "      relay_ports: 60000-50000\n",
     7, 20, "bad port range '60000-50000' for 'relay_ports'"},
    {"BadPort", "natlab: 1\nname: t\nservers:\n  - { name: s, address: 203.0.113.1, stun: { port: 70000 } }\n", 4, 52, "bad port '70000' for 'port'; expected 1..65535"},
    {"DefaultLifetimeAboveMax",
     "natlab: 1\nname: t\nservers:\n  - name: t1\n    address: 203.0.113.1\n    turn:\n      max_lifetime: 60s\n"
     "      default_lifetime: 600s\n",
     8, 25, "'default_lifetime' 600s is longer than 'max_lifetime' 60s"},
    {"DanglingStunServer",
     "natlab: 1\nname: t\nservers:\n  - { name: s1, address: 203.0.113.1, stun: {} }\nhosts:\n"
     "  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n  - { name: A, host: h, stun: [s1, s2] }\n",
     8, 36, "unknown server 's2' in 'stun'; expected one of: s1"},
    {"StunServerWithoutStun",
     "natlab: 1\nname: t\nservers:\n  - { name: s1, address: 203.0.113.1 }\nhosts:\n"
     "  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n  - { name: A, host: h, stun: [s1] }\n",
     8, 32, "server 's1' offers no STUN"},
    {"TurnEntryToServerWithoutTurn",
     "natlab: 1\nname: t\nservers:\n  - { name: s1, address: 203.0.113.1, stun: {} }\nhosts:\n"
     "  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n  - name: A\n    host: h\n    turn:\n"
     "      - { server: s1, username: u, password: p }\n",
     11, 19, "server 's1' is not a TURN server (it has no `turn:`)"},
    {"BadTurnTransport",
     "natlab: 1\nname: t\nservers:\n  - { name: t1, address: 203.0.113.1, turn: {} }\nhosts:\n"
     "  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n  - name: A\n    host: h\n    turn:\n"
     "      - { server: t1, transport: tls }\n",
     11, 34, "unknown transport 'tls'; expected one of: udp, tcp"},
    {"DanglingAgentHost", "natlab: 1\nname: t\nagents:\n  - name: A\n    host: pc\n", 5, 11,
     "unknown host 'pc' in 'host'; there is no host in this file"},
    {"SessionSameAgentTwice",
     "natlab: 1\nname: t\nhosts:\n  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n"
     "  - { name: A, host: h }\nsessions:\n  - name: call\n    controlling: A\n    controlled: A\n",
     10, 17, "session 'call' needs two different agents; 'A' is both controlling and controlled"},
    {"DanglingSessionAgent",
     "natlab: 1\nname: t\nhosts:\n  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n"
     "  - { name: A, host: h }\nsessions:\n  - { name: call, controlling: A, controlled: B }\n",
     8, 47, "unknown agent 'B' in 'controlled'; expected one of: A"},
    {"LanSpansTwo24s",
     "natlab: 1\nname: t\nnats:\n  - { name: a, type: full-cone, public_address: 198.51.100.1 }\nhosts:\n"
     "  - { name: h1, address: 192.168.1.10, behind: a }\n  - { name: h2, address: 192.168.2.10, behind: a }\n",
     7, 26,
     "address 192.168.2.10 of host 'h2' is not in 192.168.1.0/24 like host 'h1' (line 6); everything behind nat "
     "'a' must lie in one /24 unless the NAT sets lan.subnet"},
    {"InnerNatOutsideOuterLan",
     "natlab: 1\nname: t\nnats:\n  - { name: outer, type: full-cone, public_address: 198.51.100.1 }\n"
     "  - { name: inner, type: symmetric, public_address: 10.0.0.2, behind: outer }\nhosts:\n"
     "  - { name: h1, address: 192.168.1.10, behind: outer }\n",
     7, 26, "address 192.168.1.10 of host 'h1' is not in 10.0.0.0/24 like nat 'inner' (line 5)"},
    {"MemberOutsideGivenSubnet",
     "natlab: 1\nname: t\nnats:\n  - name: a\n    type: full-cone\n    public_address: 198.51.100.1\n"
     "    lan: { subnet: 10.1.0.0/16 }\nhosts:\n  - { name: h, address: 10.2.0.1, behind: a }\n",
     9, 25, "address 10.2.0.1 of host 'h' is outside the LAN behind nat 'a', whose lan.subnet is 10.1.0.0/16"},
    {"BadSubnet",
     "natlab: 1\nname: t\nnats:\n  - name: a\n    type: full-cone\n    public_address: 198.51.100.1\n"
     "    lan: { subnet: 10.1.0.1/24 }\n",
     7, 20, "bad subnet '10.1.0.1/24' for 'subnet'"},
    {"InsideAddressOutsideLan",
     "natlab: 1\nname: t\nnats:\n  - name: a\n    type: full-cone\n    public_address: 198.51.100.1\n"
     "    lan: { inside_address: 10.9.9.1 }\nhosts:\n  - { name: h, address: 10.1.1.1, behind: a }\n",
     7, 28, "inside_address 10.9.9.1 is outside the LAN behind nat 'a', 10.1.1.0/24"},
    {"BroadcastAddressOnLan",
     "natlab: 1\nname: t\nnats:\n  - { name: a, type: full-cone, public_address: 198.51.100.1 }\nhosts:\n"
     "  - { name: h, address: 192.168.1.255, behind: a }\n",
     6, 25, "is the broadcast address of the LAN behind nat 'a'"},
    {"Version2", "natlab: 2\nname: t\nfuture_key: 1\n", 1, 9,
     "unsupported format version 2; this natlab reads version 1"},
    {"EmptyFile", "", 1, 1, "empty file"},
    {"OnlyComments", "# nothing here\n", 1, 1, "empty file"},
    {"NotAMap", "- natlab: 1\n- name: t\n", 1, 1, "the scenario must be a map, not a list"},
    {"SectionItemNotAMap", "natlab: 1\nname: t\nhosts:\n  - just-a-name\n", 4, 5,
     "each item of hosts must be a map, not a string"},
    {"TwoDocuments", "natlab: 1\nname: t\n---\nnatlab: 1\n", 4, 1, "holds one YAML document"},
    {"Components3",
     "natlab: 1\nname: t\nhosts:\n  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n"
     "  - { name: A, host: h, components: 3 }\n",
     6, 37, "'components' must be 1 or 2, not 3"},
    {"BadNomination",
     "natlab: 1\nname: t\nhosts:\n  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n"
     "  - { name: A, host: h, nomination: eager }\n",
     6, 37, "unknown nomination 'eager'; expected one of: regular, aggressive"},
    {"ZeroTa",
     "natlab: 1\nname: t\nhosts:\n  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n"
     "  - { name: A, host: h, ta: 0ms }\n",
     6, 29, "'ta' must be longer than 0s"},
    {"ExpectUnknownSession", "natlab: 1\nname: t\nexpect:\n  - session: nope\n    outcome: connected\n", 4, 14,
     "unknown session 'nope' in 'session'; there is no session in this file"},
    {"ExpectSelectedAgentNotInSession",
     "natlab: 1\nname: t\nhosts:\n  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n"
     "  - { name: A, host: h }\n  - { name: B, host: h }\nsessions:\n  - { name: call, controlling: A, controlled: B }\n"
     "expect:\n  - session: call\n    selected: { A: relay, C: srflx }\n",
     12, 27, "agent 'C' is not in session 'call'; expected A or B"},
    {"ExpectBadCandidateType",
     "natlab: 1\nname: t\nhosts:\n  - { name: h, address: 192.0.2.1, behind: internet }\nagents:\n"
     "  - { name: A, host: h }\n  - { name: B, host: h }\nsessions:\n  - { name: call, controlling: A, controlled: B }\n"
     "expect:\n  - session: call\n    selected: { A: relayed }\n",
     12, 20, "unknown candidate type 'relayed'; expected one of: host, srflx, prflx, relay"},
    {"ExpectBadOutcome", "natlab: 1\nname: t\nexpect:\n  - outcome: ok\n    session: s\n", 4, 14,
     "unknown outcome 'ok'; expected one of: connected, failed", false},
    {"ConformanceMixedWithSession", "natlab: 1\nname: t\nexpect:\n  - conformance: all\n    outcome: connected\n", 5,
     5, "'outcome' belongs to a session expectation"},
    {"ConformanceBadValue", "natlab: 1\nname: t\nexpect:\n  - conformance: some\n", 4, 18,
     "'conformance' must be `all` or a list of check ids"},
};

class BadScenario : public ::testing::TestWithParam<BadCase> {};

TEST_P(BadScenario, ReportsPositionAndMessage) {
  const BadCase& c = GetParam();
  auto errors = testing::load_errors(c.yaml, "bad.yaml");
  ASSERT_FALSE(errors.empty());
  const LoadError& e = errors.front();
  EXPECT_EQ(e.file, "bad.yaml");
  EXPECT_EQ(e.line, c.line) << testing::describe(errors);
  EXPECT_EQ(e.column, c.column) << testing::describe(errors);
  EXPECT_NE(e.message.find(c.message), std::string::npos) << "got: " << e.message;
  if (c.only_error) {
    EXPECT_EQ(errors.size(), 1u) << testing::describe(errors);
  }
}

INSTANTIATE_TEST_SUITE_P(Loader, BadScenario, ::testing::ValuesIn(kCases),
                         [](const auto& param_info) { return std::string(param_info.param.id); });

TEST(BadScenarioFormat, ExactNatTypeMessageOfTheSpec) {
  auto errors = testing::load_errors(
      "natlab: 1\nname: t\nnats:\n  - name: a\n    type: fullcone\n    public_address: 198.51.100.1\n",
      "file.yaml");
  ASSERT_EQ(errors.size(), 1u);
  EXPECT_EQ(errors[0].to_string(),
            "file.yaml:5:11: error: unknown NAT type 'fullcone'; expected one of: open, full-cone, restricted, "
            "port-restricted, symmetric");
}

TEST(BadScenarioFormat, AllErrorsInFileOrder) {
  auto errors = testing::load_errors(R"(natlab: 1
name: t
hosts:
  - { name: h, address: 10.0.0.1, behind: nowhere }
links: { delay: fast }
nats:
  - { name: a, type: cone, public_address: 198.51.100.1 }
)");
  ASSERT_EQ(errors.size(), 3u) << testing::describe(errors);
  EXPECT_EQ(errors[0].line, 4);
  EXPECT_EQ(errors[1].line, 5);
  EXPECT_EQ(errors[2].line, 7);
}

TEST(BadScenarioFormat, ErrorWithoutPositionHasNoLineInText) {
  LoadError e{"missing.yaml", 0, 0, "no such file or directory"};
  EXPECT_EQ(e.to_string(), "missing.yaml: error: no such file or directory");
  LoadError p{"f.yaml", 3, 7, "bad"};
  EXPECT_EQ(p.to_string(), "f.yaml:3:7: error: bad");
}

TEST(BadScenarioFormat, MissingFile) {
  auto result = load_scenario_file("/nonexistent/missing.yaml");
  ASSERT_TRUE(std::holds_alternative<std::vector<LoadError>>(result));
  EXPECT_EQ(std::get<std::vector<LoadError>>(result).at(0).to_string(),
            "/nonexistent/missing.yaml: error: no such file or directory");
}

}  // namespace
}  // namespace natlab::sim
