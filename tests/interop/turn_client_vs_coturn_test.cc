// `natlab turn-client` (natlab's sans-IO TurnClient over realnet) against
// coturn's turnserver: allocate, permit, bind a channel, relay datagrams to a
// peer socket and back, deallocate.
#include "tests/interop/interop.h"

namespace natlab::interop {
namespace {

struct ClientRun {
  std::optional<int> status;
  std::string out;
};

ClientRun natlab_turn_client(std::vector<std::string> args) {
  args.insert(args.begin(), {kBinaryDir + "/natlab", "turn-client"});
  std::string error;
  auto p = ChildProcess::start(args, error);
  EXPECT_TRUE(p) << error;
  if (!p) return {};
  ClientRun r;
  r.status = p->wait_exit(120s);
  p->stop();
  r.out = p->out() + p->err();
  std::cout << "[ " << p->command_line() << " ]\n" << r.out;
  return r;
}

class TurnClientAgainstCoturn : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!have("turnserver")) GTEST_SKIP() << "coturn's turnserver is not installed (scripts/setup installs coturn)";
    coturn_ = start_coturn();
    ASSERT_NE(coturn_.port, 0) << coturn_.failure;
  }
  void TearDown() override {
    if (coturn_.proc) coturn_.proc->stop();
  }
  std::vector<std::string> base(int count) const {
    return {"--server", "127.0.0.1:" + std::to_string(coturn_.port), "--user", kUser, "--password", kPassword,
            "--realm", kRealm, "--count", std::to_string(count)};
  }
  Server coturn_;
};

TEST_F(TurnClientAgainstCoturn, ChannelDataBothWays) {
  auto args = base(20);
  args.push_back("--channel");
  ClientRun r = natlab_turn_client(args);
  EXPECT_EQ(r.status, 0) << r.out << "\ncoturn:\n" << coturn_.proc->out();
  EXPECT_NE(r.out.find(" sent 20 received 20 via channel-data (channel 0x4000) deallocated"), std::string::npos)
      << r.out;
  EXPECT_NE(r.out.find(" relayed 127.0.0.1:"), std::string::npos) << r.out;
}

// RFC 5766 2.1: coturn listens for TCP on its UDP port; ChannelData goes
// padded on the connection (11.5), and the relay is UDP.
TEST_F(TurnClientAgainstCoturn, OverTcpChannelDataAndIndications) {
  // 17 bytes: three bytes of padding after every ChannelData, both ways.
  auto args = base(20);
  args.insert(args.end(), {"--transport", "tcp", "--channel", "--size", "17"});
  ClientRun r = natlab_turn_client(args);
  EXPECT_EQ(r.status, 0) << r.out << "\ncoturn:\n" << coturn_.proc->out();
  EXPECT_NE(r.out.find(" over tcp relayed 127.0.0.1:"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find(" sent 20 received 20 via channel-data (channel 0x4000) deallocated"), std::string::npos)
      << r.out;
  args = base(10);
  args.insert(args.end(), {"--transport", "tcp"});
  r = natlab_turn_client(args);
  EXPECT_EQ(r.status, 0) << r.out << "\ncoturn:\n" << coturn_.proc->out();
  EXPECT_NE(r.out.find(" sent 10 received 10 via send-indication deallocated"), std::string::npos) << r.out;
}

TEST_F(TurnClientAgainstCoturn, SendAndDataIndications) {
  ClientRun r = natlab_turn_client(base(10));
  EXPECT_EQ(r.status, 0) << r.out << "\ncoturn:\n" << coturn_.proc->out();
  EXPECT_NE(r.out.find(" sent 10 received 10 via send-indication deallocated"), std::string::npos) << r.out;
}

TEST_F(TurnClientAgainstCoturn, ThroughCoturnsOwnPeer) {
  if (!have("turnutils_peer")) GTEST_SKIP() << "coturn's turnutils_peer is not installed";
  Server peer = start_turnutils_peer();
  ASSERT_NE(peer.port, 0) << peer.failure;
  auto args = base(10);
  args.insert(args.end(), {"--channel", "--peer", "127.0.0.1:" + std::to_string(peer.port)});
  ClientRun r = natlab_turn_client(args);
  peer.proc->stop();
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find(" peer 127.0.0.1:" + std::to_string(peer.port) + " sent 10 received 10 via channel-data"),
            std::string::npos)
      << r.out;
}

TEST_F(TurnClientAgainstCoturn, WrongPasswordIs401) {
  auto args = base(1);
  args[5] = "not-the-password";
  ClientRun r = natlab_turn_client(args);
  EXPECT_EQ(r.status, 1) << r.out;
  EXPECT_NE(r.out.find("FAILED at allocate: 401"), std::string::npos) << r.out;
}

}  // namespace
}  // namespace natlab::interop
