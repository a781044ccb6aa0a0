// realnet::run_turn_client (what `natlab turn-client` runs) against natlab's
// TurnServer driven by realnet in the same process.
#include <gtest/gtest.h>

#include <thread>

#include "agents/turn/server.h"
#include "realnet/driver.h"
#include "realnet/machine.h"
#include "realnet/turn_client_run.h"
#include "tests/realnet/udp_peer.h"

namespace natlab::realnet {
namespace {

using namespace std::chrono_literals;
using test::kLoopback;

// The server on its own thread and io_context: run_turn_client runs the
// caller's io_context until each step is done.
class ServerThread {
 public:
  explicit ServerThread(turn::PeerPolicy policy = turn::PeerPolicy::allow_all()) {
    turn::TurnServerConfig c;
    c.listening = {Endpoint{kLoopback, 0}};
    c.relay_address = kLoopback;
    c.relay_port_min = 42000;
    c.relay_port_max = 42999;
    c.realm = "run.test";
    c.users = {{"alice", "s3cret"}};
    c.peer_policy = std::move(policy);
    c.relay_port_usable = [this](const Endpoint& ep) {
      std::error_code ec;
      return driver_ && driver_->open(ep, ec);
    };
    server_.emplace(c, Rng(5));
    driver_.emplace(io_, *server_);
    EXPECT_FALSE(driver_->start());
    endpoint_ = *driver_->bound(Endpoint{kLoopback, 0});
    work_.emplace(io_.get_executor());
    thread_ = std::thread([this] { io_.run(); });
  }
  ~ServerThread() {
    asio::post(io_, [this] {
      driver_->stop();
      work_.reset();
    });
    thread_.join();
  }
  Endpoint endpoint() const { return endpoint_; }

 private:
  asio::io_context io_;
  std::optional<Machine<turn::TurnServer, Endpoints::Dynamic>> server_;
  std::optional<Driver> driver_;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::thread thread_;
  Endpoint endpoint_;
};

TurnClientRun run_against(const Endpoint& server) {
  TurnClientRun r;
  r.server = server;
  r.username = "alice";
  r.password = "s3cret";
  r.count = 7;
  return r;
}

TEST(RealnetTurnClientRun, SendIndicationsAllComeBack) {
  ServerThread server;
  asio::io_context io;
  auto o = run_turn_client(io, run_against(server.endpoint()));
  EXPECT_TRUE(o.ok) << summary(o);
  EXPECT_EQ(o.sent, 7);
  EXPECT_EQ(o.received, 7);
  EXPECT_EQ(o.received_as_data_indication, 7);
  EXPECT_TRUE(o.deallocated);
  ASSERT_TRUE(o.relayed);
  EXPECT_EQ(o.relayed->address, kLoopback);
  EXPECT_NE(summary(o).find("sent 7 received 7 via send-indication deallocated"), std::string::npos) << summary(o);
}

TEST(RealnetTurnClientRun, ChannelDataAllComeBack) {
  ServerThread server;
  asio::io_context io;
  TurnClientRun r = run_against(server.endpoint());
  r.channel = true;
  r.realm = "run.test";
  auto o = run_turn_client(io, r);
  EXPECT_TRUE(o.ok) << summary(o);
  EXPECT_EQ(o.received_as_channel_data, 7);
  EXPECT_NE(summary(o).find("via channel-data (channel 0x4000) deallocated"), std::string::npos) << summary(o);
}

TEST(RealnetTurnClientRun, ExternalEchoPeer) {
  ServerThread server;
  asio::io_context io;
  test::UdpPeer peer(io, /*echo=*/true);
  TurnClientRun r = run_against(server.endpoint());
  r.peer = peer.endpoint();
  auto o = run_turn_client(io, r);
  EXPECT_TRUE(o.ok) << summary(o);
  EXPECT_EQ(peer.received.size(), 7u);
}

TEST(RealnetTurnClientRun, RefusedPeerFailsAtPermissionAndStillDeallocates) {
  ServerThread server(turn::PeerPolicy::special_purpose());
  asio::io_context io;
  auto o = run_turn_client(io, run_against(server.endpoint()));
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.failed_step, "permission");
  EXPECT_EQ(o.error, "403 Forbidden");
  EXPECT_TRUE(o.deallocated);
  EXPECT_EQ(summary(o).rfind("FAILED at permission: 403 Forbidden; relayed 127.0.0.1:", 0), 0u) << summary(o);
}

TEST(RealnetTurnClientRun, WrongPasswordAndWrongRealmFail) {
  ServerThread server;
  asio::io_context io;
  TurnClientRun r = run_against(server.endpoint());
  r.password = "wrong";
  auto o = run_turn_client(io, r);
  EXPECT_EQ(o.failed_step, "allocate");
  EXPECT_EQ(o.error, "401 Unauthorized");

  r = run_against(server.endpoint());
  r.realm = "other.realm";
  o = run_turn_client(io, r);
  EXPECT_EQ(o.failed_step, "allocate");
  EXPECT_TRUE(o.deallocated);
}

TEST(RealnetTurnClientRun, SilentServerTimesOut) {
  asio::io_context io;
  test::UdpPeer silent(io);  // receives, never answers
  TurnClientRun r = run_against(silent.endpoint());
  r.step_timeout = 300ms;
  auto o = run_turn_client(io, r);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.failed_step, "allocate");
}

}  // namespace
}  // namespace natlab::realnet
