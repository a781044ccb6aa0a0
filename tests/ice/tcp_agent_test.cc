// Two IceAgents doing ICE-TCP (RFC 6544) over the in-memory StreamNet.
#include <gtest/gtest.h>

#include <algorithm>

#include "agents/ice/agent.h"
#include "agents/stun/message.h"
#include "fake_streams.h"

namespace natlab::ice::test {
namespace {

using namespace std::chrono_literals;

Endpoint tcpa_ep(const char* s) { return *Endpoint::parse(s); }

AgentConfig tcp_agent_config(Role role, const char* address, std::uint16_t port, bool udp, bool tcp) {
  AgentConfig c;
  c.role = role;
  c.sockets = host_sockets({*IpAddress::parse(address)}, 1, port);
  c.transports.udp = udp;
  c.transports.tcp = tcp;
  return c;
}

struct TcpSession {
  std::optional<IceAgent> a, b;
  StreamNet net;
  std::size_t na = 0, nb = 0;
  TcpSession(AgentConfig ca, AgentConfig cb) {
    a.emplace(std::move(ca), Rng(1));
    b.emplace(std::move(cb), Rng(2));
    na = net.add(*a, "10.0.0.1");
    nb = net.add(*b, "10.0.0.2");
  }
  void run(Time end) {
    a->start_gathering(net.now);
    b->start_gathering(net.now);
    net.flush();
    for (int i = 0; i < 100 && !(a->gathering_complete() && b->gathering_complete()); ++i)
      net.run_until(net.now + 10ms);
    b->set_remote_description(net.now, a->local_description());
    a->set_remote_description(net.now, b->local_description());
    net.flush();
    net.run_until(end);
  }
};

TEST(IceTcpAgent, GathersActiveAndPassiveHostCandidatesAndListens) {
  TcpSession s(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, true, true),
               tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true));
  s.a->start_gathering(s.net.now);
  s.b->start_gathering(s.net.now);
  s.net.flush();
  const auto da = s.a->local_description();
  ASSERT_EQ(da.candidates.size(), 3u);  // UDP host, TCP active, TCP passive
  EXPECT_EQ(da.candidates[0].transport, Transport::Udp);
  EXPECT_EQ(da.candidates[1].tcptype, TcpType::Active);
  EXPECT_EQ(da.candidates[1].address, tcpa_ep("10.0.0.1:9"));  // RFC 6544 4.5
  EXPECT_EQ(da.candidates[2].tcptype, TcpType::Passive);
  EXPECT_EQ(da.candidates[2].address, tcpa_ep("10.0.0.1:5000"));  // ephemeral policy: the socket's port number
  EXPECT_NE(da.candidates[0].foundation, da.candidates[1].foundation);
  EXPECT_EQ(da.candidates[1].foundation, da.candidates[2].foundation);
  EXPECT_GT(da.candidates[0].priority, da.candidates[1].priority);
  EXPECT_GT(da.candidates[1].priority, da.candidates[2].priority);
  // TCP only: no UDP candidate at all.
  const auto db = s.b->local_description();
  ASSERT_EQ(db.candidates.size(), 2u);
  for (const auto& c : db.candidates) EXPECT_EQ(c.transport, Transport::Tcp);
  // One listener per passive candidate, nothing else yet.
  auto listens = s.net.requests_of<StreamListen>(s.nb);
  ASSERT_EQ(listens.size(), 1u);
  EXPECT_EQ(listens[0].local, tcpa_ep("10.0.0.2:6000"));
  EXPECT_TRUE(s.net.requests_of<StreamConnect>(s.nb).empty());
}

