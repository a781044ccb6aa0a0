// TurnServer: Allocate request checks (RFC 5766 6.2).
#include <set>

#include "tests/turn/server_test_util.h"

namespace natlab::turn::testing {
namespace {

TEST(TurnServerAllocate, SuccessCarriesRelayedAddressLifetimeAndMappedAddress) {
  Harness h;
  Reply r = h.allocate();
  ASSERT_TRUE(r.ok());
  auto relayed = r.msg.get<stun::XorRelayedAddress>();
  ASSERT_TRUE(relayed);
  EXPECT_EQ(relayed->endpoint.address, kRelayIp);
  EXPECT_GE(relayed->endpoint.port, 49152);
  ASSERT_TRUE(r.msg.get<stun::Lifetime>());
  EXPECT_EQ(r.msg.get<stun::Lifetime>()->seconds, 600u);
  ASSERT_TRUE(r.msg.get<stun::XorMappedAddress>());
  EXPECT_EQ(r.msg.get<stun::XorMappedAddress>()->endpoint, kClient);
  EXPECT_FALSE(r.msg.get<stun::ReservationToken>());
  const Allocation* a = h.server.find_allocation(FiveTuple{kClient, kServer});
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->relayed, relayed->endpoint);
  EXPECT_EQ(a->username, "alice");
}

TEST(TurnServerAllocate, MissingRequestedTransportGets400) {
  Harness h;
  h.learn_nonce();
  EXPECT_EQ(h.ask_signed(h.request(Method::Allocate)).code(), 400);
  EXPECT_EQ(h.server.allocation_count(), 0u);
}

TEST(TurnServerAllocate, TcpRequestedTransportGets442) {
  Harness h;
  h.learn_nonce();
  Message m = h.request(Method::Allocate);
  m.add(stun::RequestedTransport{6});
  EXPECT_EQ(h.ask_signed(m).code(), 442);
  EXPECT_EQ(h.server.allocation_count(), 0u);
}

TEST(TurnServerAllocate, NewAllocateOnSameTupleGets437) {
  Harness h;
  h.allocated();
  Reply r = h.ask_signed(h.allocate_request());  // new transaction id
  EXPECT_EQ(r.code(), 437);
  EXPECT_EQ(h.server.allocation_count(), 1u);
}

TEST(TurnServerAllocate, RetransmittedAllocateGetsTheSameSuccessResponse) {
  Harness h;
  h.learn_nonce();
  const auto bytes = h.sign(h.allocate_request());
  Reply first = h.ask(bytes);
  ASSERT_TRUE(first.ok());
  h.now = 2s;
  Reply again = h.ask(bytes);  // same transaction id, same 5-tuple
  EXPECT_TRUE(again.ok());
  EXPECT_EQ(again.tx.bytes, first.tx.bytes);
  EXPECT_EQ(h.server.allocation_count(), 1u);
  EXPECT_EQ(h.server.counters().retransmitted_allocate_responses, 1u);
}

TEST(TurnServerAllocate, RetransmissionIsRecognisedEvenWithAStaleNonce) {
  TurnServerConfig c = test_config();
  c.nonce_lifetime = 5s;
  Harness h(c);
  h.learn_nonce();
  const auto bytes = h.sign(h.allocate_request());
  Reply first = h.ask(bytes);
  ASSERT_TRUE(first.ok());
  h.now = 6s;
  EXPECT_EQ(h.ask(bytes).tx.bytes, first.tx.bytes);
}

TEST(TurnServerAllocate, UnknownComprehensionRequiredAttributeGets420) {
  Harness h;
  h.learn_nonce();
  Message m = h.allocate_request();
  m.attributes.push_back(stun::RawAttribute{0x7ABC, {1, 2, 3, 4}});
  m.attributes.push_back(stun::RawAttribute{0xFABC, {1, 2, 3, 4}});  // optional: ignored
  Reply r = h.ask_signed(m);
  EXPECT_EQ(r.code(), 420);
  ASSERT_TRUE(r.msg.get<stun::UnknownAttributes>());
  EXPECT_EQ(r.msg.get<stun::UnknownAttributes>()->types, std::vector<std::uint16_t>{0x7ABC});
  EXPECT_EQ(h.server.allocation_count(), 0u);
}

TEST(TurnServerAllocate, UnknownComprehensionOptionalAttributeIsIgnored) {
  Harness h;
  h.learn_nonce();
  Message m = h.allocate_request();
  m.attributes.push_back(stun::RawAttribute{0xFABC, {1, 2, 3, 4}});
  EXPECT_TRUE(h.ask_signed(m).ok());
}

TEST(TurnServerAllocate, DontFragmentAcceptedWhenSupported) {
  Harness h;
  h.learn_nonce();
  Message m = h.allocate_request();
  m.add(stun::DontFragment{});
  EXPECT_TRUE(h.ask_signed(m).ok());
}

TEST(TurnServerAllocate, DontFragmentUnsupportedGets420) {
  TurnServerConfig c = test_config();
  c.dont_fragment_supported = false;
  Harness h(c);
  h.learn_nonce();
  Message m = h.allocate_request();
  m.add(stun::DontFragment{});
  Reply r = h.ask_signed(m);
  EXPECT_EQ(r.code(), 420);
  ASSERT_TRUE(r.msg.get<stun::UnknownAttributes>());
  EXPECT_EQ(r.msg.get<stun::UnknownAttributes>()->types,
            std::vector<std::uint16_t>{stun::attr::DontFragment});
}

TEST(TurnServerAllocate, QuotaPerUsernameGets486) {
  TurnServerConfig c = test_config();
  c.max_allocations_per_user = 2;
  Harness h(c);
  h.allocated(kClient);
  h.allocated(kClient2);
  const Endpoint third{kClient.address, 40002};
  EXPECT_EQ(h.allocate(third).code(), 486);
  // The quota is per username, not per client address (RFC 5766 6.2 step 7).
  h.user = "bob";
  h.password = "hunter2";
  EXPECT_TRUE(h.allocate(third).ok());
}

TEST(TurnServerAllocate, QuotaFreesWhenAnAllocationIsDeleted) {
  TurnServerConfig c = test_config();
  c.max_allocations_per_user = 1;
  Harness h(c);
  h.allocated(kClient);
  EXPECT_EQ(h.allocate(kClient2).code(), 486);
  EXPECT_TRUE(h.refresh(0, kClient).ok());
  EXPECT_TRUE(h.allocate(kClient2).ok());
}

TEST(TurnServerAllocate, RelayPortRangeExhaustedGets508) {
  TurnServerConfig c = test_config();
  c.relay_port_min = 50000;
  c.relay_port_max = 50001;
  Harness h(c);
  std::set<std::uint16_t> ports;
  for (std::uint16_t i = 0; i < 2; ++i) ports.insert(h.allocated(Endpoint{kClient.address, static_cast<std::uint16_t>(41000 + i)}).port);
  EXPECT_EQ(ports, (std::set<std::uint16_t>{50000, 50001}));
  EXPECT_EQ(h.allocate(Endpoint{kClient.address, 41002}).code(), 508);
  EXPECT_EQ(h.server.counters().errors(508), 1u);
}

TEST(TurnServerAllocate, MaxAllocationsGets508) {
  TurnServerConfig c = test_config();
  c.max_allocations = 1;
  Harness h(c);
  h.allocated(kClient);
  h.user = "bob";
  h.password = "hunter2";
  EXPECT_EQ(h.allocate(kClient2).code(), 508);
}

TEST(TurnServerAllocate, RelayPortsAreDeterministicForASeedAndInRange) {
  auto ports = [](std::uint64_t seed) {
    TurnServerConfig c = test_config();
    c.relay_port_min = 60000;
    c.relay_port_max = 60999;
    Harness h(c, seed);
    std::vector<std::uint16_t> out;
    for (std::uint16_t i = 0; i < 5; ++i) out.push_back(h.allocated(Endpoint{kClient.address, static_cast<std::uint16_t>(42000 + i)}).port);
    return out;
  };
  const auto a = ports(7);
  EXPECT_EQ(a, ports(7));
  EXPECT_NE(a, ports(8));
  for (auto p : a) {
    EXPECT_GE(p, 60000);
    EXPECT_LE(p, 60999);
  }
  EXPECT_EQ(std::set<std::uint16_t>(a.begin(), a.end()).size(), a.size());
}

TEST(TurnServerAllocate, CreatedEventAndLocalEndpoints) {
  Harness h;
  const Endpoint relayed = h.allocated();
  auto ev = h.events();
  ASSERT_EQ(ev.size(), 1u);
  auto* created = std::get_if<AllocationCreated>(&ev[0]);
  ASSERT_NE(created, nullptr);
  EXPECT_EQ(created->relayed, relayed);
  EXPECT_EQ(created->tuple, (FiveTuple{kClient, kServer}));
  EXPECT_EQ(created->username, "alice");
  EXPECT_EQ(created->expiry, Time{600s});
  EXPECT_EQ(h.server.local_endpoints(), (std::vector<Endpoint>{kServer, relayed}));
}

TEST(TurnServerAllocate, OtherRequestMethodGets400) {
  Harness h;
  EXPECT_EQ(h.ask(h.request(Method::Send)).code(), 400);
}

}  // namespace
}  // namespace natlab::turn::testing
