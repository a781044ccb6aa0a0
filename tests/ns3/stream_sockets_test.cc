// TCP streams for sans-IO machines in the simulator (sim/stream_sockets over
// ns-3 TCP, after sim/socket_rules): an echo pair through a NAT, and the
// fixed-port reconnect that fails after a graceful close (TIME_WAIT) but not
// after a linger-0 close (RST).
#include <gtest/gtest.h>

#include <deque>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "sim/sans_io_app.h"
#include "sim/world.h"
#include "tests/ns3/probe.h"

namespace natlab::sim {
namespace {

using namespace testing;

std::vector<std::uint8_t> stream_bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

// Listens on `local`; echoes what each connection sends; closes when the
// peer does.
class StreamEchoServer : public SansIo {
 public:
  explicit StreamEchoServer(Endpoint local) { out_.push_back(StreamListen{1, local, {}}); }
  std::vector<Endpoint> local_endpoints() const override { return {}; }
  void handle_datagram(Time, const Endpoint&, const Endpoint&, std::span<const std::uint8_t>) override {}
  void handle_timeout(Time) override {}
  std::optional<Transmit> poll_transmit() override { return std::nullopt; }
  std::optional<Time> poll_timeout() const override { return std::nullopt; }
  std::optional<StreamRequest> poll_stream_request() override {
    if (out_.empty()) return std::nullopt;
    auto r = out_.front();
    out_.pop_front();
    return r;
  }
  void handle_stream_event(Time, const StreamEvent& e) override {
    if (auto* a = std::get_if<StreamAccepted>(&e)) {
      accepted.push_back(a->remote);
    } else if (auto* b = std::get_if<StreamBytes>(&e)) {
      out_.push_back(StreamSend{b->id, b->bytes});
    } else if (auto* c = std::get_if<StreamClosed>(&e)) {
      out_.push_back(StreamClose{c->id, CloseMode::Graceful});
    } else if (std::get_if<StreamReset>(&e)) {
      ++resets;
    } else if (auto* f = std::get_if<StreamFailed>(&e)) {
      listen_failed = f->error;
    }
  }
  std::vector<Endpoint> accepted;
  int resets = 0;
  std::optional<StreamError> listen_failed;

 private:
  std::deque<StreamRequest> out_;
};

// Connects from a fixed local port, sends "hello", closes with `mode` once
// the echo is back, and connects the same 5-tuple again at each of `retry_at`.
class FixedPortClient : public SansIo {
 public:
  FixedPortClient(Endpoint local, Endpoint remote, CloseMode mode, std::vector<Time> retry_at)
      : local_(local), remote_(remote), mode_(mode), retries_(retry_at.begin(), retry_at.end()) {}
  std::vector<Endpoint> local_endpoints() const override { return {}; }
  void start(Time) override { out_.push_back(StreamConnect{next_id_++, local_, remote_, {}}); }
  void handle_datagram(Time, const Endpoint&, const Endpoint&, std::span<const std::uint8_t>) override {}
  void handle_timeout(Time now) override {
    if (!retries_.empty() && now >= retries_.front()) {
      retries_.pop_front();
      out_.push_back(StreamConnect{next_id_++, local_, remote_, {}});
    }
  }
  std::optional<Transmit> poll_transmit() override { return std::nullopt; }
  std::optional<Time> poll_timeout() const override {
    return retries_.empty() ? std::nullopt : std::optional<Time>(retries_.front());
  }
  std::optional<StreamRequest> poll_stream_request() override {
    if (out_.empty()) return std::nullopt;
    auto r = out_.front();
    out_.pop_front();
    return r;
  }
  void handle_stream_event(Time, const StreamEvent& e) override {
    if (auto* c = std::get_if<StreamConnected>(&e)) {
      outcomes.push_back("connected " + c->local.to_string());
      out_.push_back(StreamSend{c->id, stream_bytes_of("hello")});
    } else if (auto* b = std::get_if<StreamBytes>(&e)) {
      echoed += std::string(b->bytes.begin(), b->bytes.end());
      if (echoed.size() % 5 == 0) out_.push_back(StreamClose{b->id, mode_});
    } else if (auto* f = std::get_if<StreamFailed>(&e)) {
      outcomes.push_back(std::string("failed ") + std::string(to_string(f->error)));
    }
  }
  std::vector<std::string> outcomes;
  std::string echoed;