TEST(IceTcpAgent, FixedPortPolicyConnectsFromThatPortAndListensOnTheHostPort) {
  AgentConfig ca = tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, false, true);
  ca.tcp.fixed = 7000;
  ca.tcp.options.reuse_addr = true;
  TcpSession s(ca, tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true));
  s.run(Time(5s));
  // Linux refuses a connection bound to a port a socket listens on, so the
  // listener keeps the host socket's port and only connections bind 7000.
  auto listens = s.net.requests_of<StreamListen>(s.na);
  ASSERT_EQ(listens.size(), 1u);
  EXPECT_EQ(listens[0].local, tcpa_ep("10.0.0.1:5000"));
  EXPECT_TRUE(listens[0].options.reuse_addr);
  auto connects = s.net.requests_of<StreamConnect>(s.na);
  ASSERT_EQ(connects.size(), 1u);
  EXPECT_EQ(connects[0].local, tcpa_ep("10.0.0.1:7000"));
  EXPECT_EQ(connects[0].remote, tcpa_ep("10.0.0.2:6000"));
  EXPECT_TRUE(connects[0].options.reuse_addr);
  // The ephemeral side connects from port 0 (the host picks). Whether B
  // opens a connection of its own above depends on timing (A's check may
  // complete the call first), so here the ephemeral agent checks first.
  AgentConfig fixed_b = tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true);
  fixed_b.tcp.fixed = 7000;
  TcpSession e(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, false, true), fixed_b);
  e.run(Time(5s));
  auto ephemeral = e.net.requests_of<StreamConnect>(e.na);
  ASSERT_FALSE(ephemeral.empty());
  for (const auto& c : ephemeral) {
    EXPECT_EQ(c.local, tcpa_ep("10.0.0.1:0"));
    EXPECT_EQ(c.remote, tcpa_ep("10.0.0.2:6000"));
  }
}

// The ids of a node's StreamConnect requests and accepted connections.
std::vector<StreamId> tcpa_connection_ids(const TcpSession& s, std::size_t node) {
  std::vector<StreamId> ids;
  for (const auto& c : s.net.requests_of<StreamConnect>(node)) ids.push_back(c.id);
  return ids;
}

void tcpa_expect_close_ends_the_session(CloseMode mode) {
  TcpSession s(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, false, true),
               tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true));
  s.run(Time(5s));
  ASSERT_EQ(s.a->state(), IceState::Completed);
  ASSERT_TRUE(s.a->poll_timeout().has_value());  // keepalives (RFC 5245 10)
  const auto listens = s.net.requests_of<StreamListen>(s.na);
  ASSERT_EQ(listens.size(), 1u);
  const std::vector<StreamId> connections = tcpa_connection_ids(s, s.na);
  ASSERT_FALSE(connections.empty());
  const std::size_t closes_before = s.net.requests_of<StreamClose>(s.na).size();
  // Each of b's connections is one a accepted.
  const auto accepted = static_cast<long>(s.net.requests_of<StreamConnect>(s.nb).size());

  s.a->close(s.net.now, mode);
  EXPECT_TRUE(s.a->closed());
  EXPECT_FALSE(s.a->poll_timeout().has_value());
  s.net.flush();
  auto closes = s.net.requests_of<StreamClose>(s.na);
  // Its own connections, those it accepted from b's active candidate, and
  // the listener.
  ASSERT_EQ(closes.size(), closes_before + connections.size() + static_cast<std::size_t>(accepted) + 1);
  for (std::size_t i = closes_before; i < closes.size(); ++i) {
    if (closes[i].id != listens[0].id) {
      EXPECT_EQ(closes[i].mode, mode) << closes[i].id;
    }
  }
  EXPECT_EQ(std::count_if(closes.begin() + static_cast<long>(closes_before), closes.end(),
                          [](const StreamClose& c) { return c.id >= kFirstAcceptedStreamId; }),
            accepted);
  for (StreamId id : connections) {
    auto it = std::find_if(closes.begin(), closes.end(), [id](const StreamClose& c) { return c.id == id; });
    ASSERT_NE(it, closes.end()) << id;
    EXPECT_EQ(it->mode, mode);
  }
  auto listener = std::find_if(closes.begin(), closes.end(), [&](const StreamClose& c) { return c.id == listens[0].id; });
  ASSERT_NE(listener, closes.end());
  EXPECT_EQ(listener->mode, CloseMode::Graceful);

  // No timer, no keepalive, nothing sent for the next minute.
  const std::size_t requests = s.net.requests_of<StreamSend>(s.na).size();
  const std::size_t datagrams = s.net.datagrams;
  s.net.run_until(s.net.now + 60s);
  EXPECT_EQ(s.net.requests_of<StreamSend>(s.na).size(), requests);
  EXPECT_EQ(s.net.datagrams, datagrams);
  EXPECT_FALSE(s.a->poll_timeout().has_value());
  EXPECT_FALSE(s.a->send_data(s.net.now, 1, std::vector<std::uint8_t>{0x80, 0}));
  // The peer saw a FIN and closed its side gracefully, or saw an RST and
  // has nothing to close.
  const auto peer_closes = s.net.requests_of<StreamClose>(s.nb);
  if (mode == CloseMode::Graceful) {
    ASSERT_FALSE(peer_closes.empty());
    for (const auto& c : peer_closes) EXPECT_EQ(c.mode, CloseMode::Graceful);
  } else {
    EXPECT_TRUE(peer_closes.empty());
  }
  // Closing twice changes nothing.
  s.a->close(s.net.now, CloseMode::Abortive);
  s.net.flush();
  EXPECT_EQ(s.net.requests_of<StreamClose>(s.na).size(), closes.size());
}

