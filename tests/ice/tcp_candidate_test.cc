// ICE-TCP candidates (RFC 6544 4): tcptype, priorities, SDP and pairing.
#include <gtest/gtest.h>

#include "agents/ice/candidate.h"
#include "agents/ice/checklist.h"
#include "agents/ice/sdp.h"

namespace natlab::ice {
namespace {

Endpoint tcpc_ep(const char* s) { return *Endpoint::parse(s); }

Candidate tcpc_cand(const char* foundation, Transport t, std::optional<TcpType> tt, const char* addr,
                    std::uint32_t priority = 1000) {
  return Candidate{foundation, 1, t, priority, tcpc_ep(addr), CandidateType::Host, tcpc_ep(addr), std::nullopt, tt};
}

TEST(IceTcpCandidate, LocalPreferenceFromDirectionAndOtherPreference) {
  // RFC 6544 4.2 by hand: (2^13) * direction-pref + other-pref.
  EXPECT_EQ(tcp_local_preference(CandidateType::Host, TcpType::Active), 6u * 8192 + 8191);
  EXPECT_EQ(tcp_local_preference(CandidateType::Host, TcpType::Passive), 4u * 8192 + 8191);
  EXPECT_EQ(tcp_local_preference(CandidateType::Host, TcpType::So), 2u * 8192 + 8191);
  EXPECT_EQ(tcp_local_preference(CandidateType::Relayed, TcpType::Active), 6u * 8192 + 8191);
  EXPECT_EQ(tcp_local_preference(CandidateType::ServerReflexive, TcpType::So), 6u * 8192 + 8191);
  EXPECT_EQ(tcp_local_preference(CandidateType::ServerReflexive, TcpType::Active), 4u * 8192 + 8191);
  EXPECT_EQ(tcp_local_preference(CandidateType::ServerReflexive, TcpType::Passive), 2u * 8192 + 8191);
  EXPECT_EQ(tcp_local_preference(CandidateType::Host, TcpType::Active, 100), 6u * 8192 + 100);
  EXPECT_EQ(tcp_local_preference(CandidateType::Host, TcpType::Active, 9000), 6u * 8192 + 8191);  // clamped
  // The multihomed rank carries over: 65535 -> 8191, 65534 -> 8190.
  EXPECT_EQ(other_preference(65535), 8191u);
  EXPECT_EQ(other_preference(65534), 8190u);
  EXPECT_EQ(other_preference(0), 0u);
}

TEST(IceTcpCandidate, UdpHostOutranksTcpHostOfEachDirection) {
  const std::uint32_t udp = candidate_priority(CandidateType::Host, 1);
  for (TcpType t : {TcpType::Active, TcpType::Passive, TcpType::So}) {
    const std::uint32_t tcp = candidate_priority(CandidateType::Host, 1, tcp_local_preference(CandidateType::Host, t));
    EXPECT_LT(tcp, udp) << to_string(t);
    EXPECT_EQ(tcp >> 24, 126u);  // RFC 6544 4.2: same type preference as UDP
  }
  // 2^24*126 + 2^8*(6*8192+8191) + 255
  EXPECT_EQ(candidate_priority(CandidateType::Host, 1, tcp_local_preference(CandidateType::Host, TcpType::Active)),
            2113929216u + 256u * 57343u + 255u);
}

TEST(IceTcpCandidate, FoundationsDifferForUdpAndTcp) {
  FoundationAllocator f;
  const IpAddress a = *IpAddress::parse("10.0.0.1");
  const std::string udp = f.get(CandidateType::Host, a, Transport::Udp);
  const std::string tcp = f.get(CandidateType::Host, a, Transport::Tcp);
  EXPECT_NE(udp, tcp);
  EXPECT_EQ(tcp, f.get(CandidateType::Host, a, Transport::Tcp));
}

TEST(IceTcpCandidate, SdpFormatsTcptypeAfterRelatedAddress) {
  Candidate c = tcpc_cand("4", Transport::Tcp, TcpType::Active, "10.0.0.1:9", 1694498815);
  EXPECT_EQ(format_candidate(c), "a=candidate:4 1 TCP 1694498815 10.0.0.1 9 typ host tcptype active");
  c.type = CandidateType::ServerReflexive;
  c.related = tcpc_ep("192.168.0.2:9");
  EXPECT_EQ(format_candidate(c),
            "a=candidate:4 1 TCP 1694498815 10.0.0.1 9 typ srflx raddr 192.168.0.2 rport 9 tcptype active");
  // UDP lines are unchanged: no tcptype.
  const Candidate u = tcpc_cand("1", Transport::Udp, std::nullopt, "10.0.0.1:5000", 7);
  EXPECT_EQ(format_candidate(u), "a=candidate:1 1 UDP 7 10.0.0.1 5000 typ host");
}

TEST(IceTcpCandidate, SdpRoundTripOfEachTcptype) {
  for (TcpType t : {TcpType::Active, TcpType::Passive, TcpType::So}) {
    Candidate c = tcpc_cand("7", Transport::Tcp, t, t == TcpType::Active ? "10.1.2.3:9" : "10.1.2.3:4500", 12345);
    auto back = parse_candidate(format_candidate(c));
    ASSERT_TRUE(back) << to_string(t);
    EXPECT_EQ(*back, c);
    EXPECT_EQ(back->tcptype, t);
  }
  SessionDescription d;
  d.credentials = Credentials{"Ab1+", "abcdefghijklmnopqrstuv"};
  d.candidates = {tcpc_cand("1", Transport::Udp, std::nullopt, "10.0.0.1:5000"),
                  tcpc_cand("2", Transport::Tcp, TcpType::Passive, "10.0.0.1:5000"),
                  tcpc_cand("2", Transport::Tcp, TcpType::Active, "10.0.0.1:9")};
  auto back = parse_description(format_description(d));
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, d);
}

TEST(IceTcpCandidate, ParsesOtherImplementationsLines) {
  // Lower-case transport and another extension before tcptype.
  auto c = parse_candidate("a=candidate:1 1 tcp 1518280447 192.0.2.1 50000 typ host generation 0 tcptype passive");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->transport, Transport::Tcp);
  EXPECT_EQ(c->tcptype, TcpType::Passive);
  EXPECT_EQ(c->address, tcpc_ep("192.0.2.1:50000"));
}

