// `natlab ice-agent` on its own: two of them connect through their SDP
// files (over UDP, and over ICE-TCP), and one without a peer gives up with a
// failed JSON line and exit 1.
#include <iostream>
#include <iterator>
#include <sstream>

#include <nlohmann/json.hpp>

#include "tests/interop/interop.h"

namespace natlab::interop {
namespace {

class IceAgentCommand : public ::testing::Test {
 protected:
  void SetUp() override {
    char tmpl[] = "/tmp/natlab-ice-agent-XXXXXX";
    ASSERT_TRUE(mkdtemp(tmpl));
    dir_ = tmpl;
  }
  void TearDown() override {
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  std::unique_ptr<ChildProcess> start(const std::string& role, const std::string& mine, const std::string& theirs,
                                      const std::string& timeout, const std::string& transports = "udp",
                                      const std::vector<std::string>& extra = {}) {
    std::string error;
    std::vector<std::string> argv{kBinaryDir + "/natlab", "ice-agent", "--role", role, "--local-sdp",
                                  (dir_ / mine).string(), "--remote-sdp", (dir_ / theirs).string(), "--bind",
                                  "127.0.0.1", "--timeout", timeout, "--transports", transports};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto p = ChildProcess::start(argv, error);
    EXPECT_TRUE(p) << error;
    return p;
  }
  static nlohmann::json line_of(ChildProcess& p) {
    std::istringstream in(p.out());
    std::string line;
    std::getline(in, line);
    return nlohmann::json::parse(line, nullptr, false);
  }
  // Two agents, A controlling and B controlled, through a.sdp and b.sdp;
  // their JSON lines (ja, jb), both asserted to say connected.
  void run_two(const std::string& transports, const std::vector<std::string>& extra = {}) {
    auto a = start("controlling", "a.sdp", "b.sdp", "60", transports, extra);
    auto b = start("controlled", "b.sdp", "a.sdp", "60", transports, extra);
    ASSERT_TRUE(a && b);
    EXPECT_EQ(a->wait_exit(90s), 0) << a->out() << a->err();
    EXPECT_EQ(b->wait_exit(90s), 0) << b->out() << b->err();
    ja = line_of(*a);
    jb = line_of(*b);
    ASSERT_EQ(ja.value("result", ""), "connected") << a->out();
    ASSERT_EQ(jb.value("result", ""), "connected") << b->out();
  }
  std::filesystem::path dir_;
  nlohmann::json ja, jb;
};

TEST_F(IceAgentCommand, TwoAgentsSelectTheSamePair) {
  ASSERT_NO_FATAL_FAILURE(run_two("udp"));
  EXPECT_EQ(ja["selected"]["local"], jb["selected"]["remote"]);
  EXPECT_EQ(ja["selected"]["remote"], jb["selected"]["local"]);
  EXPECT_EQ(ja["data"]["received"], 5);
  EXPECT_EQ(jb["data"]["received"], 5);
}

TEST_F(IceAgentCommand, TwoAgentsConnectOverIceTcp) {
  ASSERT_NO_FATAL_FAILURE(run_two("tcp"));
  // Only TCP candidates were offered (RFC 6544 4.5: tcptype on each).
  std::ifstream f(dir_ / "a.sdp");
  std::string sdp((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_EQ(sdp.find(" UDP "), std::string::npos) << sdp;
  EXPECT_NE(sdp.find(" TCP "), std::string::npos) << sdp;
  EXPECT_NE(sdp.find(" 9 typ host tcptype active"), std::string::npos) << sdp;
  EXPECT_NE(sdp.find(" typ host tcptype passive"), std::string::npos) << sdp;
  // One side's active candidate (port 9) reached the other's passive one.
  for (const auto* j : {&ja, &jb})
    for (const char* end : {"local", "remote"}) EXPECT_EQ((*j)["selected"][end]["transport"], "tcp") << *j;
  const bool a_active = ja["selected"]["local"].value("tcptype", "") == "active";
  const auto& active = a_active ? ja : jb;
  const auto& passive = a_active ? jb : ja;
  EXPECT_EQ(active["selected"]["local"]["port"], 9);
  EXPECT_EQ(passive["selected"]["local"].value("tcptype", ""), "passive");
  EXPECT_EQ(active["selected"]["remote"], passive["selected"]["local"]);
  EXPECT_EQ(passive["selected"]["remote"].value("tcptype", ""), "active");
  EXPECT_EQ(ja["data"]["received"], 5);
  EXPECT_EQ(jb["data"]["received"], 5);
}

TEST_F(IceAgentCommand, TwoAgentsConnectOverSimultaneousOpenCandidates) {
  // Real sockets: each S-O candidate listens on an ephemeral port and
  // connects from it (SO_REUSEPORT); one connection results, whether a SYN
  // reaches the other's listener or the SYNs cross (RFC 793 3.4).
  ASSERT_NO_FATAL_FAILURE(run_two("tcp", {"--tcp-candidates", "so"}));
  std::ifstream f(dir_ / "a.sdp");
  std::string sdp((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  EXPECT_NE(sdp.find(" typ host tcptype so"), std::string::npos) << sdp;
  EXPECT_EQ(sdp.find("tcptype active"), std::string::npos) << sdp;
  EXPECT_EQ(sdp.find("tcptype passive"), std::string::npos) << sdp;
  for (const auto* j : {&ja, &jb})
    for (const char* end : {"local", "remote"}) {
      EXPECT_EQ((*j)["selected"][end]["transport"], "tcp") << *j;
      EXPECT_EQ((*j)["selected"][end].value("tcptype", ""), "so") << *j;
    }
  EXPECT_EQ(ja["selected"]["local"], jb["selected"]["remote"]);
  EXPECT_EQ(ja["selected"]["remote"], jb["selected"]["local"]);
  EXPECT_NE(ja["selected"]["local"]["port"], 9);
  EXPECT_EQ(ja["data"]["received"], 5);
  EXPECT_EQ(jb["data"]["received"], 5);
}

TEST_F(IceAgentCommand, TcpCandidatesWithoutTcpIsAUsageError) {
  auto a = start("controlling", "a.sdp", "b.sdp", "1", "udp", {"--tcp-candidates", "so"});
  ASSERT_TRUE(a);
  EXPECT_EQ(a->wait_exit(60s), 2) << a->out() << a->err();
  EXPECT_NE(a->err().find("--tcp-candidates needs tcp"), std::string::npos) << a->err();
}

TEST_F(IceAgentCommand, BadTransportIsAUsageError) {
  auto a = start("controlling", "a.sdp", "b.sdp", "1", "sctp");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->wait_exit(60s), 2) << a->out() << a->err();
  EXPECT_FALSE(std::filesystem::exists(dir_ / "a.sdp"));
}

TEST_F(IceAgentCommand, WithoutAPeerFailsWithAReason) {
  auto a = start("controlling", "a.sdp", "never.sdp", "1");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->wait_exit(60s), 1) << a->out() << a->err();
  const auto j = line_of(*a);
  EXPECT_EQ(j.value("result", ""), "failed") << a->out();
  EXPECT_NE(j.value("reason", "").find("no remote description"), std::string::npos) << a->out();
  // Its own description was written whole, in libnice's form.
  std::ifstream f(dir_ / "a.sdp");
  std::string first;
  std::getline(f, first);
  EXPECT_EQ(first.rfind("m=application ", 0), 0u) << first;
  EXPECT_FALSE(std::filesystem::exists(dir_ / "a.sdp.tmp"));
}

}  // namespace
}  // namespace natlab::interop