TEST(IceTcpAgent, GracefulCloseFinsEveryConnectionAndStopsTimers) {
  tcpa_expect_close_ends_the_session(CloseMode::Graceful);
}

TEST(IceTcpAgent, AbortiveCloseResetsEveryConnectionAndStopsTimers) {
  tcpa_expect_close_ends_the_session(CloseMode::Abortive);
}

TEST(IceTcpAgent, AgentClosedBeforeItStartsNeverGathersOrListens) {
  IceAgent a(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, true, true), Rng(3));
  a.close(Time{}, CloseMode::Graceful);
  a.start_gathering(Time{});
  EXPECT_FALSE(a.poll_stream_request());
  EXPECT_FALSE(a.poll_transmit());
  EXPECT_FALSE(a.poll_timeout());
  EXPECT_TRUE(a.local_candidates().empty());
}

TEST(IceTcpAgent, ClosedAgentRefusesALateConnectionAndIgnoresItsChecks) {
  TcpSession s(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, false, true),
               tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true));
  // b hangs up before a's connection reaches it.
  s.a->start_gathering(s.net.now);
  s.b->start_gathering(s.net.now);
  s.net.run_until(s.net.now + 100ms);
  s.b->set_remote_description(s.net.now, s.a->local_description());
  s.a->set_remote_description(s.net.now, s.b->local_description());
  s.net.flush();
  s.b->close(s.net.now, CloseMode::Abortive);
  s.net.run_until(Time(2s));
  auto closes = s.net.requests_of<StreamClose>(s.nb);
  // The listener, then the connection accepted after the close, with the
  // hang-up's mode.
  ASSERT_EQ(closes.size(), 2u);
  EXPECT_GE(closes[1].id, kFirstAcceptedStreamId);
  EXPECT_EQ(closes[1].mode, CloseMode::Abortive);
  EXPECT_TRUE(s.net.requests_of<StreamSend>(s.nb).empty());
  EXPECT_NE(s.b->state(), IceState::Completed);
}