TEST(IceTcpCandidate, BadTcptypeIsRejectedWithAReason) {
  struct Bad {
    const char* line;
    const char* error;
  };
  const Bad bad[] = {
      {"a=candidate:1 1 TCP 100 10.0.0.1 9 typ host tcptype activ",
       "bad tcptype 'activ' (expected active, passive or so)"},
      {"a=candidate:1 1 TCP 100 10.0.0.1 9 typ host tcptype ACTIVE",
       "bad tcptype 'ACTIVE' (expected active, passive or so)"},
      {"a=candidate:1 1 TCP 100 10.0.0.1 9 typ host", "TCP candidate without tcptype (RFC 6544 4.5)"},
      {"a=candidate:1 1 UDP 100 10.0.0.1 9 typ host tcptype active", "tcptype on a UDP candidate"},
      {"a=candidate:1 1 TCP 100 10.0.0.1 9 typ host tcptype active tcptype so", "tcptype given twice"},
      {"a=candidate:1 1 TCP 100 10.0.0.1 9 typ host tcptype", "extension attribute without a value"},
      {"a=candidate:1 1 SCTP 100 10.0.0.1 9 typ host", "unknown transport 'SCTP'"},
  };
  for (const Bad& b : bad) {
    auto r = parse_candidate_line(b.line);
    EXPECT_FALSE(r.candidate) << b.line;
    EXPECT_EQ(r.error, b.error) << b.line;
    EXPECT_FALSE(parse_candidate(b.line)) << b.line;
  }
  std::string why;
  const std::string text = std::string("a=ice-ufrag:Ab1+\na=ice-pwd:abcdefghijklmnopqrstuv\n") + bad[0].line + "\n";
  EXPECT_FALSE(parse_description(text, &why));
  EXPECT_EQ(why, std::string(bad[0].line) + ": " + bad[0].error);
}

