// `natlab ice-agent` against libnice (tests/interop/nice_peer.c) on
// 127.0.0.1: each side writes its SDP to a file and reads the other's, runs
// ICE and sends data over its selected pair. Both roles each way, host to
// host and relay to relay through coturn and natlab-turnd, regular and
// aggressive nomination; host to host over ICE-TCP (RFC 6544, libnice's
// ice-tcp); relay to relay with both sides on TURN over TCP. A test passes when both sides selected the same pair (each
// side's local candidate is the other's remote one, address, port and type;
// over TCP the active end is named as RFC 6544 has it, see below) and each
// received all of the other's data packets.
#include <filesystem>
#include <iostream>

#include <nlohmann/json.hpp>

#include "tests/interop/interop.h"

namespace natlab::interop {
namespace {

#ifdef NATLAB_NICE_PEER
const std::string kNicePeer = NATLAB_NICE_PEER;
#else
const std::string kNicePeer;
#endif

enum class Relay { None, Coturn, Turnd };

struct Case {
  bool natlab_controlling = true;
  Relay relay = Relay::None;
  bool aggressive = false;
  bool tcp = false;  // ICE-TCP only: both sides run --transports tcp
  bool turn_tcp = false;  // both sides reach the TURN server over TCP (RFC 5766 2.1)
};

std::string case_name(const ::testing::TestParamInfo<Case>& info) {
  const Case& c = info.param;
  std::string s = c.natlab_controlling ? "NatlabControlling" : "LibniceControlling";
  s += c.relay == Relay::None ? "_HostToHost" : c.relay == Relay::Coturn ? "_RelayViaCoturn" : "_RelayViaTurnd";
  s += c.aggressive ? "_Aggressive" : "_Regular";
  if (c.tcp) s += "_Tcp";
  if (c.turn_tcp) s += "_TurnOverTcp";
  return s;
}

struct Side {
  std::optional<int> status;
  std::string log;
  nlohmann::json line;  // the JSON line it printed, or null
};

// The last line of stdout that parses as JSON.
nlohmann::json last_json_line(const std::string& out) {
  nlohmann::json found;
  std::istringstream in(out);
  for (std::string line; std::getline(in, line);) {
    auto j = nlohmann::json::parse(line, nullptr, false);
    if (!j.is_discarded() && j.is_object()) found = j;
  }
  return found;
}

Side finish(ChildProcess& p) {
  Side s;
  s.status = p.wait_exit(90s);
  p.stop();
  s.log = "[ " + p.command_line() + " ]\n" + p.out() + p.err();
  s.line = last_json_line(p.out());
  return s;
}

class IceAgentVsLibnice : public ::testing::TestWithParam<Case> {
 protected:
  void SetUp() override {
    if (kNicePeer.empty() || !std::filesystem::exists(kNicePeer))
      GTEST_SKIP() << "libnice is not installed (scripts/setup installs libnice-dev), so there is no nice_peer";
    const Case& c = GetParam();
    if (c.relay == Relay::Coturn) {
      if (!have("turnserver")) GTEST_SKIP() << "coturn's turnserver is not installed (scripts/setup installs coturn)";
      server_ = start_coturn();
      ASSERT_NE(server_.port, 0) << server_.failure;
    } else if (c.relay == Relay::Turnd) {
      server_ = start_natlab_turnd();
      ASSERT_NE(server_.port, 0) << server_.failure;
    }
    char tmpl[] = "/tmp/natlab-ice-libnice-XXXXXX";
    ASSERT_TRUE(mkdtemp(tmpl));
    dir_ = tmpl;
  }
  void TearDown() override {
    if (server_.proc) server_.proc->stop();
    std::error_code ec;
    if (!dir_.empty()) std::filesystem::remove_all(dir_, ec);
  }

  std::vector<std::string> common_args(const std::string& role, const std::string& mine,
                                       const std::string& theirs) const {
    const Case& c = GetParam();
    std::vector<std::string> a = {"--role", role, "--local-sdp", (dir_ / mine).string(), "--remote-sdp",
                                  (dir_ / theirs).string(), "--bind", "127.0.0.1", "--nomination",
                                  c.aggressive ? "aggressive" : "regular", "--data", "5", "--timeout", "60"};
    if (c.tcp) a.insert(a.end(), {"--transports", "tcp"});
    if (c.relay != Relay::None) {
      a.insert(a.end(), {"--turn", "127.0.0.1:" + std::to_string(server_.port), "--user", kUser, "--password",
                         kPassword, "--relay-only"});
      if (c.turn_tcp) a.insert(a.end(), {"--turn-transport", "tcp"});
    }
    return a;
  }