TEST(IceTcpAgent, TcpOnlyAgentsConnectAndNominateAnActivePassivePair) {
  TcpSession s(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, false, true),
               tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true));
  s.run(Time(5s));
  ASSERT_EQ(s.a->state(), IceState::Completed);
  ASSERT_EQ(s.b->state(), IceState::Completed);
  auto sa = s.a->selected_pair(1);
  auto sb = s.b->selected_pair(1);
  ASSERT_TRUE(sa && sb);
  EXPECT_EQ(sa->local.transport, Transport::Tcp);
  EXPECT_EQ(sb->local.transport, Transport::Tcp);
  // One end active, the other passive, on one connection: the active end's
  // real port (from StreamConnected) is the passive end's remote.
  ASSERT_TRUE(sa->local.tcptype && sb->local.tcptype);
  EXPECT_NE(*sa->local.tcptype, *sb->local.tcptype);
  const auto& active = *sa->local.tcptype == TcpType::Active ? *sa : *sb;
  const auto& passive = *sa->local.tcptype == TcpType::Active ? *sb : *sa;
  EXPECT_EQ(active.local.address.port, kActiveTcpPort);
  EXPECT_EQ(active.remote.address, passive.local.address);
  EXPECT_EQ(passive.remote.address.address, active.local.address.address);
  EXPECT_GE(passive.remote.address.port, 50000);  // the driver's ephemeral port
  EXPECT_EQ(passive.remote.type, CandidateType::PeerReflexive);  // RFC 6544 7.2
  EXPECT_EQ(passive.remote.tcptype, TcpType::Active);
  EXPECT_EQ(s.net.datagrams, 0u);  // nothing over UDP
  // RFC 5389 7.2.2: no retransmission over TCP.
  for (std::size_t n : {s.na, s.nb})
    for (const auto& [t, c] : s.net.of<CheckSent>(n)) EXPECT_FALSE(c.retransmit);
  // Everything on the wire is RFC 4571 frames of STUN messages.
  for (std::size_t n : {s.na, s.nb}) {
    auto frames = frames_of(s.net.sent_bytes[n]);
    EXPECT_FALSE(frames.empty());
    for (const auto& f : frames) EXPECT_TRUE(stun::decode(f)) << "node " << n;
  }
  // Data after nomination, both ways, framed too.
  const std::vector<std::uint8_t> rtp{0x80, 0x60, 0x00, 0x01, 0xAA, 0xBB, 0xCC};
  const std::vector<std::uint8_t> back{0x80, 0x60, 0x00, 0x02};
  ASSERT_TRUE(s.a->send_data(s.net.now, 1, rtp));
  ASSERT_TRUE(s.b->send_data(s.net.now, 1, back));
  s.net.run_until(s.net.now + 1s);
  auto got_b = s.net.of<DataReceived>(s.nb);
  auto got_a = s.net.of<DataReceived>(s.na);
  ASSERT_EQ(got_b.size(), 1u);
  ASSERT_EQ(got_a.size(), 1u);
  EXPECT_EQ(got_b[0].second.bytes, rtp);
  EXPECT_EQ(got_a[0].second.bytes, back);
  auto frames = frames_of(s.net.sent_bytes[s.na]);
  EXPECT_EQ(frames.back(), rtp);
}

AgentConfig so_only_config(Role role, const char* address, std::uint16_t port) {
  AgentConfig c = tcp_agent_config(role, address, port, false, true);
  c.tcp_candidates = TcpCandidateTypes{false, false, true};
  return c;
}