TEST(IceTcpCandidate, PairingFollowsDirections) {
  const Candidate udp = tcpc_cand("u", Transport::Udp, std::nullopt, "10.0.0.1:5000");
  const Candidate act = tcpc_cand("a", Transport::Tcp, TcpType::Active, "10.0.0.1:9");
  const Candidate pas = tcpc_cand("p", Transport::Tcp, TcpType::Passive, "10.0.0.1:5000");
  const Candidate so = tcpc_cand("s", Transport::Tcp, TcpType::So, "10.0.0.1:5001");
  const Candidate* all[] = {&udp, &act, &pas, &so};
  // RFC 6544 6.2, and UDP only with UDP.
  const bool expected[4][4] = {
      // remote: udp   active passive so
      {true, false, false, false},   // local udp
      {false, false, true, false},   // local active
      {false, true, false, false},   // local passive
      {false, false, false, true},   // local so
  };
  for (int l = 0; l < 4; ++l)
    for (int r = 0; r < 4; ++r) EXPECT_EQ(transports_pair(*all[l], *all[r]), expected[l][r]) << l << "," << r;
  // A TCP candidate missing its tcptype pairs with nothing.
  Candidate untyped = pas;
  untyped.tcptype.reset();
  EXPECT_FALSE(transports_pair(act, untyped));
  EXPECT_FALSE(transports_pair(untyped, act));
}

TEST(IceTcpCandidate, CheckListPairsOnlyAllowedDirectionsInPriorityOrder) {
  std::vector<Candidate> local = {
      tcpc_cand("1", Transport::Udp, std::nullopt, "10.0.0.1:5000", candidate_priority(CandidateType::Host, 1)),
      tcpc_cand("2", Transport::Tcp, TcpType::Active, "10.0.0.1:9",
                candidate_priority(CandidateType::Host, 1, tcp_local_preference(CandidateType::Host, TcpType::Active))),
      tcpc_cand("2", Transport::Tcp, TcpType::Passive, "10.0.0.1:5000",
                candidate_priority(CandidateType::Host, 1, tcp_local_preference(CandidateType::Host, TcpType::Passive)))};
  std::vector<Candidate> remote = {
      tcpc_cand("1", Transport::Udp, std::nullopt, "10.0.0.2:6000", candidate_priority(CandidateType::Host, 1)),
      tcpc_cand("2", Transport::Tcp, TcpType::Active, "10.0.0.2:9",
                candidate_priority(CandidateType::Host, 1, tcp_local_preference(CandidateType::Host, TcpType::Active))),
      tcpc_cand("2", Transport::Tcp, TcpType::Passive, "10.0.0.2:6000",
                candidate_priority(CandidateType::Host, 1, tcp_local_preference(CandidateType::Host, TcpType::Passive)))};
  CheckList list;
  list.form(local, remote, Role::Controlling, 100);
  ASSERT_EQ(list.pairs().size(), 3u);  // udp-udp, active-passive, passive-active
  // Highest first: UDP, then the two TCP pairs (equal min; the higher max wins).
  EXPECT_EQ(list.pairs()[0].local.transport, Transport::Udp);
  EXPECT_EQ(list.pairs()[0].remote.transport, Transport::Udp);
  for (std::size_t i = 1; i < 3; ++i) {
    const CandidatePair& p = list.pairs()[i];
    EXPECT_EQ(p.local.transport, Transport::Tcp);
    EXPECT_NE(p.local.tcptype, p.remote.tcptype);
    EXPECT_NE(*p.local.tcptype, TcpType::So);
    EXPECT_EQ(p.priority, pair_priority(p.local, p.remote, Role::Controlling));
    EXPECT_LE(p.priority, list.pairs()[i - 1].priority);
  }
  // Same addresses over UDP and TCP are different pairs (RFC 5245 5.7.3
  // prunes only identical candidates).
  EXPECT_TRUE(list.find(tcpc_ep("10.0.0.1:5000"), tcpc_ep("10.0.0.2:6000"), 1, Transport::Udp));
  EXPECT_FALSE(list.find(tcpc_ep("10.0.0.1:5000"), tcpc_ep("10.0.0.2:6000"), 1, Transport::Tcp));
  EXPECT_TRUE(list.find(tcpc_ep("10.0.0.1:9"), tcpc_ep("10.0.0.2:6000"), 1, Transport::Tcp));
  // Frozen/Waiting as RFC 5245 5.7.4: one Waiting pair per foundation.
  // Active and passive candidates of one base share a foundation (RFC 5245
  // 4.1.1.3 has no tcptype in it), so the two TCP pairs share "2:2".
  auto waiting = list.set_initial_states();
  EXPECT_EQ(waiting, (std::vector<PairId>{list.pairs()[0].id, list.pairs()[1].id}));
  EXPECT_EQ(list.pairs()[2].state, PairState::Frozen);
}

}  // namespace
}  // namespace natlab::ice
