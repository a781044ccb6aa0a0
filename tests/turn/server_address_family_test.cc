// TurnServer: RFC 6156 REQUESTED-ADDRESS-FAMILY in Allocate, when
// TurnServerConfig::requested_address_family is on (natlab-turnd), and 420
// when it is off (the RFC 5766 default).
#include "agents/turn/requested_address_family.h"
#include "tests/turn/server_test_util.h"

namespace natlab::turn::testing {
namespace {

Message allocate_with_family(Harness& h, std::uint8_t family, std::size_t size = 4) {
  Message m = h.allocate_request();
  std::vector<std::uint8_t> value(size, 0);
  if (size > 0) value[0] = family;
  m.attributes.push_back(stun::RawAttribute{kRequestedAddressFamily, value});
  return m;
}

TurnServerConfig with_family() {
  TurnServerConfig c = test_config();
  c.requested_address_family = true;
  return c;
}

TEST(TurnServerAddressFamily, OffMeansUnknownAttribute420) {
  Harness h;
  h.learn_nonce();
  Reply r = h.ask_signed(allocate_with_family(h, 0x01));
  EXPECT_EQ(r.code(), 420);
  auto unknown = r.msg.get<stun::UnknownAttributes>();
  ASSERT_TRUE(unknown);
  EXPECT_EQ(unknown->types, std::vector<std::uint16_t>{kRequestedAddressFamily});
}

TEST(TurnServerAddressFamily, TheRelaysFamilyIsGranted) {
  Harness h(with_family());
  h.learn_nonce();
  Reply r = h.ask_signed(allocate_with_family(h, 0x01));
  ASSERT_TRUE(r.ok()) << r.code();
  EXPECT_EQ(r.msg.get<stun::XorRelayedAddress>()->endpoint.address, kRelayIp);
}

TEST(TurnServerAddressFamily, OtherFamilyGets440) {
  Harness h(with_family());
  h.learn_nonce();
  EXPECT_EQ(h.ask_signed(allocate_with_family(h, 0x02)).code(), 440);
  EXPECT_EQ(h.ask_signed(allocate_with_family(h, 0x07)).code(), 440);
  EXPECT_EQ(h.server.allocation_count(), 0u);
}

TEST(TurnServerAddressFamily, MalformedOrWithReservationTokenGets400) {
  Harness h(with_family());
  h.learn_nonce();
  EXPECT_EQ(h.ask_signed(allocate_with_family(h, 0x01, 2)).code(), 400);
  Message m = allocate_with_family(h, 0x01);
  m.add(stun::ReservationToken{{1, 2, 3, 4, 5, 6, 7, 8}});
  EXPECT_EQ(h.ask_signed(m).code(), 400);
}

TEST(TurnServerAddressFamily, OnlyInAllocate) {
  Harness h(with_family());
  h.allocated();
  Message m = h.request(Method::Refresh);
  m.attributes.push_back(stun::RawAttribute{kRequestedAddressFamily, {0x01, 0, 0, 0}});
  EXPECT_EQ(h.ask_signed(m).code(), 420);
}

}  // namespace
}  // namespace natlab::turn::testing