TEST(IceTcpAgent, SimultaneousOpenCandidateListensOnAnEphemeralPortAndGatheringWaitsForIt) {
  TcpSession s(so_only_config(Role::Controlling, "10.0.0.1", 5000), so_only_config(Role::Controlled, "10.0.0.2", 6000));
  s.a->start_gathering(s.net.now);
  s.net.flush();
  // Its port is the listener's, which the host has not told yet.
  EXPECT_FALSE(s.a->gathering_complete());
  EXPECT_TRUE(s.a->local_description().candidates.empty());
  EXPECT_TRUE(s.net.of<GatheringComplete>(s.na).empty());
  auto listens = s.net.requests_of<StreamListen>(s.na);
  ASSERT_EQ(listens.size(), 1u);
  EXPECT_EQ(listens[0].local, tcpa_ep("10.0.0.1:0"));
  EXPECT_TRUE(listens[0].options.reuse_port);  // listens and connects on one port
  EXPECT_TRUE(listens[0].options.reuse_addr);
  s.net.run_until(s.net.now + 50ms);
  ASSERT_TRUE(s.a->gathering_complete());
  EXPECT_EQ(s.net.of<GatheringComplete>(s.na).size(), 1u);
  const auto d = s.a->local_description();
  ASSERT_EQ(d.candidates.size(), 1u);
  const Candidate& so = d.candidates[0];
  EXPECT_EQ(so.tcptype, TcpType::So);
  EXPECT_EQ(so.type, CandidateType::Host);
  EXPECT_EQ(so.address.address, *IpAddress::parse("10.0.0.1"));
  EXPECT_GE(so.address.port, 50000);  // the driver's ephemeral port
  // RFC 6544 4.2: host S-O has direction-pref 2, other-pref 8191.
  EXPECT_EQ(so.priority, candidate_priority(CandidateType::Host, 1, (2u << 13) | 8191u));
  EXPECT_NE(format_candidate(so).find(" tcptype so"), std::string::npos);
}

// Both S-O ends selected the same pair, on their S-O ports, and data
// crosses; every connect came from the candidate's own port with
// SO_REUSEPORT. Returns how many connects there were.
std::size_t expect_so_call(TcpSession& s) {
  EXPECT_EQ(s.a->state(), IceState::Completed);
  EXPECT_EQ(s.b->state(), IceState::Completed);
  auto sa = s.a->selected_pair(1);
  auto sb = s.b->selected_pair(1);
  if (!sa || !sb) {
    ADD_FAILURE() << "no selected pair";
    return 0;
  }
  // RFC 6544 6.2: S-O pairs only with S-O; both ends on their S-O port.
  EXPECT_EQ(sa->local.tcptype, TcpType::So);
  EXPECT_EQ(sa->remote.tcptype, TcpType::So);
  EXPECT_EQ(sb->local.tcptype, TcpType::So);
  EXPECT_EQ(sa->local.address, sb->remote.address);
  EXPECT_EQ(sb->local.address, sa->remote.address);
  // Not peer-reflexive: the connection's ends are the candidates' ports.
  EXPECT_EQ(sa->remote.type, CandidateType::Host);
  EXPECT_EQ(sb->remote.type, CandidateType::Host);
  std::size_t connects = 0;
  for (std::size_t n : {s.na, s.nb}) {
    const Endpoint own = n == s.na ? sa->local.address : sb->local.address;
    for (const auto& c : s.net.requests_of<StreamConnect>(n)) {
      ++connects;
      EXPECT_EQ(c.local, own);
      EXPECT_TRUE(c.options.reuse_port);
    }
    for (const auto& [t, e] : s.net.of<PairStateChanged>(n)) EXPECT_NE(e.to, PairState::Failed);
  }
  const std::vector<std::uint8_t> rtp{0x80, 0x60, 0x00, 0x01};
  EXPECT_TRUE(s.a->send_data(s.net.now, 1, rtp));
  EXPECT_TRUE(s.b->send_data(s.net.now, 1, rtp));
  s.net.run_until(s.net.now + 1s);
  EXPECT_EQ(s.net.of<DataReceived>(s.na).size(), 1u);
  EXPECT_EQ(s.net.of<DataReceived>(s.nb).size(), 1u);
  return connects;
}

TEST(IceTcpAgent, SimultaneousOpenPairWhoseSynsCrossIsOneConnection) {
  // Both ends check the S-O pair at once: the SYNs cross (RFC 793 3.4).
  TcpSession s(so_only_config(Role::Controlling, "10.0.0.1", 5000), so_only_config(Role::Controlled, "10.0.0.2", 6000));
  s.run(Time(5s));
  EXPECT_EQ(expect_so_call(s), 2u);
  EXPECT_EQ(s.net.simultaneous_opens, 1u);
}

