// natlab-turnd's daemon in process: what it logs, its peer policy seen from
// a client, and shutdown.
#include <gtest/gtest.h>

#include <future>
#include <sstream>
#include <thread>

#include "agents/turn/client.h"
#include "realnet/machine.h"
#include "realnet/run.h"
#include "realnet/turn_client_run.h"
#include "realnet/turnd/daemon.h"

namespace natlab::turnd {
namespace {

using namespace std::chrono_literals;

Options options(std::vector<const char*> extra = {}) {
  std::vector<const char*> args = {"natlab-turnd", "--listen", "127.0.0.1:0", "--user", "alice:s3cret", "--realm",
                                   "daemon.test", "--min-port", "43000", "--max-port", "43999"};
  args.insert(args.end(), extra.begin(), extra.end());
  auto r = parse_options(static_cast<int>(args.size()), args.data());
  EXPECT_TRUE(r.options) << r.output;
  return *r.options;
}

// The daemon runs on its own thread; the client on the test's.
class Running {
 public:
  explicit Running(Options o) : daemon_(io_, std::move(o), log_) {
    started_ = daemon_.start();
    if (started_) endpoint_ = daemon_.listening().front();
    work_.emplace(io_.get_executor());
    thread_ = std::thread([this] { io_.run(); });
  }
  ~Running() {
    stop();
    thread_.join();
  }
  void stop() {
    if (stopped_) return;
    stopped_ = true;
    std::promise<void> done;
    asio::post(io_, [&] {
      daemon_.shutdown("test");
      work_.reset();
      done.set_value();
    });
    done.get_future().wait();
  }
  bool started() const { return started_; }
  Endpoint endpoint() const { return endpoint_; }
  std::string log() const { return log_.str(); }

