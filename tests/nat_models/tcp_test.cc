// TCP through the NAT (RFC 5382): mapping and filtering as configured,
// connection-driven timers (REQ-5, RFC 7857 2.2), unsolicited SYNs (REQ-4),
// simultaneous open (REQ-2a) and the block_inbound_tcp firewall rule.
#include <gtest/gtest.h>

#include "nat_models/tcp_state.h"
#include "nat_test_util.h"

namespace natlab::nat::test {
namespace {

TcpFlags flags(bool syn, bool ack, bool fin = false, bool rst = false) {
  TcpFlags f;
  f.syn = syn;
  f.ack = ack;
  f.fin = fin;
  f.rst = rst;
  return f;
}
const TcpFlags kSyn = flags(true, false);
const TcpFlags kSynAck = flags(true, true);
const TcpFlags kAck = flags(false, true);
const TcpFlags kFinAck = flags(false, true, true);
const TcpFlags kRst = flags(false, false, false, true);

Packet seg(Endpoint src, Endpoint dst, TcpFlags f) { return Packet{Transport::Tcp, src, dst, f}; }

// SYN out, SYN-ACK in, ACK out at `t`: an established connection from A to
// `remote`; returns A's external endpoint.
Endpoint handshake(Nat& nat, Time t, const Endpoint& remote) {
  Endpoint ext = send_out(nat, t, seg(kA, remote, kSyn));
  EXPECT_TRUE(nat.inbound(t, seg(remote, ext, kSynAck)).forward);
  send_out(nat, t, seg(kA, remote, kAck));
  return ext;
}

constexpr Duration k2h4m = std::chrono::minutes(124);
constexpr Duration k4m = std::chrono::minutes(4);

TEST(NatTcp, DefaultTimersAreRfc5382Minimums) {
  // RFC 5382 REQ-5: not less than 2 hours 4 minutes, and 4 minutes.
  EXPECT_EQ(Config{}.tcp_established_timeout, std::chrono::seconds(2 * 3600 + 4 * 60));
  EXPECT_EQ(Config{}.tcp_transitory_timeout, std::chrono::seconds(240));
  // UDP keeps its own timer.
  EXPECT_EQ(Config{}.mapping_timeout, std::chrono::seconds(120));
}

TEST(NatTcp, EndpointIndependentMappingAcrossConnections) {
  // RFC 5382 REQ-1: the default (port-restricted) NAT maps every connection
  // from one inside endpoint to the same external endpoint.
  Nat nat(config(NatType::PortRestricted), Rng(1));
  Endpoint e1 = send_out(nat, 0s, seg(kA, kXx, kSyn));
  Decision d2 = nat.outbound(1s, seg(kA, kYx, kSyn));
  ASSERT_TRUE(d2.forward);
  EXPECT_FALSE(d2.mapping_created);
  EXPECT_EQ(d2.translated.src, e1);
  EXPECT_EQ(nat.mapping_count(), 1u);
}

TEST(NatTcp, FlagsCrossTheNatUnchanged) {
  Nat nat(config(NatType::FullCone), Rng(1));
  Decision out = nat.outbound(0s, seg(kA, kXx, kSyn));
  ASSERT_TRUE(out.forward);
  EXPECT_EQ(out.translated.tcp, kSyn);
  Decision in = nat.inbound(0s, seg(kXx, out.translated.src, kSynAck));
  ASSERT_TRUE(in.forward);
  EXPECT_EQ(in.translated.tcp, kSynAck);
  EXPECT_EQ(in.translated.dst, kA);
  EXPECT_EQ(to_string(kSynAck), "SYN,ACK");
  EXPECT_EQ(to_string(kFinAck), "ACK,FIN");
  EXPECT_EQ(to_string(kRst), "RST");
  EXPECT_EQ(to_string(TcpFlags{}), "");
}

TEST(NatTcp, UnsolicitedSynWithoutMappingIsDroppedSilently) {
  // RFC 5382 REQ-4/4a: never answered; no state is created for it.
  Nat nat(config(NatType::FullCone), Rng(1));
  Decision d = nat.inbound(0s, seg(kXx, Endpoint{kPublic, 5000}, kSyn));
  EXPECT_FALSE(d.forward);
  EXPECT_EQ(d.reason, DropReason::NoMapping);
  EXPECT_EQ(nat.mapping_count(), 0u);
  EXPECT_TRUE(nat.drain_events().empty());
}

TEST(NatTcp, ConfiguredFilteringJudgesInboundSyns) {
  // RFC 5382 REQ-3: endpoint-independent filtering lets any outside host open
  // a connection through a live mapping; port-restricted only the one A
  // contacted.
  Nat open_filter(config(Mapping::EndpointIndependent, Filtering::EndpointIndependent), Rng(1));
  Endpoint e1 = send_out(open_filter, 0s, seg(kA, kXx, kSyn));
  EXPECT_TRUE(open_filter.inbound(1s, seg(kYx, e1, kSyn)).forward);

  Nat strict(config(Mapping::EndpointIndependent, Filtering::AddressAndPortDependent), Rng(1));
  Endpoint e2 = send_out(strict, 0s, seg(kA, kXx, kSyn));
  EXPECT_EQ(strict.inbound(1s, seg(kYx, e2, kSyn)).reason, DropReason::Filtered);
  EXPECT_EQ(strict.inbound(1s, seg(kXy, e2, kSyn)).reason, DropReason::Filtered);
  EXPECT_TRUE(strict.inbound(1s, seg(kXx, e2, kSynAck)).forward);
}

TEST(NatTcp, EstablishedConnectionIdlesTwoHoursFourMinutes) {
  // RFC 5382 REQ-5: far beyond UDP's 120 s mapping timer.
  Nat nat(config(NatType::PortRestricted), Rng(1));
  Endpoint ext = handshake(nat, 10s, kXx);
  EXPECT_TRUE(nat.inbound(10s + k2h4m - 1ns, seg(kXx, ext, kAck)).forward);
  // That packet restarted the timer: idle again for the full time.
  const Time last = 10s + k2h4m - 1ns;
  EXPECT_TRUE(nat.inbound(last + k2h4m - 1ns, seg(kXx, ext, kAck)).forward);
  const Time last2 = last + k2h4m - 1ns;
  EXPECT_EQ(nat.inbound(last2 + k2h4m, seg(kXx, ext, kAck)).reason, DropReason::NoMapping);
  auto ev = nat.drain_events();
  ASSERT_EQ(ev.size(), 2u);
  EXPECT_EQ(ev[1].kind, MappingEvent::Expired);
  EXPECT_EQ(ev[1].at, last2 + k2h4m);
  EXPECT_EQ(ev[1].transport, Transport::Tcp);
}

TEST(NatTcp, ConfiguredEstablishedTimeout) {
  // RFC 5382 REQ-5a: the timers may be configurable.
  Config c = config(NatType::PortRestricted);
  c.tcp_established_timeout = std::chrono::hours(3);
  Nat nat(c, Rng(1));
  Endpoint ext = handshake(nat, 0s, kXx);
  EXPECT_TRUE(nat.inbound(std::chrono::hours(3) - 1ns, seg(kXx, ext, kAck)).forward);
  EXPECT_FALSE(nat.inbound(std::chrono::hours(6), seg(kXx, ext, kAck)).forward);
}

TEST(NatTcp, HalfOpenConnectionIsTransitory) {
  // A SYN that was never answered: the transitory timer, 4 minutes.
  Nat nat(config(NatType::PortRestricted), Rng(1));
  Endpoint ext = send_out(nat, 0s, seg(kA, kXx, kSyn));
  EXPECT_EQ(nat.expire(0s), Time{k4m});
  EXPECT_TRUE(nat.inbound(k4m - 1ns, seg(kXx, ext, kSynAck)).forward);
  // The SYN-ACK alone does not complete the handshake (no ACK from A yet).
  EXPECT_EQ(nat.expire(k4m - 1ns), Time{k4m - 1ns + k4m});
  EXPECT_EQ(nat.inbound(k4m - 1ns + k4m, seg(kXx, ext, kSynAck)).reason, DropReason::NoMapping);
}

TEST(NatTcp, FinBothWaysMakesTheConnectionTransitory) {
  Nat nat(config(NatType::PortRestricted), Rng(1));
  Endpoint ext = handshake(nat, 0s, kXx);
  EXPECT_EQ(nat.expire(0s), Time{k2h4m});
  send_out(nat, 100s, seg(kA, kXx, kFinAck));
  // Half-closed: one FIN keeps the established timer (data may still flow in).
  EXPECT_EQ(nat.expire(100s), Time{100s + k2h4m});
  EXPECT_TRUE(nat.inbound(101s, seg(kXx, ext, kFinAck)).forward);
  send_out(nat, 102s, seg(kA, kXx, kAck));
  EXPECT_EQ(nat.expire(102s), Time{102s + k4m});
  EXPECT_TRUE(nat.inbound(102s + k4m - 1ns, seg(kXx, ext, kAck)).forward);
  EXPECT_EQ(nat.inbound(102s + k4m - 1ns + k4m, seg(kXx, ext, kAck)).reason, DropReason::NoMapping);
}

TEST(NatTcp, RstIsTranslatedAndLeavesFourMinutes) {
  // RFC 7857 2.2: translate the RST, keep the state 4 minutes.
  Nat nat(config(NatType::PortRestricted), Rng(1));
  Endpoint ext = handshake(nat, 0s, kXx);
  Decision rst = nat.inbound(50s, seg(kXx, ext, kRst));
  ASSERT_TRUE(rst.forward);
  EXPECT_EQ(rst.translated.tcp, kRst);
  EXPECT_EQ(nat.expire(50s), Time{50s + k4m});
  EXPECT_EQ(nat.inbound(50s + k4m, seg(kXx, ext, kAck)).reason, DropReason::NoMapping);
}

TEST(NatTcp, NewSynAfterCloseStartsAFreshConnection) {
  Nat nat(config(NatType::PortRestricted), Rng(1));
  Endpoint ext = handshake(nat, 0s, kXx);
  send_out(nat, 10s, seg(kA, kXx, kRst));
  EXPECT_EQ(nat.expire(10s), Time{10s + k4m});
  // The same 4-tuple opens again: a new handshake, established again.
  Decision syn = nat.outbound(20s, seg(kA, kXx, kSyn));
  ASSERT_TRUE(syn.forward);
  EXPECT_FALSE(syn.mapping_created);
  EXPECT_EQ(syn.translated.src, ext);
  EXPECT_EQ(nat.expire(20s), Time{20s + k4m});
  EXPECT_TRUE(nat.inbound(21s, seg(kXx, ext, kSynAck)).forward);
  send_out(nat, 22s, seg(kA, kXx, kAck));
  EXPECT_EQ(nat.expire(22s), Time{22s + k2h4m});
}

TEST(NatTcp, MappingLivesAsLongAsItsLongestConnection) {
  Nat nat(config(NatType::PortRestricted), Rng(1));
  Endpoint ext = handshake(nat, 0s, kXx);
  // A second connection on the same mapping opens and is reset.
  send_out(nat, 10s, seg(kA, kYx, kSyn));
  EXPECT_TRUE(nat.inbound(11s, seg(kYx, ext, kRst)).forward);
  // The established one still holds the mapping after the other's 4 minutes.
  EXPECT_EQ(nat.expire(11s), Time{k2h4m});
  EXPECT_TRUE(nat.inbound(11s + k4m + 1s, seg(kXx, ext, kAck)).forward);
  EXPECT_EQ(nat.mapping_count(), 1u);
}

TEST(NatTcp, SimultaneousOpenThroughPortRestrictedNat) {
  // RFC 5382 REQ-2a: SYN out, SYN in (admitted: A sent to X:x), SYN-ACKs
  // both ways, then ACK: established.
  Nat nat(config(NatType::PortRestricted), Rng(1));
  Endpoint ext = send_out(nat, 0s, seg(kA, kXx, kSyn));
  EXPECT_TRUE(nat.inbound(0s, seg(kXx, ext, kSyn)).forward);
  send_out(nat, 0s, seg(kA, kXx, kSynAck));
  EXPECT_TRUE(nat.inbound(0s, seg(kXx, ext, kSynAck)).forward);
  EXPECT_EQ(nat.expire(0s), Time{k4m});
  send_out(nat, 1s, seg(kA, kXx, kAck));
  EXPECT_EQ(nat.expire(1s), Time{1s + k2h4m});
}

TEST(NatTcp, UdpTimersAreUntouchedByTcpTraffic) {
  Config c = config(NatType::PortRestricted);
  c.mapping_timeout = 30s;
  Nat nat(c, Rng(1));
  Endpoint udp_ext = send_out(nat, 0s, udp(kA, kXx));
  handshake(nat, 0s, kXx);
  EXPECT_EQ(nat.expire(0s), Time{30s});
  EXPECT_EQ(nat.inbound(30s, udp(kXx, udp_ext)).reason, DropReason::NoMapping);
  EXPECT_EQ(nat.mapping_count(), 1u);  // the TCP one
}

// block_inbound_tcp

Config firewalled(NatType t) {
  Config c = config(t);
  c.block_inbound_tcp = true;
  return c;
}

TEST(NatBlockInboundTcp, DropsSynsThatWouldOpenAConnectionFromOutside) {
  // Without the rule a full-cone NAT lets Y:x open a connection to A through
  // A's mapping; with it the SYN is dropped.
  Nat plain(config(NatType::FullCone), Rng(1));
  Endpoint e0 = send_out(plain, 0s, seg(kA, kXx, kSyn));
  EXPECT_TRUE(plain.inbound(1s, seg(kYx, e0, kSyn)).forward);

  Nat nat(firewalled(NatType::FullCone), Rng(1));
  Endpoint ext = send_out(nat, 0s, seg(kA, kXx, kSyn));
  Decision d = nat.inbound(1s, seg(kYx, ext, kSyn));
  EXPECT_FALSE(d.forward);
  EXPECT_EQ(d.reason, DropReason::BlockedInboundTcp);
  // Without a mapping too: the rule comes first.
  EXPECT_EQ(nat.inbound(1s, seg(kYx, Endpoint{kPublic, 9999}, kSyn)).reason, DropReason::BlockedInboundTcp);
  EXPECT_EQ(nat.drops().at(DropReason::BlockedInboundTcp), 2u);
  // The answer to A's own SYN, and segments without SYN, are not its business.
  EXPECT_TRUE(nat.inbound(1s, seg(kXx, ext, kSynAck)).forward);
  EXPECT_TRUE(nat.inbound(1s, seg(kYx, ext, kAck)).forward);
  // UDP is untouched.
  Endpoint u = send_out(nat, 2s, udp(kA, kXx));
  EXPECT_TRUE(nat.inbound(2s, udp(kYx, u)).forward);
}

TEST(NatBlockInboundTcp, LetsTheOtherHalfOfASimultaneousOpenIn) {
  Nat nat(firewalled(NatType::FullCone), Rng(1));
  Endpoint ext = send_out(nat, 0s, seg(kA, kYx, kSyn));
  EXPECT_TRUE(nat.inbound(0s, seg(kYx, ext, kSyn)).forward);
  // Only from that remote endpoint, not from its neighbour port.
  EXPECT_EQ(nat.inbound(0s, seg(kYy, ext, kSyn)).reason, DropReason::BlockedInboundTcp);
  // Once that connection is reset, a new SYN from Y is unsolicited again.
  send_out(nat, 1s, seg(kA, kYx, kRst));
  EXPECT_EQ(nat.inbound(2s, seg(kYx, ext, kSyn)).reason, DropReason::BlockedInboundTcp);
  // Nor does a lapsed connection count.
  send_out(nat, 3s, seg(kA, kXx, kSyn));
  send_out(nat, 3s + k4m - 1s, seg(kA, kYx, kAck));  // keeps the mapping alive
  EXPECT_EQ(nat.inbound(3s + k4m, seg(kXx, ext, kSyn)).reason, DropReason::BlockedInboundTcp);
}

TEST(NatBlockInboundTcp, OpenRouterBecomesAStatefulFirewall) {
  Nat plain(config(NatType::Open), Rng(1));
  EXPECT_TRUE(plain.inbound(0s, seg(kXx, kA, kSyn)).forward);

  Nat nat(firewalled(NatType::Open), Rng(1));
  EXPECT_EQ(nat.inbound(0s, seg(kXx, kA, kSyn)).reason, DropReason::BlockedInboundTcp);
  Decision out = nat.outbound(1s, seg(kA, kXx, kSyn));
  ASSERT_TRUE(out.forward);
  EXPECT_EQ(out.translated.src, kA);  // still no translation
  EXPECT_TRUE(nat.inbound(1s, seg(kXx, kA, kSyn)).forward);
  EXPECT_TRUE(nat.inbound(1s, seg(kXx, kA, kSynAck)).forward);
  EXPECT_EQ(nat.inbound(1s, seg(kXx, kB, kSyn)).reason, DropReason::BlockedInboundTcp);
  // The state runs out with the transitory timer.
  EXPECT_EQ(nat.inbound(1s + k4m, seg(kXx, kA, kSyn)).reason, DropReason::BlockedInboundTcp);
  EXPECT_TRUE(nat.inbound(2s, udp(kXx, kB)).forward);
  EXPECT_EQ(nat.mapping_count(), 0u);
}

TEST(NatBlockInboundTcp, HairpinnedSynsAreNotInbound) {
  Config c = firewalled(NatType::FullCone);
  c.hairpinning = true;
  Nat nat(c, Rng(1));
  Endpoint eb = send_out(nat, 0s, seg(kB, kXx, kSyn));
  Decision d = nat.outbound(1s, seg(kA, eb, kSyn));
  ASSERT_TRUE(d.forward);
  EXPECT_EQ(d.direction, Direction::Hairpin);
  EXPECT_EQ(d.translated.dst, kB);
  EXPECT_EQ(d.translated.tcp, kSyn);
}

}  // namespace
}  // namespace natlab::nat::test