TEST(IceTcpAgent, SimultaneousOpenPairUsesTheConnectionItsListenerAccepted) {
  // B has the offer well before A has the answer: B's connect reaches A's
  // listener (RFC 6544 7.2), and A's check later goes on that connection; a
  // connect of its own would be a second connection on the same 5-tuple.
  TcpSession s(so_only_config(Role::Controlling, "10.0.0.1", 5000), so_only_config(Role::Controlled, "10.0.0.2", 6000));
  s.a->start_gathering(s.net.now);
  s.b->start_gathering(s.net.now);
  s.net.flush();
  s.net.run_until(s.net.now + 100ms);
  ASSERT_TRUE(s.a->gathering_complete() && s.b->gathering_complete());
  s.b->set_remote_description(s.net.now, s.a->local_description());
  s.net.flush();
  s.net.run_until(s.net.now + 500ms);
  s.a->set_remote_description(s.net.now, s.b->local_description());
  s.net.flush();
  s.net.run_until(Time(5s));
  EXPECT_EQ(expect_so_call(s), 1u);
  EXPECT_TRUE(s.net.requests_of<StreamConnect>(s.na).empty());
  EXPECT_EQ(s.net.simultaneous_opens, 0u);
}

TEST(IceTcpAgent, SimultaneousOpenNeverPairsWithActiveOrPassive) {
  AgentConfig ab = tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true);  // active + passive
  TcpSession s(so_only_config(Role::Controlling, "10.0.0.1", 5000), ab);
  s.run(Time(60s));
  EXPECT_TRUE(s.a->checklist().pairs().empty());
  EXPECT_TRUE(s.b->checklist().pairs().empty());
  EXPECT_EQ(s.a->state(), IceState::Failed);
  EXPECT_TRUE(s.net.requests_of<StreamConnect>(s.na).empty());
}

TEST(IceTcpAgent, ByteByByteDeliveryStillConnects) {
  TcpSession s(tcp_agent_config(Role::Controlled, "10.0.0.1", 5000, false, true),
               tcp_agent_config(Role::Controlling, "10.0.0.2", 6000, false, true));
  s.net.chunk = 1;
  s.run(Time(5s));
  EXPECT_EQ(s.a->state(), IceState::Completed);
  EXPECT_EQ(s.b->state(), IceState::Completed);
  EXPECT_EQ(s.a->dropped_bad_framing(), 0u);
}

TEST(IceTcpAgent, UdpOnlyAgainstTcpOnlyFailsCleanly) {
  TcpSession s(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, true, false),
               tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true));
  s.run(Time(60s));
  EXPECT_EQ(s.a->state(), IceState::Failed);
  EXPECT_EQ(s.b->state(), IceState::Failed);
  EXPECT_TRUE(s.a->checklist().pairs().empty());  // RFC 6544 6.2: UDP never pairs with TCP
  EXPECT_TRUE(s.b->checklist().pairs().empty());
  EXPECT_FALSE(s.a->selected_pair(1));
  EXPECT_FALSE(s.b->selected_pair(1));
  EXPECT_TRUE(s.net.requests_of<StreamConnect>(s.na).empty());
  EXPECT_TRUE(s.net.requests_of<StreamConnect>(s.nb).empty());
  // Failed as soon as the descriptions were in, not after a timeout.
  auto fa = s.net.of<StateChanged>(s.na);
  ASSERT_FALSE(fa.empty());
  EXPECT_EQ(fa.back().second.state, IceState::Failed);
  EXPECT_LT(fa.back().first, Time(1s));
}