  Server server_;
  std::filesystem::path dir_;
};

// Where a selected pair's candidate is, as the other side names it.
std::string where(const nlohmann::json& c) {
  return c.value("type", "?") + " " + c.value("address", "?") + ":" + std::to_string(c.value("port", 0));
}

TEST_P(IceAgentVsLibnice, SameSelectedPairAndDataBothWays) {
  const Case& c = GetParam();
  const std::string natlab_role = c.natlab_controlling ? "controlling" : "controlled";
  const std::string nice_role = c.natlab_controlling ? "controlled" : "controlling";

  auto natlab_args = common_args(natlab_role, "natlab.sdp", "nice.sdp");
  natlab_args.insert(natlab_args.begin(), {kBinaryDir + "/natlab", "ice-agent"});
  auto nice_args = common_args(nice_role, "nice.sdp", "natlab.sdp");
  nice_args.insert(nice_args.begin(), kNicePeer);

  std::string error;
  auto natlab = ChildProcess::start(natlab_args, error);
  ASSERT_TRUE(natlab) << error;
  auto nice = ChildProcess::start(nice_args, error);
  ASSERT_TRUE(nice) << error;
  const Side n = finish(*natlab);
  const Side l = finish(*nice);
  const std::string logs = n.log + "\n" + l.log + (server_.proc ? "\nserver:\n" + server_.proc->out() : "");
  std::cout << n.log << l.log;

  ASSERT_EQ(n.status, 0) << logs;
  ASSERT_EQ(l.status, 0) << logs;
  ASSERT_EQ(n.line.value("result", ""), "connected") << logs;
  ASSERT_EQ(l.line.value("result", ""), "connected") << logs;
  EXPECT_EQ(n.line["role"], natlab_role);
  EXPECT_EQ(l.line["role"], nice_role);
  EXPECT_EQ(n.line["nomination"], c.aggressive ? "aggressive" : "regular");

  // Both sides name the same pair, seen from either end.
  const auto& ns = n.line["selected"];
  const auto& ls = l.line["selected"];
  if (!c.tcp) {
    EXPECT_EQ(where(ns["local"]), where(ls["remote"])) << logs;
    EXPECT_EQ(where(ns["remote"]), where(ls["local"])) << logs;
  } else {
    // RFC 6544: one end of the connection is an active candidate, advertised
    // with port 9 (4.5) and known to its peer by the connection's real port,
    // as a peer-reflexive candidate unless signalled (7.2); the other end is
    // the passive candidate, named alike by both.
    const bool natlab_active = ns["local"].value("tcptype", "") == "active";
    const auto& active = natlab_active ? ns : ls;
    const auto& passive = natlab_active ? ls : ns;
    EXPECT_EQ(active["local"].value("tcptype", ""), "active") << logs;
    EXPECT_EQ(active["local"]["port"], 9) << logs;
    EXPECT_EQ(passive["local"].value("tcptype", ""), "passive") << logs;
    EXPECT_EQ(where(active["remote"]), where(passive["local"])) << logs;
    EXPECT_EQ(passive["remote"].value("tcptype", ""), "active") << logs;
    EXPECT_NE(passive["remote"]["port"], 9) << logs;
  }
  for (const auto* s : {&ns, &ls}) {
    for (const char* end : {"local", "remote"}) {
      EXPECT_EQ((*s)[end]["transport"], c.tcp ? "tcp" : "udp");
      EXPECT_EQ((*s)[end]["address"], "127.0.0.1");
      if (c.tcp && (*s)[end].value("tcptype", "") == "active" && end == std::string("remote")) {
        // The passive side learnt the active end from the connection.
        EXPECT_TRUE((*s)[end]["type"] == "prflx" || (*s)[end]["type"] == "host") << logs;
      } else {
        EXPECT_EQ((*s)[end]["type"], c.relay == Relay::None ? "host" : "relay") << logs;
      }
    }
  }

  // Both allocations came over TCP: natlab-turnd counts its connections
  // in the summary it logs on exit.
  if (c.turn_tcp && c.relay == Relay::Turnd) {
    EXPECT_EQ(server_.proc->stop(SIGTERM), 0);
    const std::string log = server_.proc->err();
    EXPECT_EQ(log.find("; tcp connections 0,"), std::string::npos) << log;
    EXPECT_NE(log.find("; tcp connections "), std::string::npos) << log;
    EXPECT_NE(log.find("framing errors 0"), std::string::npos) << log;
  }

  // Data crossed both ways.
  EXPECT_EQ(n.line["data"]["sent"], 5);
  EXPECT_EQ(n.line["data"]["received"], 5);
  EXPECT_EQ(l.line["data"]["sent"], 5);
  EXPECT_EQ(l.line["data"]["received"], 5);
}

std::vector<Case> all_cases() {
  std::vector<Case> v;
  for (bool natlab_controlling : {true, false})
    for (Relay relay : {Relay::None, Relay::Coturn, Relay::Turnd})
      for (bool aggressive : {false, true}) v.push_back(Case{natlab_controlling, relay, aggressive, false, false});
  for (bool natlab_controlling : {true, false})
    for (bool aggressive : {false, true}) v.push_back(Case{natlab_controlling, Relay::None, aggressive, true, false});
  // Relay to relay with both clients on TCP to the server: the relayed
  // candidates and the pair are UDP all the same.
  for (bool natlab_controlling : {true, false})
    for (Relay relay : {Relay::Coturn, Relay::Turnd})
      v.push_back(Case{natlab_controlling, relay, false, false, true});
  return v;
}

INSTANTIATE_TEST_SUITE_P(Interop, IceAgentVsLibnice, ::testing::ValuesIn(all_cases()), case_name);

}  // namespace
}  // namespace natlab::interop