 private:
  Endpoint local_, remote_;
  CloseMode mode_;
  std::deque<Time> retries_;
  StreamId next_id_ = 1;
  std::deque<StreamRequest> out_;
};

// NATLAB_DUMP_STREAM_TRACE=1 prints the run's trace, for debugging a failure.
void dump_stream_trace(World& w) {
  if (std::getenv("NATLAB_DUMP_STREAM_TRACE")) std::fputs(w.trace().to_jsonl().c_str(), stderr);
}

struct StreamRun {
  std::vector<std::string> client_outcomes;
  std::string echoed;
  std::size_t accepted = 0;
  int server_resets = 0;
  std::vector<std::string> socket_events;  // "agent event" in trace order
  std::vector<std::string> nat_tcp_flags;  // "direction flags" of translated TCP packets
  std::vector<std::string> addr_in_use_reasons;
};

StreamRun run_streams(HostOs os, CloseMode mode, std::vector<Time> retries, Duration until,
                      std::optional<Duration> time_wait = std::nullopt) {
  Scenario sc = one_nat(nat::NatType::PortRestricted);
  sc.hosts[0].os = os;
  sc.hosts[0].tcp_time_wait = time_wait;
  World w(sc, {});
  auto server = std::make_shared<StreamEchoServer>(ep("203.0.113.10:7000"));
  auto client = std::make_shared<FixedPortClient>(ep("192.168.1.10:40000"), ep("203.0.113.10:7000"), mode,
                                                  std::move(retries));
  install_sans_io(w.node("srv"), "echo", server, &w.trace(), Duration{0});
  install_sans_io(w.node("alice"), "client", client, &w.trace(), std::chrono::milliseconds(10));
  w.run(until);
  StreamRun out;
  out.client_outcomes = client->outcomes;
  out.echoed = client->echoed;
  out.accepted = server->accepted.size();
  out.server_resets = server->resets;
  for (const auto& r : w.trace().records()) {
    if (r["kind"] == "socket" && r["event"] == "addr_in_use")
      out.addr_in_use_reasons.push_back(r["reason"].get<std::string>());
    if (r["kind"] == "socket") out.socket_events.push_back(r["agent"].get<std::string>() + " " + r["event"].get<std::string>());
    if (r["kind"] == "nat" && r.contains("before") && r["before"]["proto"] == "tcp" && r["action"] != "drop")
      out.nat_tcp_flags.push_back(r["direction"].get<std::string>() + " " + r["before"]["flags"].get<std::string>());
  }
  dump_stream_trace(w);
  return out;
}

bool has_event(const StreamRun& r, const std::string& e) {
  return std::find(r.socket_events.begin(), r.socket_events.end(), e) != r.socket_events.end();
}

class ns3StreamSockets : public ::testing::TestWithParam<HostOs> {};

TEST_P(ns3StreamSockets, EchoCrossesTheNatAndGracefulCloseBlocksTheFixedPortReconnect) {
  const Time retry = Time{std::chrono::seconds(1)};
  StreamRun r = run_streams(GetParam(), CloseMode::Graceful, {retry}, std::chrono::seconds(3));
  EXPECT_EQ(r.echoed, "hello");
  ASSERT_EQ(r.client_outcomes.size(), 2u);
  EXPECT_EQ(r.client_outcomes[0], "connected 192.168.1.10:40000");
  EXPECT_EQ(r.client_outcomes[1], "failed " + std::string(to_string(StreamError::AddrInUse)));
  EXPECT_EQ(r.accepted, 1u);
  EXPECT_TRUE(has_event(r, "echo listen"));
  EXPECT_TRUE(has_event(r, "echo accepted"));
  EXPECT_TRUE(has_event(r, "client connect"));
  EXPECT_TRUE(has_event(r, "client time_wait"));
  EXPECT_TRUE(has_event(r, "client addr_in_use"));
  EXPECT_FALSE(has_event(r, "echo time_wait"));  // the passive closer skips it
  // linux refuses the bind (the port's only user is in TIME_WAIT and the new
  // socket has no SO_REUSEADDR); windows binds and refuses the 5-tuple.
  ASSERT_EQ(r.addr_in_use_reasons.size(), 1u);
  EXPECT_EQ(r.addr_in_use_reasons[0], GetParam() == HostOs::Linux ? "bind" : "connect: 5-tuple in use");
  EXPECT_FALSE(has_event(r, "client rst"));
  // The NAT saw the handshake and both FINs.
  ASSERT_GE(r.nat_tcp_flags.size(), 3u);
  EXPECT_EQ(r.nat_tcp_flags[0], "outbound SYN");
  EXPECT_EQ(r.nat_tcp_flags[1], "inbound SYN,ACK");
  int fins = 0;
  for (const auto& f : r.nat_tcp_flags) fins += f.find("FIN") != std::string::npos;
  EXPECT_EQ(fins, 2);
}

TEST_P(ns3StreamSockets, LingerZeroCloseSendsRstAndTheReconnectSucceeds) {
  StreamRun r = run_streams(GetParam(), CloseMode::Abortive, {Time{std::chrono::seconds(1)}}, std::chrono::seconds(3));
  ASSERT_EQ(r.client_outcomes.size(), 2u);
  EXPECT_EQ(r.client_outcomes[0], "connected 192.168.1.10:40000");
  EXPECT_EQ(r.client_outcomes[1], "connected 192.168.1.10:40000");
  EXPECT_EQ(r.echoed, "hellohello");
  EXPECT_EQ(r.accepted, 2u);
  EXPECT_EQ(r.server_resets, 2);
  EXPECT_TRUE(has_event(r, "client rst"));
  EXPECT_TRUE(has_event(r, "echo rst"));  // the server saw it arrive
  EXPECT_FALSE(has_event(r, "client time_wait"));
  EXPECT_FALSE(has_event(r, "client addr_in_use"));
  int rsts = 0;
  for (const auto& f : r.nat_tcp_flags) rsts += f.rfind("outbound RST", 0) == 0;
  EXPECT_EQ(rsts, 2);
}

TEST_P(ns3StreamSockets, ReconnectSucceedsOnceTimeWaitExpires) {
  // tcp_time_wait 2 s: refused at 1 s, accepted at 2.5 s.
  StreamRun r = run_streams(GetParam(), CloseMode::Graceful, {Time{std::chrono::seconds(1)}, Time{std::chrono::milliseconds(2500)}},
                            std::chrono::seconds(4), std::chrono::seconds(2));
  ASSERT_EQ(r.client_outcomes.size(), 3u);
  EXPECT_EQ(r.client_outcomes[1], "failed " + std::string(to_string(StreamError::AddrInUse)));
  EXPECT_EQ(r.client_outcomes[2], "connected 192.168.1.10:40000");
  EXPECT_TRUE(has_event(r, "client time_wait_expired"));
  EXPECT_EQ(r.accepted, 2u);
}

TEST(ns3StreamSocketsEdges, EphemeralPortIsFilledInAndAClosedPortRefuses) {
  Scenario sc = one_nat(nat::NatType::PortRestricted);
  World w(sc, {});
  auto server = std::make_shared<StreamEchoServer>(ep("203.0.113.10:7000"));
  auto ephemeral = std::make_shared<FixedPortClient>(ep("192.168.1.10:0"), ep("203.0.113.10:7000"),
                                                     CloseMode::Graceful, std::vector<Time>{});
  auto refused = std::make_shared<FixedPortClient>(ep("192.168.1.10:0"), ep("203.0.113.10:7001"),
                                                   CloseMode::Graceful, std::vector<Time>{});
  install_sans_io(w.node("srv"), "echo", server, &w.trace(), Duration{0});
  install_sans_io(w.node("alice"), "ephemeral", ephemeral, &w.trace(), std::chrono::milliseconds(10));
  install_sans_io(w.node("alice"), "refused", refused, &w.trace(), std::chrono::milliseconds(10));
  w.run(std::chrono::seconds(2));
  dump_stream_trace(w);
  ASSERT_EQ(ephemeral->outcomes.size(), 1u);
  const std::string prefix = "connected 192.168.1.10:";
  ASSERT_EQ(ephemeral->outcomes[0].rfind(prefix, 0), 0u) << ephemeral->outcomes[0];
  EXPECT_NE(ephemeral->outcomes[0], prefix + "0");
  EXPECT_EQ(ephemeral->echoed, "hello");
  ASSERT_EQ(refused->outcomes.size(), 1u);
  EXPECT_EQ(refused->outcomes[0], "failed " + std::string(to_string(StreamError::Refused)));
}

// Carries out requests at given times; writes down every event.
class StreamScript : public SansIo {
 public:
  struct Step {
    Time at;
    StreamRequest request;
  };
  explicit StreamScript(std::vector<Step> steps) : steps_(steps.begin(), steps.end()) {}
  std::vector<Endpoint> local_endpoints() const override { return {}; }
  void handle_datagram(Time, const Endpoint&, const Endpoint&, std::span<const std::uint8_t>) override {}
  void handle_timeout(Time now) override {
    while (!steps_.empty() && steps_.front().at <= now) {
      out_.push_back(steps_.front().request);
      steps_.pop_front();
    }
  }
  std::optional<Transmit> poll_transmit() override { return std::nullopt; }
  std::optional<Time> poll_timeout() const override {
    return steps_.empty() ? std::nullopt : std::optional<Time>(steps_.front().at);
  }
  std::optional<StreamRequest> poll_stream_request() override {
    if (out_.empty()) return std::nullopt;
    auto r = out_.front();
    out_.pop_front();
    return r;
  }
  void handle_stream_event(Time, const StreamEvent& e) override {
    if (auto* c = std::get_if<StreamConnected>(&e)) {
      events.push_back("connected " + std::to_string(c->id));
    } else if (auto* f = std::get_if<StreamFailed>(&e)) {
      events.push_back("failed " + std::to_string(f->id) + " " + std::string(to_string(f->error)));
    } else if (auto* l = std::get_if<StreamListening>(&e)) {
      events.push_back("listening " + std::to_string(l->id) + " " + l->local.to_string());
    } else if (auto* b = std::get_if<StreamBytes>(&e)) {
      events.push_back("bytes " + std::to_string(b->id) + " " + std::string(b->bytes.begin(), b->bytes.end()));
    }
  }
  std::vector<std::string> events;