TEST(IceTcpAgent, RefusedConnectFailsThePairAtOnce) {
  TcpSession s(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, false, true),
               tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true));
  s.net.refuse_connects = true;
  s.run(Time(60s));
  // RFC 6544 7.1: the active pair fails when its connection does.
  Time active_failed{};
  for (const auto& [t, e] : s.net.of<PairStateChanged>(s.na))
    if (e.to == PairState::Failed && e.local == tcpa_ep("10.0.0.1:9")) active_failed = t;
  EXPECT_GT(active_failed, Time{});
  EXPECT_LT(active_failed, Time(1s));
  // The passive pair waited Ti for a connection that never came.
  Time passive_failed{};
  for (const auto& [t, e] : s.net.of<PairStateChanged>(s.na))
    if (e.to == PairState::Failed && e.local == tcpa_ep("10.0.0.1:5000")) passive_failed = t;
  EXPECT_GE(passive_failed, Time(kStunReliableTimeout));
  EXPECT_EQ(s.a->state(), IceState::Failed);
  EXPECT_EQ(s.b->state(), IceState::Failed);
}

TEST(IceTcpAgent, UnansweredCheckIsSentOnceAndFailsAfterTi) {
  TcpSession s(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, false, true),
               tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true));
  s.net.black_hole_bytes = true;
  s.run(Time(120s));
  auto sent = s.net.of<CheckSent>(s.na);
  ASSERT_EQ(sent.size(), 1u);  // RFC 5389 7.2.2: no retransmissions
  Time failed{};
  for (const auto& [t, e] : s.net.of<PairStateChanged>(s.na))
    if (e.pair == sent[0].second.pair && e.to == PairState::Failed) failed = t;
  EXPECT_EQ(failed, sent[0].first + kStunReliableTimeout);
  EXPECT_EQ(s.a->state(), IceState::Failed);
}

TEST(IceTcpAgent, BrokenFramingClosesTheConnectionAbortively) {
  TcpSession s(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, false, true),
               tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true));
  s.run(Time(5s));
  ASSERT_EQ(s.a->state(), IceState::Completed);
  StreamId victim = 0;
  for (const auto& c : s.net.requests_of<StreamConnect>(s.na)) victim = c.id;
  ASSERT_NE(victim, 0u);
  // A legal length (65535) only waits for its bytes.
  s.a->handle_stream_event(s.net.now, StreamBytes{victim, {0xFF, 0xFF, 1, 2}});
  EXPECT_EQ(s.a->dropped_bad_framing(), 0u);
  // More unread bytes than the deframer may hold: the stream is closed with RST.
  s.a->handle_stream_event(s.net.now, StreamBytes{victim, std::vector<std::uint8_t>(300000, 7)});
  EXPECT_EQ(s.a->dropped_bad_framing(), 1u);
  bool aborted = false;
  while (auto r = s.a->poll_stream_request())
    if (auto* c = std::get_if<StreamClose>(&*r)) aborted = c->id == victim && c->mode == CloseMode::Abortive;
  EXPECT_TRUE(aborted);
  // Further bytes on it are ignored.
  s.a->handle_stream_event(s.net.now, StreamBytes{victim, std::vector<std::uint8_t>(300000, 7)});
  EXPECT_EQ(s.a->dropped_bad_framing(), 1u);
}

TEST(IceTcpAgent, LateRelayedCandidateDoesNotPairWithTcp) {
  TcpSession s(tcp_agent_config(Role::Controlling, "10.0.0.1", 5000, true, true),
               tcp_agent_config(Role::Controlled, "10.0.0.2", 6000, false, true));
  s.a->expect_relayed_candidate();
  s.a->start_gathering(s.net.now);
  s.b->start_gathering(s.net.now);
  s.net.flush();
  s.a->set_remote_description(s.net.now, s.b->local_description());
  const std::size_t before = s.a->checklist().pairs().size();
  EXPECT_EQ(before, 2u);  // active-passive and passive-active
  s.a->add_relayed_candidate(s.net.now, 1, tcpa_ep("203.0.113.5:40000"), tcpa_ep("198.51.100.1:5000"),
                             tcpa_ep("10.0.0.1:5000"), tcpa_ep("203.0.113.5:3478"));
  EXPECT_EQ(s.a->checklist().pairs().size(), before);  // a UDP relay has no TCP partner
}

}  // namespace
}  // namespace natlab::ice::test
