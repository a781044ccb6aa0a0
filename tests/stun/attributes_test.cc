// Every typed attribute: value bytes, round trip, and malformed values.
#include <gtest/gtest.h>

#include <string>

#include "agents/stun/attributes.h"

namespace natlab::stun {
namespace {

using Bytes = std::vector<std::uint8_t>;
const TransactionId kTid = {0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6, 0x86, 0xfa, 0x87, 0xdf, 0xae};

template <class A>
void expect_round_trip(const A& a) {
  const Bytes v = a.encode_value(kTid);
  EXPECT_TRUE(attribute_value_valid(A::kType, v, kTid));
  auto back = A::decode_value(v, kTid);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, a);
  // Through a whole message too.
  Message m;
  m.transaction_id = kTid;
  m.add(a);
  auto d = decode(encode(m));
  ASSERT_TRUE(d);
  EXPECT_EQ(d.message->template get<A>(), a);
}

template <class A>
void expect_rejected(const Bytes& v) {
  EXPECT_FALSE(A::decode_value(v, kTid).has_value()) << attribute_name(A::kType) << " size " << v.size();
  EXPECT_FALSE(attribute_value_valid(A::kType, v, kTid)) << attribute_name(A::kType);
  Message m;
  m.attributes.push_back(RawAttribute{A::kType, v});
  auto d = decode(encode(m));
  EXPECT_FALSE(d);
  EXPECT_EQ(d.error, DecodeError::BadAttributeValue);
}

Endpoint ep(const char* s) { return *Endpoint::parse(s); }

TEST(StunAttributes, XorMappedAddressIpv4Bytes) {
  // RFC 5389 15.2: port ^ 0x2112, address ^ 0x2112A442.
  const Bytes v = XorMappedAddress{ep("1.2.3.4:5")}.encode_value(kTid);
  EXPECT_EQ(v, (Bytes{0x00, 0x01, 0x21, 0x17, 0x20, 0x10, 0xA7, 0x46}));
  const Bytes plain = MappedAddress{ep("1.2.3.4:5")}.encode_value(kTid);
  EXPECT_EQ(plain, (Bytes{0x00, 0x01, 0x00, 0x05, 0x01, 0x02, 0x03, 0x04}));
}

TEST(StunAttributes, XorMappedAddressIpv6Bytes) {
  // RFC 5389 15.2: IPv6 XOR cookie || transaction ID.
  const Bytes v = XorMappedAddress{ep("[::]:0")}.encode_value(kTid);
  EXPECT_EQ(v, (Bytes{0x00, 0x02, 0x21, 0x12, 0x21, 0x12, 0xA4, 0x42, 0xb7, 0xe7, 0xa7, 0x01, 0xbc, 0x34, 0xd6,
                      0x86, 0xfa, 0x87, 0xdf, 0xae}));
}

TEST(StunAttributes, AddressesRoundTrip) {
  for (const char* s : {"192.0.2.1:32853", "0.0.0.0:0", "255.255.255.255:65535", "[2001:db8::1]:3478",
                        "[::ffff:1.2.3.4]:1"}) {
    expect_round_trip(MappedAddress{ep(s)});
    expect_round_trip(XorMappedAddress{ep(s)});
    expect_round_trip(XorPeerAddress{ep(s)});
    expect_round_trip(XorRelayedAddress{ep(s)});
    expect_round_trip(AlternateServer{ep(s)});
    expect_round_trip(ResponseOrigin{ep(s)});
    expect_round_trip(OtherAddress{ep(s)});
  }
}

TEST(StunAttributes, XorDependsOnTransactionId) {
  const auto v = XorMappedAddress{ep("[2001:db8::1]:3478")}.encode_value(kTid);
  TransactionId other = kTid;
  other[11] ^= 1;
  EXPECT_NE(XorMappedAddress::decode_value(v, other)->endpoint, ep("[2001:db8::1]:3478"));
}

TEST(StunAttributes, AddressesMalformed) {
  expect_rejected<MappedAddress>({});
  expect_rejected<MappedAddress>({0, 1, 0, 5, 1, 2, 3});                 // IPv4 too short
  expect_rejected<MappedAddress>({0, 1, 0, 5, 1, 2, 3, 4, 0, 0, 0, 0});  // IPv4 too long
  expect_rejected<XorMappedAddress>({0, 3, 0, 5, 1, 2, 3, 4});           // family 3
  expect_rejected<XorMappedAddress>({0, 0, 0, 5, 1, 2, 3, 4});           // family 0
  expect_rejected<XorPeerAddress>({0, 2, 0, 5, 1, 2, 3, 4});  // IPv6 family, 4 bytes
  expect_rejected<XorRelayedAddress>(Bytes{0, 1, 0, 5, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
  expect_rejected<OtherAddress>({0, 1});
  expect_rejected<ResponseOrigin>({0, 2, 0, 5});
  expect_rejected<AlternateServer>({0, 7, 0, 5, 1, 2, 3, 4});
  // The reserved first byte is ignored (RFC 5389 15.1).
  EXPECT_TRUE(MappedAddress::decode_value(Bytes{0xFF, 1, 0, 5, 1, 2, 3, 4}, kTid).has_value());
}

TEST(StunAttributes, TextRoundTripAndLimits) {
  expect_round_trip(Username{"evtj:h6vY"});
  expect_round_trip(Username{""});
  expect_round_trip(Username{std::string(512, 'u')});
  expect_round_trip(Realm{"example.org"});
  expect_round_trip(Nonce{std::string(127, 'n')});
  expect_round_trip(Software{"\xE3\x83\x9E natlab"});
  // 127 four-byte characters: 508 bytes, still within the character limit.
  std::string wide;
  for (int i = 0; i < 127; ++i) wide += "\xF0\x9F\x98\x80";
  expect_round_trip(Realm{wide});

  expect_rejected<Username>(Bytes(513, 'u'));  // RFC 5389 15.3: < 513 bytes
  expect_rejected<Realm>(Bytes(128, 'r'));     // RFC 5389 15.7: < 128 characters
  expect_rejected<Nonce>(Bytes(128, 'n'));     // 15.8
  expect_rejected<Software>(Bytes(128, 's'));  // 15.10
  wide += "x";  // 128 characters, 509 bytes
  expect_rejected<Realm>(Bytes(wide.begin(), wide.end()));
}

TEST(StunAttributes, TextMustBeUtf8) {
  expect_rejected<Username>({0xFF});
  expect_rejected<Username>({'a', 0xC3});                    // truncated sequence
  expect_rejected<Realm>({0xC0, 0xAF});                      // overlong '/'
  expect_rejected<Nonce>({0xED, 0xA0, 0x80});                // surrogate U+D800
  expect_rejected<Software>({0xF4, 0x90, 0x80, 0x80});       // above U+10FFFF
  expect_rejected<Software>({0xE3, 0x83});                   // cut short
  EXPECT_TRUE(Username::decode_value(Bytes{0xF4, 0x8F, 0xBF, 0xBF}, kTid).has_value());  // U+10FFFF
}

TEST(StunAttributes, ErrorCode) {
  const Bytes v = ErrorCode{401, "Unauthorized"}.encode_value(kTid);
  EXPECT_EQ(Bytes(v.begin(), v.begin() + 4), (Bytes{0, 0, 4, 1}));
  for (int code : {300, 399, 400, 420, 438, 487, 500, 508, 699})
    expect_round_trip(ErrorCode{code, "reason"});
  expect_round_trip(ErrorCode{400, ""});
  expect_rejected<ErrorCode>({0, 0, 4});           // too short
  expect_rejected<ErrorCode>({0, 0, 2, 0});        // class 2
  expect_rejected<ErrorCode>({0, 0, 7, 0});        // class 7
  expect_rejected<ErrorCode>({0, 0, 0, 0});        // class 0
  expect_rejected<ErrorCode>({0, 0, 4, 100});      // number 100
  expect_rejected<ErrorCode>({0, 0, 4, 0, 0xFF});  // reason not UTF-8
  Bytes long_reason = {0, 0, 4, 0};
  long_reason.insert(long_reason.end(), 128, 'x');  // RFC 5389 15.6: < 128 characters
  expect_rejected<ErrorCode>(long_reason);
  EXPECT_EQ(ErrorCode::decode_value(Bytes{0xFF, 0xFF, 0xFC, 99}, kTid)->code, 499);  // reserved bits ignored
}

TEST(StunAttributes, UnknownAttributesList) {
  expect_round_trip(UnknownAttributes{{0x7777, 0x0001, 0xFFFF}});
  expect_round_trip(UnknownAttributes{{0x1234}});  // 2 bytes, padded
  expect_rejected<UnknownAttributes>({0x77});
  expect_rejected<UnknownAttributes>({0x77, 0x77, 0x01});
}

TEST(StunAttributes, TurnAttributes) {
  expect_round_trip(ChannelNumber{0x4000});
  expect_round_trip(ChannelNumber{0x7FFF});
  EXPECT_EQ(ChannelNumber{0x4001}.encode_value(kTid), (Bytes{0x40, 0x01, 0, 0}));
  expect_rejected<ChannelNumber>({0x40, 0x01});
  expect_round_trip(Lifetime{600});
  expect_round_trip(Lifetime{0xFFFFFFFF});
  expect_rejected<Lifetime>({0, 0, 2});
  expect_round_trip(DataAttr{{}});
  expect_round_trip(DataAttr{{1, 2, 3, 4, 5}});
  expect_round_trip(EvenPort{true});
  expect_round_trip(EvenPort{false});
  EXPECT_EQ(EvenPort{true}.encode_value(kTid), Bytes{0x80});
  expect_rejected<EvenPort>({});
  expect_rejected<EvenPort>({0x80, 0, 0, 0});
  expect_round_trip(RequestedTransport{17});
  EXPECT_EQ(RequestedTransport{17}.encode_value(kTid), (Bytes{17, 0, 0, 0}));
  expect_rejected<RequestedTransport>({17});
  expect_round_trip(DontFragment{});
  expect_rejected<DontFragment>({0});
  expect_round_trip(ReservationToken{{1, 2, 3, 4, 5, 6, 7, 8}});
  expect_rejected<ReservationToken>({1, 2, 3, 4});
}

TEST(StunAttributes, IceAttributes) {
  expect_round_trip(Priority{0x6e0001ff});
  EXPECT_EQ(Priority{0x01020304}.encode_value(kTid), (Bytes{1, 2, 3, 4}));
  expect_rejected<Priority>({1, 2, 3, 4, 5, 6, 7, 8});
  expect_round_trip(UseCandidate{});
  expect_rejected<UseCandidate>({0, 0, 0, 0});
  expect_round_trip(IceControlled{0x932ff9b151263b36});
  expect_round_trip(IceControlling{0xFFFFFFFFFFFFFFFF});
  EXPECT_EQ(IceControlling{0x0102030405060708}.encode_value(kTid), (Bytes{1, 2, 3, 4, 5, 6, 7, 8}));
  expect_rejected<IceControlled>({1, 2, 3, 4});
  expect_rejected<IceControlling>({1, 2, 3, 4, 5, 6, 7, 8, 9});
}

TEST(StunAttributes, Rfc5780Attributes) {
  for (bool ip : {false, true})
    for (bool port : {false, true}) expect_round_trip(ChangeRequest{ip, port});
  EXPECT_EQ((ChangeRequest{true, false}.encode_value(kTid)), (Bytes{0, 0, 0, 4}));
  EXPECT_EQ((ChangeRequest{false, true}.encode_value(kTid)), (Bytes{0, 0, 0, 2}));
  expect_rejected<ChangeRequest>({6});
  expect_round_trip(Padding{Bytes(13, 0xEE)});
  expect_round_trip(ResponsePort{3479});
  EXPECT_EQ(ResponsePort{0x1234}.encode_value(kTid), (Bytes{0x12, 0x34, 0, 0}));
  expect_rejected<ResponsePort>({0x12, 0x34});
}

TEST(StunAttributes, Names) {
  EXPECT_EQ(attribute_name(attr::XorMappedAddress), "XOR-MAPPED-ADDRESS");
  EXPECT_EQ(attribute_name(attr::IceControlling), "ICE-CONTROLLING");
  EXPECT_EQ(attribute_name(0x7777), "0x7777");
  for (std::uint16_t t : {attr::MappedAddress, attr::Username, attr::MessageIntegrity, attr::ErrorCode,
                          attr::UnknownAttributes, attr::Realm, attr::Nonce, attr::XorMappedAddress, attr::Software,
                          attr::AlternateServer, attr::Fingerprint, attr::ChannelNumber, attr::Lifetime,
                          attr::XorPeerAddress, attr::Data, attr::XorRelayedAddress, attr::EvenPort,
                          attr::RequestedTransport, attr::DontFragment, attr::ReservationToken, attr::Priority,
                          attr::UseCandidate, attr::IceControlled, attr::IceControlling, attr::ChangeRequest,
                          attr::Padding, attr::ResponsePort, attr::ResponseOrigin, attr::OtherAddress}) {
    EXPECT_TRUE(is_known_attribute(t)) << t;
    EXPECT_NE(attribute_name(t).rfind("0x", 0), 0u) << t;
  }
  EXPECT_FALSE(is_known_attribute(0x0002));  // RFC 3489 RESPONSE-ADDRESS: not ours
}

}  // namespace
}  // namespace natlab::stun