 private:
  asio::io_context io_;
  std::ostringstream log_;  // written on the daemon's thread, read after stop()
  Daemon daemon_;
  bool started_ = false;
  Endpoint endpoint_;
  bool stopped_ = false;
  std::optional<asio::executor_work_guard<asio::io_context::executor_type>> work_;
  std::thread thread_;
};

realnet::TurnClientRun client_run(const Endpoint& server, bool channel) {
  realnet::TurnClientRun r;
  r.server = server;
  r.username = "alice";
  r.password = "s3cret";
  r.realm = "daemon.test";
  r.count = 3;
  r.channel = channel;
  return r;
}

TEST(TurndDaemon, LoopbackPeersAreRefusedByDefault) {
  Running d(options());
  ASSERT_TRUE(d.started());
  asio::io_context io;
  auto o = realnet::run_turn_client(io, client_run(d.endpoint(), false));
  EXPECT_EQ(o.failed_step, "permission");
  EXPECT_EQ(o.error, "403 Forbidden");
  d.stop();
  EXPECT_NE(d.log().find("warning: refused: 403 peer address not allowed (1 so far)"), std::string::npos) << d.log();
}

TEST(TurndDaemon, LogsAllocationPermissionChannelAndDeletion) {
  Running d(options({"--allow-loopback-peers"}));
  ASSERT_TRUE(d.started());
  asio::io_context io;
  auto o = realnet::run_turn_client(io, client_run(d.endpoint(), true));
  ASSERT_TRUE(o.ok) << realnet::summary(o);
  d.stop();
  const std::string log = d.log();
  const std::string relayed = o.relayed->to_string();
  EXPECT_NE(log.find("info: listening on udp " + d.endpoint().to_string()), std::string::npos) << log;
  EXPECT_NE(log.find("info: allocation: client " + o.mapped->to_string() + " user alice relayed " + relayed +
                     " lifetime 600 s"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("info: channel: relayed " + relayed + " 0x4000 peer " + o.peer.to_string()), std::string::npos)
      << log;
  EXPECT_NE(log.find("info: permission: relayed " + relayed + " peer 127.0.0.1"), std::string::npos) << log;
  EXPECT_NE(log.find("info: deletion: relayed " + relayed + " client " + o.mapped->to_string() + " (LIFETIME 0)"),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("info: shutting down (test)"), std::string::npos) << log;
  EXPECT_NE(log.find("relayed to peers 3, to clients 3"), std::string::npos) << log;
}

TEST(TurndDaemon, ShutdownDeletesLiveAllocations) {
  Running d(options({"--allow-loopback-peers"}));
  ASSERT_TRUE(d.started());
  // A client that allocates and never deallocates.
  asio::io_context io;
  turn::TurnClientConfig cc;
  cc.server = d.endpoint();
  cc.local = Endpoint{IpAddress::v4(0x7F000001), 0};
  cc.username = "alice";
  cc.password = "s3cret";
  realnet::Machine<turn::TurnClient> client(cc, Rng(9));
  std::optional<Endpoint> relayed;
  client.on_event = [&](const turn::ClientEvent& e) {
    if (auto* a = std::get_if<turn::Allocated>(&e)) relayed = a->relayed;
  };
  realnet::Driver driver(io, client);
  ASSERT_FALSE(driver.start());
  client.get().allocate(driver.now());
  driver.process();
  ASSERT_TRUE(realnet::run_until(io, [&] { return relayed.has_value(); }, 10s));
  d.stop();
  EXPECT_NE(d.log().find("info: deletion: relayed " + relayed->to_string() + " client "), std::string::npos);
  EXPECT_NE(d.log().find("(shutdown)"), std::string::npos) << d.log();
}

TEST(TurndDaemon, TakenListeningPortFailsToStart) {
  asio::io_context io;
  asio::ip::udp::socket holder(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
  const std::string port = std::to_string(holder.local_endpoint().port());
  const std::string listen = "127.0.0.1:" + port;
  std::vector<const char*> args = {"natlab-turnd", "--listen", listen.c_str()};
  auto r = parse_options(static_cast<int>(args.size()), args.data());
  ASSERT_TRUE(r.options);
  std::ostringstream log;
  Daemon d(io, *r.options, log);
  EXPECT_FALSE(d.start());
  EXPECT_NE(log.str().find("error: cannot bind " + listen + ": "), std::string::npos) << log.str();
}

TEST(TurndDaemon, TcpOnTheUdpPortRelaysAndEndsWithTheConnection) {
  Running d(options({"--allow-loopback-peers"}));
  ASSERT_TRUE(d.started());
  asio::io_context io;
  auto run = client_run(d.endpoint(), true);
  run.transport = Transport::Tcp;
  auto o = realnet::run_turn_client(io, run);
  ASSERT_TRUE(o.ok) << realnet::summary(o);
  EXPECT_EQ(o.received_as_channel_data, 3);
  d.stop();
  const std::string log = d.log();
  // --listen 127.0.0.1:0: one port for UDP and TCP.
  EXPECT_NE(log.find("info: listening on udp " + d.endpoint().to_string() + " and tcp " + d.endpoint().to_string()),
            std::string::npos)
      << log;
  EXPECT_NE(log.find("tcp connections 1, framing errors 0"), std::string::npos) << log;
}

TEST(TurndDaemon, NoTcpListensOnUdpOnly) {
  Running d(options({"--no-tcp"}));
  ASSERT_TRUE(d.started());
  asio::io_context io;
  auto run = client_run(d.endpoint(), false);
  run.transport = Transport::Tcp;
  run.step_timeout = std::chrono::seconds(2);
  auto o = realnet::run_turn_client(io, run);
  EXPECT_FALSE(o.ok);
  EXPECT_EQ(o.failed_step, "allocate");
  EXPECT_NE(o.error.find("refused"), std::string::npos) << o.error;
  d.stop();
  EXPECT_EQ(d.log().find(" and tcp "), std::string::npos) << d.log();
}

TEST(TurndDaemon, TakenTcpPortFailsToStart) {
  asio::io_context io;
  asio::ip::tcp::acceptor holder(io, asio::ip::tcp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
  const std::string listen = "127.0.0.1:" + std::to_string(holder.local_endpoint().port());
  std::vector<const char*> args = {"natlab-turnd", "--listen", listen.c_str()};
  auto r = parse_options(static_cast<int>(args.size()), args.data());
  ASSERT_TRUE(r.options);
  std::ostringstream log;
  Daemon d(io, *r.options, log);
  EXPECT_FALSE(d.start());
  EXPECT_NE(log.str().find("error: cannot bind " + listen + ": "), std::string::npos) << log.str();
}

}  // namespace
}  // namespace natlab::turnd
