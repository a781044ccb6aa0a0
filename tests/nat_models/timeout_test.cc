// RFC 4787 4.3: mapping timer (REQ-5) and refresh direction (REQ-6).
#include <gtest/gtest.h>

#include "nat_test_util.h"

namespace natlab::nat::test {
namespace {

Config cfg_with_timeout(Duration timeout, bool refresh_on_inbound = false) {
  Config c = config(Mapping::EndpointIndependent, Filtering::EndpointIndependent);
  c.mapping_timeout = timeout;
  c.refresh_on_inbound = refresh_on_inbound;
  return c;
}

TEST(NatTimeout, DefaultTimerIsTwoMinutesTheRfcMinimum) {
  EXPECT_EQ(Config{}.mapping_timeout, std::chrono::seconds(120));  // RFC 4787 REQ-5
}

TEST(NatTimeout, MappingIdleForTheTimeoutIsGoneEvenWithoutExpireBeingCalled) {
  Nat nat(cfg_with_timeout(120s), Rng(1));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));
  // Still alive just before the timer runs out.
  EXPECT_TRUE(nat.inbound(119s, udp(kXx, ext)).forward);
  Decision late = nat.inbound(120s, udp(kXx, ext));
  EXPECT_FALSE(late.forward);
  EXPECT_EQ(late.reason, DropReason::NoMapping);
  EXPECT_EQ(nat.mapping_count(), 0u);
  // The next outbound packet needs a new mapping.
  Decision again = nat.outbound(121s, udp(kA, kXx));
  ASSERT_TRUE(again.forward);
  EXPECT_TRUE(again.mapping_created);
}

TEST(NatTimeout, OutboundTrafficRefreshesTheMapping) {
  // RFC 4787 REQ-6: "NAT Outbound refresh behavior" is True.
  Nat nat(cfg_with_timeout(120s), Rng(1));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));
  Decision refresh = nat.outbound(100s, udp(kA, kXx));
  EXPECT_FALSE(refresh.mapping_created);
  EXPECT_TRUE(nat.inbound(200s, udp(kXx, ext)).forward);
  EXPECT_EQ(nat.inbound(220s, udp(kXx, ext)).reason, DropReason::NoMapping);
}

TEST(NatTimeout, InboundTrafficDoesNotRefreshByDefault) {
  // RFC 4787 REQ-6a: inbound refresh is optional; off unless configured.
  Nat nat(cfg_with_timeout(120s, false), Rng(1));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));
  EXPECT_TRUE(nat.inbound(100s, udp(kXx, ext)).forward);
  EXPECT_EQ(nat.inbound(120s, udp(kXx, ext)).reason, DropReason::NoMapping);
}

TEST(NatTimeout, InboundTrafficRefreshesWhenConfigured) {
  Nat nat(cfg_with_timeout(120s, true), Rng(1));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));
  EXPECT_TRUE(nat.inbound(100s, udp(kXx, ext)).forward);
  EXPECT_TRUE(nat.inbound(200s, udp(kXx, ext)).forward);
  EXPECT_EQ(nat.expire(250s), Time{320s});
}

TEST(NatTimeout, FilteredInboundNeverRefreshes) {
  Config c = cfg_with_timeout(120s, true);
  c.filtering = Filtering::AddressAndPortDependent;
  Nat nat(c, Rng(1));
  Endpoint ext = send_out(nat, 0s, udp(kA, kXx));
  EXPECT_EQ(nat.inbound(100s, udp(kYy, ext)).reason, DropReason::Filtered);
  EXPECT_EQ(nat.inbound(120s, udp(kXx, ext)).reason, DropReason::NoMapping);
}

TEST(NatTimeout, ExpireRemovesIdleMappingsAndTellsWhenTheNextOneExpires) {
  Nat nat(cfg_with_timeout(60s), Rng(1));
  EXPECT_EQ(nat.expire(0s), std::nullopt);
  send_out(nat, 0s, udp(kA, kXx));
  send_out(nat, 10s, udp(kB, kXx));
  EXPECT_EQ(nat.expire(30s), Time{60s});
  EXPECT_EQ(nat.mapping_count(), 2u);
  EXPECT_EQ(nat.expire(60s), Time{70s});
  EXPECT_EQ(nat.mapping_count(), 1u);
  EXPECT_EQ(nat.expire(70s), std::nullopt);
  EXPECT_EQ(nat.mapping_count(), 0u);
}

TEST(NatTimeout, ExpiredEventCarriesTheMomentTheTimerRanOut) {
  Nat nat(cfg_with_timeout(60s), Rng(1));
  Endpoint ext = send_out(nat, 5s, udp(kA, kXx));
  nat.drain_events();
  nat.expire(500s);  // noticed late
  auto events = nat.drain_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].kind, MappingEvent::Expired);
  EXPECT_EQ(events[0].at, Time{65s});
  EXPECT_EQ(events[0].internal, kA);
  EXPECT_EQ(events[0].external, ext);
}

TEST(NatTimeout, AnExpiredPortIsFreeAgain) {
  Config c = cfg_with_timeout(60s);
  c.port_min = c.port_max = 40000;
  Nat nat(c, Rng(1));
  send_out(nat, 0s, udp(kA, kXx));
  EXPECT_EQ(nat.outbound(30s, udp(kB, kXx)).reason, DropReason::PortsExhausted);
  Endpoint b = send_out(nat, 61s, udp(kB, kXx));
  EXPECT_EQ(b.port, 40000);
}

}  // namespace
}  // namespace natlab::nat::test
