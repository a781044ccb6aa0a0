// TurnServer: EVEN-PORT and RESERVATION-TOKEN (RFC 5766 6.2, 14.6, 14.9).
#include <algorithm>

#include "tests/turn/server_test_util.h"

namespace natlab::turn::testing {
namespace {

Reply allocate_even(Harness& h, bool reserve, const Endpoint& from = kClient) {
  if (h.nonce.empty()) h.learn_nonce(from);
  Message m = h.allocate_request();
  m.add(stun::EvenPort{reserve});
  return h.ask_signed(m, from);
}

Reply allocate_with_token(Harness& h, const stun::ReservationToken& t, const Endpoint& from) {
  if (h.nonce.empty()) h.learn_nonce(from);
  Message m = h.allocate_request();
  m.add(t);
  return h.ask_signed(m, from);
}

TEST(TurnServerReservation, EvenPortGivesAnEvenPort) {
  for (std::uint64_t seed = 1; seed <= 8; ++seed) {
    Harness h(test_config(), seed);
    Reply r = allocate_even(h, false);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r.msg.get<stun::XorRelayedAddress>()->endpoint.port % 2, 0);
    EXPECT_FALSE(r.msg.get<stun::ReservationToken>());
  }
}

TEST(TurnServerReservation, ReserveBitHoldsTheNextPortForTheToken) {
  Harness h;
  Reply r = allocate_even(h, true);
  ASSERT_TRUE(r.ok());
  const std::uint16_t n = r.msg.get<stun::XorRelayedAddress>()->endpoint.port;
  EXPECT_EQ(n % 2, 0);
  auto token = r.msg.get<stun::ReservationToken>();
  ASSERT_TRUE(token);
  // Any 5-tuple may redeem it (RFC 5766 6.2: a server-wide reservation).
  Reply second = allocate_with_token(h, *token, kClient2);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second.msg.get<stun::XorRelayedAddress>()->endpoint, (Endpoint{kRelayIp, static_cast<std::uint16_t>(n + 1)}));
  // Used once only.
  EXPECT_EQ(allocate_with_token(h, *token, Endpoint{kClient.address, 40100}).code(), 508);
}

TEST(TurnServerReservation, ReservedPortIsNotHandedToOthers) {
  TurnServerConfig c = test_config();
  c.relay_port_min = 50000;
  c.relay_port_max = 50002;
  Harness h(c);
  Reply r = allocate_even(h, true);  // 50000 taken, 50001 reserved
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r.msg.get<stun::XorRelayedAddress>()->endpoint.port, 50000);
  EXPECT_EQ(h.allocated(kClient2).port, 50002);
  EXPECT_EQ(h.allocate(Endpoint{kClient.address, 40100}).code(), 508);
}

TEST(TurnServerReservation, TokenWithEvenPortGets400) {
  Harness h;
  Reply r = allocate_even(h, true);
  auto token = r.msg.get<stun::ReservationToken>();
  ASSERT_TRUE(token);
  Message m = h.allocate_request();
  m.add(*token);
  m.add(stun::EvenPort{false});
  EXPECT_EQ(h.ask_signed(m, kClient2).code(), 400);
}

TEST(TurnServerReservation, UnknownTokenGets508) {
  Harness h;
  stun::ReservationToken t;
  t.token = {1, 2, 3, 4, 5, 6, 7, 8};
  EXPECT_EQ(allocate_with_token(h, t, kClient).code(), 508);
}

TEST(TurnServerReservation, ReservationIsHeld30Seconds) {
  Harness h;
  Reply r = allocate_even(h, true);
  auto token = r.msg.get<stun::ReservationToken>();
  ASSERT_TRUE(token);
  h.advance_to(30s);
  EXPECT_EQ(allocate_with_token(h, *token, kClient2).code(), 508);
}

TEST(TurnServerReservation, ReservationRedeemableJustBefore30Seconds) {
  Harness h;
  Reply r = allocate_even(h, true);
  auto token = r.msg.get<stun::ReservationToken>();
  ASSERT_TRUE(token);
  h.advance_to(30s - 1ns);
  EXPECT_TRUE(allocate_with_token(h, *token, kClient2).ok());
}

TEST(TurnServerReservation, PairWithARefusedHalfIsSkipped) {
  // On a real host another process may hold N+1: the pair is not granted
  // with a token for a port the server cannot relay on.
  TurnServerConfig c = test_config();
  c.relay_port_min = 50000;
  c.relay_port_max = 50003;
  c.relay_port_usable = [](const Endpoint& ep) { return ep.port != 50001; };
  for (std::uint64_t seed = 1; seed <= 4; ++seed) {
    Harness h(c, seed);
    Reply r = allocate_even(h, true);
    ASSERT_TRUE(r.ok()) << seed;
    EXPECT_EQ(r.msg.get<stun::XorRelayedAddress>()->endpoint.port, 50002) << seed;
    auto token = r.msg.get<stun::ReservationToken>();
    ASSERT_TRUE(token);
    EXPECT_EQ(allocate_with_token(h, *token, kClient2).msg.get<stun::XorRelayedAddress>()->endpoint.port, 50003);
    // The refused pair went back: 50000 (without R) is free again.
    EXPECT_EQ(allocate_even(h, false, Endpoint{kClient.address, 40100}).msg.get<stun::XorRelayedAddress>()->endpoint.port,
              50000);
  }
}

TEST(TurnServerReservation, ReservedPortIsALocalEndpointUntilItLapses) {
  Harness h;
  const std::uint64_t before = h.server.endpoints_version();
  Reply r = allocate_even(h, true);
  ASSERT_TRUE(r.ok());
  const Endpoint reserved{kRelayIp, static_cast<std::uint16_t>(r.msg.get<stun::XorRelayedAddress>()->endpoint.port + 1)};
  auto has = [&](const Endpoint& ep) {
    const auto all = h.server.local_endpoints();
    return std::find(all.begin(), all.end(), ep) != all.end();
  };
  EXPECT_TRUE(has(reserved));
  const std::uint64_t with_reservation = h.server.endpoints_version();
  EXPECT_NE(with_reservation, before);
  h.advance_to(30s);
  EXPECT_FALSE(has(reserved));
  EXPECT_NE(h.server.endpoints_version(), with_reservation);
}

TEST(TurnServerReservation, NoEvenPortPairGets508) {
  TurnServerConfig c = test_config();
  c.relay_port_min = 50001;  // odd..even: the only even port has no N+1
  c.relay_port_max = 50002;
  Harness h(c);
  EXPECT_EQ(allocate_even(h, true).code(), 508);
  // Without R the even port is fine.
  EXPECT_TRUE(allocate_even(h, false).ok());
}

TEST(TurnServerReservation, NoEvenPortGets508) {
  TurnServerConfig c = test_config();
  c.relay_port_min = 50001;
  c.relay_port_max = 50001;
  Harness h(c);
  EXPECT_EQ(allocate_even(h, false).code(), 508);
}

TEST(TurnServerReservation, RetransmittedAllocateRepeatsTheToken) {
  Harness h;
  h.learn_nonce();
  Message m = h.allocate_request();
  m.add(stun::EvenPort{true});
  const auto bytes = h.sign(m);
  Reply first = h.ask(bytes);
  ASSERT_TRUE(first.msg.get<stun::ReservationToken>());
  Reply again = h.ask(bytes);
  EXPECT_EQ(again.msg.get<stun::ReservationToken>(), first.msg.get<stun::ReservationToken>());
}

}  // namespace
}  // namespace natlab::turn::testing