 private:
  std::deque<Step> steps_;
  std::deque<StreamRequest> out_;
};

struct ScriptRun {
  std::vector<std::string> events;
  std::vector<std::string> addr_in_use_reasons;
};

ScriptRun run_script(HostOs os, std::vector<StreamScript::Step> steps) {
  Scenario sc = one_nat(nat::NatType::PortRestricted);
  sc.hosts[0].os = os;
  World w(sc, {});
  install_sans_io(w.node("srv"), "echo7000", std::make_shared<StreamEchoServer>(ep("203.0.113.10:7000")), &w.trace(),
                  Duration{0});
  install_sans_io(w.node("srv"), "echo7001", std::make_shared<StreamEchoServer>(ep("203.0.113.10:7001")), &w.trace(),
                  Duration{0});
  auto script = std::make_shared<StreamScript>(std::move(steps));
  install_sans_io(w.node("alice"), "script", script, &w.trace(), Duration{0});
  w.run(std::chrono::seconds(2));
  dump_stream_trace(w);
  ScriptRun out;
  out.events = script->events;
  for (const auto& r : w.trace().records())
    if (r["kind"] == "socket" && r["event"] == "addr_in_use") out.addr_in_use_reasons.push_back(r["reason"].get<std::string>());
  return out;
}

Time at_ms(int ms) { return Time{std::chrono::milliseconds(ms)}; }
const SocketOptions kScriptReuse{true, false};

TEST_P(ns3StreamSockets, ListenerAndConnectionOnOnePortWhereTheOsAllowsIt) {
  // Linux never binds a port another socket listens on; Windows does with
  // SO_REUSEADDR. ns-3 must not refuse what the host allows.
  ScriptRun r = run_script(GetParam(), {{at_ms(10), StreamListen{1, ep("192.168.1.10:40000"), kScriptReuse}},
                                        {at_ms(20), StreamConnect{2, ep("192.168.1.10:40000"),
                                                                  ep("203.0.113.10:7000"), kScriptReuse}}});
  ASSERT_EQ(r.events.size(), 2u);
  EXPECT_EQ(r.events[0], "listening 1 192.168.1.10:40000");
  if (GetParam() == HostOs::Linux) {
    EXPECT_EQ(r.events[1], "failed 2 " + std::string(to_string(StreamError::AddrInUse)));
    EXPECT_EQ(r.addr_in_use_reasons, std::vector<std::string>{"bind"});
  } else {
    EXPECT_EQ(r.events[1], "connected 2");
    EXPECT_TRUE(r.addr_in_use_reasons.empty());
  }
}

TEST_P(ns3StreamSockets, FixedPortReachesAnotherRemoteDuringTimeWait) {
  // Both sockets set SO_REUSEADDR: the port may be reused at once, only the
  // old 5-tuple is held.
  ScriptRun r = run_script(
      GetParam(), {{at_ms(10), StreamConnect{1, ep("192.168.1.10:40000"), ep("203.0.113.10:7000"), kScriptReuse}},
                   {at_ms(300), StreamClose{1, CloseMode::Graceful}},
                   {at_ms(600), StreamConnect{2, ep("192.168.1.10:40000"), ep("203.0.113.10:7001"), kScriptReuse}},
                   {at_ms(900), StreamConnect{3, ep("0.0.0.0:40000"), ep("203.0.113.10:7000"), kScriptReuse}}});
  const std::string in_use = std::string(to_string(StreamError::AddrInUse));
  EXPECT_EQ(r.events, (std::vector<std::string>{"connected 1", "connected 2", "failed 3 " + in_use}));
  EXPECT_EQ(r.addr_in_use_reasons, std::vector<std::string>{"connect: 5-tuple in use"});
}

TEST_P(ns3StreamSockets, ReusePortListenerAndConnectionsShareOnePort) {
  // An ICE-TCP simultaneous-open candidate (RFC 6544 7.2): it listens on its
  // port and connects from it, to several remotes. Linux needs SO_REUSEPORT
  // on every socket (Windows: SO_REUSEADDR); ns-3 must carry each
  // connection on its own 5-tuple.
  SocketOptions so{true, false, true};
  ScriptRun r = run_script(GetParam(), {{at_ms(10), StreamListen{1, ep("192.168.1.10:40000"), so}},
                                        {at_ms(20), StreamConnect{2, ep("192.168.1.10:40000"),
                                                                  ep("203.0.113.10:7000"), so}},
                                        {at_ms(20), StreamConnect{3, ep("192.168.1.10:40000"),
                                                                  ep("203.0.113.10:7001"), so}}});
  EXPECT_EQ(r.events, (std::vector<std::string>{"listening 1 192.168.1.10:40000", "connected 2", "connected 3"}));
  EXPECT_TRUE(r.addr_in_use_reasons.empty());
}

TEST(ns3StreamSocketsEdges, EphemeralListenerReportsItsPort) {
  ScriptRun r = run_script(HostOs::Linux, {{at_ms(10), StreamListen{1, ep("192.168.1.10:0"), {}}}});
  ASSERT_EQ(r.events.size(), 1u);
  const std::string prefix = "listening 1 192.168.1.10:";
  ASSERT_EQ(r.events[0].rfind(prefix, 0), 0u) << r.events[0];
  EXPECT_NE(r.events[0], prefix + "0");
}

TEST(ns3StreamSocketsEdges, CrossingSynsOpenOneConnection) {
  // RFC 793 3.4 simultaneous open, through a port-restricted NAT: each side
  // connects to the other's address at the same instant, neither listens.
  // The SYNs cross: each socket goes SYN-SENT -> SYN-RECEIVED and answers
  // with SYN,ACK; both connections open, and bytes cross.
  Scenario sc = one_nat(nat::NatType::PortRestricted);
  World w(sc, {});
  auto alice = std::make_shared<StreamScript>(std::vector<StreamScript::Step>{
      {at_ms(10), StreamConnect{1, ep("192.168.1.10:40000"), ep("203.0.113.10:7100"), {}}},
      {at_ms(300), StreamSend{1, stream_bytes_of("ping")}}});
  // The NAT keeps the inside port (port_allocation preserve): alice's SYN
  // leaves from 198.51.100.1:40000.
  auto srv = std::make_shared<StreamScript>(std::vector<StreamScript::Step>{
      {at_ms(10), StreamConnect{1, ep("203.0.113.10:7100"), ep("198.51.100.1:40000"), {}}}});
  install_sans_io(w.node("alice"), "alice", alice, &w.trace(), Duration{0});
  install_sans_io(w.node("srv"), "srv", srv, &w.trace(), Duration{0});
  w.run(std::chrono::seconds(2));
  dump_stream_trace(w);
  EXPECT_EQ(alice->events, (std::vector<std::string>{"connected 1"}));
  EXPECT_EQ(srv->events, (std::vector<std::string>{"connected 1", "bytes 1 ping"}));
  // Both SYNs were sent before either side heard from the other.
  int syns = 0, syn_acks = 0;
  for (const auto& rec : w.trace().records()) {
    if (rec.value("kind", "") != "packet" || !rec.contains("seq")) continue;
    const std::string flags = rec.value("flags", "");
    if (flags == "SYN") ++syns;
    if (flags == "SYN,ACK") ++syn_acks;
  }
  EXPECT_GE(syns, 2);
  EXPECT_GE(syn_acks, 2);
}

INSTANTIATE_TEST_SUITE_P(Os, ns3StreamSockets, ::testing::Values(HostOs::Linux, HostOs::Windows),
                         [](const auto& os_info) { return std::string(to_string(os_info.param)); });

}  // namespace
}  // namespace natlab::sim
