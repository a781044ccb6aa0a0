// StunServer: Binding answers (RFC 5389) and the RFC 5780 source selection.
#include "agents/stun/server.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <ostream>
#include <string>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"

namespace natlab::stun {
namespace {

const IpAddress kIpA = IpAddress::v4(0xC0000201);      // 192.0.2.1, primary
const IpAddress kIpB = IpAddress::v4(0xC0000202);      // 192.0.2.2, alternate
const Endpoint kPrimary{kIpA, 3478};                   // Da:Dp
const Endpoint kClient{IpAddress::v4(0xCB007105), 40000};  // 203.0.113.5

ServerConfig full_config() {
  ServerConfig c;
  c.primary = kPrimary;
  c.alternate_ip = kIpB;
  c.alternate_port = 3479;
  c.software = "natlab-test";
  return c;
}

Message request(std::uint16_t method = static_cast<std::uint16_t>(Method::Binding)) {
  Message m;
  m.cls = Class::Request;
  m.method = method;
  for (std::size_t i = 0; i < m.transaction_id.size(); ++i)
    m.transaction_id[i] = static_cast<std::uint8_t>(0xA0 + i);
  return m;
}

struct Answer {
  Transmit tx;
  Message msg;
};

// Sends one datagram; expects exactly one answer.
Answer ask(StunServer& s, const std::vector<std::uint8_t>& bytes, const Endpoint& local = kPrimary,
           const Endpoint& remote = kClient) {
  s.handle_datagram(Time{}, local, remote, bytes);
  auto tx = s.poll_transmit();
  EXPECT_TRUE(tx.has_value());
  if (!tx) return {};
  EXPECT_FALSE(s.poll_transmit().has_value()) << "one request, one answer";
  auto d = decode(tx->bytes);
  EXPECT_TRUE(d) << "server sent undecodable bytes";
  if (!d) return {*tx, {}};
  return {*tx, *d.message};
}

Answer ask(StunServer& s, const Message& m, const Endpoint& local = kPrimary) {
  return ask(s, encode(m), local);
}

TEST(StunServer, BindingSuccessCarriesMappedAddressSoftwareAndFingerprint) {
  StunServer s(full_config());
  Message req = request();
  Answer a = ask(s, req);
  EXPECT_EQ(a.tx.local, kPrimary);
  EXPECT_EQ(a.tx.remote, kClient);
  EXPECT_EQ(a.msg.cls, Class::Success);
  EXPECT_EQ(a.msg.method_enum(), Method::Binding);
  EXPECT_EQ(a.msg.transaction_id, req.transaction_id);
  ASSERT_TRUE(a.msg.get<XorMappedAddress>());
  EXPECT_EQ(a.msg.get<XorMappedAddress>()->endpoint, kClient);
  ASSERT_TRUE(a.msg.get<MappedAddress>());
  EXPECT_EQ(a.msg.get<MappedAddress>()->endpoint, kClient);
  ASSERT_TRUE(a.msg.get<Software>());
  EXPECT_EQ(a.msg.get<Software>()->value, "natlab-test");
  EXPECT_EQ(check_fingerprint(a.tx.bytes), FingerprintCheck::Valid);
  ASSERT_FALSE(a.msg.attributes.empty());
  EXPECT_EQ(a.msg.attributes.back().type, attr::Fingerprint);  // RFC 5389 15.5: last
  EXPECT_EQ(s.counters().success_responses, 1u);
}

TEST(StunServer, ReportsIpv6SourcesToo) {
  ServerConfig c;
  c.primary = Endpoint{*IpAddress::parse("2001:db8::1"), 3478};
  StunServer s(c);
  const Endpoint client{*IpAddress::parse("2001:db8::99"), 50000};
  Answer a = ask(s, encode(request()), c.primary, client);
  ASSERT_TRUE(a.msg.get<XorMappedAddress>());
  EXPECT_EQ(a.msg.get<XorMappedAddress>()->endpoint, client);
}

TEST(StunServer, OtherAddressAndResponseOriginOnPrimary) {
  StunServer s(full_config());
  Answer a = ask(s, request());
  ASSERT_TRUE(a.msg.get<OtherAddress>());
  EXPECT_EQ(a.msg.get<OtherAddress>()->endpoint, (Endpoint{kIpB, 3479}));
  ASSERT_TRUE(a.msg.get<ResponseOrigin>());
  EXPECT_EQ(a.msg.get<ResponseOrigin>()->endpoint, kPrimary);
}

struct ChangeCase {
  Endpoint arrived_on;
  bool change_ip, change_port;
  Endpoint expected_from;
  Endpoint expected_other;
};
void PrintTo(const ChangeCase& c, std::ostream* os) {
  *os << "on " << c.arrived_on.to_string() << (c.change_ip ? " change-ip" : "")
      << (c.change_port ? " change-port" : "") << " -> from " << c.expected_from.to_string();
}

class StunServerChangeRequest : public ::testing::TestWithParam<ChangeCase> {};

// RFC 5780 6.1, table 1, from each of the four sockets.
TEST_P(StunServerChangeRequest, AnswersFromTheRequestedSocket) {
  const ChangeCase& c = GetParam();
  StunServer s(full_config());
  Message req = request();
  req.add(ChangeRequest{c.change_ip, c.change_port});
  Answer a = ask(s, req, c.arrived_on);
  EXPECT_EQ(a.msg.cls, Class::Success);
  EXPECT_EQ(a.tx.local, c.expected_from);
  EXPECT_EQ(a.tx.remote, kClient);
  ASSERT_TRUE(a.msg.get<ResponseOrigin>());
  EXPECT_EQ(a.msg.get<ResponseOrigin>()->endpoint, c.expected_from);
  ASSERT_TRUE(a.msg.get<OtherAddress>());
  EXPECT_EQ(a.msg.get<OtherAddress>()->endpoint, c.expected_other);
  EXPECT_EQ(a.msg.get<XorMappedAddress>()->endpoint, kClient);
}

const Endpoint kAA{kIpA, 3478}, kAB{kIpA, 3479}, kBA{kIpB, 3478}, kBB{kIpB, 3479};
INSTANTIATE_TEST_SUITE_P(
    Table1, StunServerChangeRequest,
    ::testing::Values(ChangeCase{kAA, false, false, kAA, kBB}, ChangeCase{kAA, true, false, kBA, kBB},
                      ChangeCase{kAA, false, true, kAB, kBB}, ChangeCase{kAA, true, true, kBB, kBB},
                      ChangeCase{kBB, false, false, kBB, kAA}, ChangeCase{kBB, true, false, kAB, kAA},
                      ChangeCase{kBB, false, true, kBA, kAA}, ChangeCase{kBB, true, true, kAA, kAA},
                      ChangeCase{kBA, true, true, kAB, kAB}, ChangeCase{kAB, true, false, kBB, kBA}),
    [](const ::testing::TestParamInfo<ChangeCase>& param_info) {
      const ChangeCase& c = param_info.param;
      std::string on = std::string(c.arrived_on.address == kIpA ? "IpA" : "IpB") +
                       (c.arrived_on.port == 3478 ? "PortA" : "PortB");
      return "On" + on + (c.change_ip ? "_ChangeIp" : "") + (c.change_port ? "_ChangePort" : "") +
             (!c.change_ip && !c.change_port ? "_NoChange" : "");
    });

TEST(StunServer, ListsTheFourSocketsItNeeds) {
  StunServer s(full_config());
  auto eps = s.local_endpoints();
  EXPECT_EQ(eps.size(), 4u);
  for (const auto& e : {kAA, kAB, kBA, kBB})
    EXPECT_NE(std::find(eps.begin(), eps.end(), e), eps.end()) << e.to_string();
  ServerConfig plain;
  plain.primary = kPrimary;
  EXPECT_EQ(StunServer(plain).local_endpoints(), std::vector<Endpoint>{kPrimary});
}

TEST(StunServer, ResponsePortRedirectsTheAnswer) {
  StunServer s(full_config());
  Message req = request();
  req.add(ResponsePort{45678});
  Answer a = ask(s, req);
  EXPECT_EQ(a.tx.remote, (Endpoint{kClient.address, 45678}));
  EXPECT_EQ(a.msg.get<XorMappedAddress>()->endpoint, kClient);  // still the real source
}

TEST(StunServer, WithoutAlternateHasNoOtherAddressAndRefusesChangeRequestWith420) {
  ServerConfig c;
  c.primary = kPrimary;
  StunServer s(c);
  EXPECT_FALSE(s.discovery_capable());
  Answer plain = ask(s, request());
  EXPECT_EQ(plain.msg.cls, Class::Success);
  EXPECT_FALSE(plain.msg.get<OtherAddress>());  // RFC 5780 6: MUST NOT

  Message req = request();
  req.add(ChangeRequest{false, false});  // even with no flag set
  Answer a = ask(s, req);
  EXPECT_EQ(a.msg.cls, Class::Error);
  EXPECT_EQ(a.tx.local, kPrimary);
  ASSERT_TRUE(a.msg.get<ErrorCode>());
  EXPECT_EQ(a.msg.get<ErrorCode>()->code, 420);
  ASSERT_TRUE(a.msg.get<UnknownAttributes>());
  EXPECT_EQ(a.msg.get<UnknownAttributes>()->types, std::vector<std::uint16_t>{attr::ChangeRequest});
}

TEST(StunServer, OnlyAlternateIpIsNotEnoughForChangeRequest) {
  ServerConfig c = full_config();
  c.alternate_port.reset();
  StunServer s(c);
  Message req = request();
  req.add(ChangeRequest{true, false});
  Answer a = ask(s, req);
  ASSERT_TRUE(a.msg.get<ErrorCode>());
  EXPECT_EQ(a.msg.get<ErrorCode>()->code, 420);
}

TEST(StunServer, UnknownComprehensionRequiredAttributeGets420) {
  StunServer s(full_config());
  Message req = request();
  req.attributes.push_back(RawAttribute{0x7F01, {1, 2, 3, 4}});
  req.attributes.push_back(RawAttribute{0xC001, {9}});       // optional: ignored
  req.attributes.push_back(RawAttribute{0x7F02, {}});
  req.attributes.push_back(RawAttribute{0x7F01, {5, 6, 7, 8}});  // listed once
  Answer a = ask(s, req);
  EXPECT_EQ(a.msg.cls, Class::Error);
  EXPECT_EQ(a.msg.transaction_id, req.transaction_id);
  EXPECT_EQ(a.tx.remote, kClient);
  ASSERT_TRUE(a.msg.get<ErrorCode>());
  EXPECT_EQ(a.msg.get<ErrorCode>()->code, 420);
  ASSERT_TRUE(a.msg.get<UnknownAttributes>());
  EXPECT_EQ(a.msg.get<UnknownAttributes>()->types, (std::vector<std::uint16_t>{0x7F01, 0x7F02}));
  EXPECT_FALSE(a.msg.get<XorMappedAddress>());
  EXPECT_EQ(check_fingerprint(a.tx.bytes), FingerprintCheck::Valid);
  EXPECT_EQ(s.counters().error_responses, 1u);
}

TEST(StunServer, UnknownComprehensionOptionalAttributeIsIgnored) {
  StunServer s(full_config());
  Message req = request();
  req.attributes.push_back(RawAttribute{0xC001, {9, 9, 9, 9}});
  Answer a = ask(s, req);
  EXPECT_EQ(a.msg.cls, Class::Success);
}

TEST(StunServer, RequestWithFingerprintIsAnswered) {
  StunServer s(full_config());
  EncodeOptions opts;
  opts.fingerprint = true;
  Answer a = ask(s, encode(request(), opts));
  EXPECT_EQ(a.msg.cls, Class::Success);
}

TEST(StunServer, NonBindingRequestGets400) {
  StunServer s(full_config());
  Answer a = ask(s, request(static_cast<std::uint16_t>(Method::Allocate)));
  EXPECT_EQ(a.msg.cls, Class::Error);
  EXPECT_EQ(a.msg.method_enum(), Method::Allocate);
  ASSERT_TRUE(a.msg.get<ErrorCode>());
  EXPECT_EQ(a.msg.get<ErrorCode>()->code, 400);
}

TEST(StunServer, GarbageIsDroppedAndCounted) {
  StunServer s(full_config());
  std::vector<std::vector<std::uint8_t>> junk{
      {},
      {0xFF, 0x00, 0x01},
      std::vector<std::uint8_t>(64, 0x80),  // RTP-looking
      std::vector<std::uint8_t>(20, 0x00),  // zero cookie
  };
  auto truncated = encode(request());
  truncated.resize(truncated.size() - 1);
  junk.push_back(truncated);
  for (const auto& j : junk) s.handle_datagram(Time{}, kPrimary, kClient, j);
  EXPECT_FALSE(s.poll_transmit().has_value());
  EXPECT_EQ(s.counters().dropped_malformed, junk.size());
  EXPECT_EQ(s.counters().received, junk.size());
  EXPECT_EQ(s.counters().success_responses + s.counters().error_responses, 0u);
}

TEST(StunServer, BadFingerprintIsDroppedAndCounted) {
  StunServer s(full_config());
  EncodeOptions opts;
  opts.fingerprint = true;
  auto bytes = encode(request(), opts);
  bytes.back() ^= 0x01;
  s.handle_datagram(Time{}, kPrimary, kClient, bytes);
  EXPECT_FALSE(s.poll_transmit().has_value());
  EXPECT_EQ(s.counters().dropped_bad_fingerprint, 1u);
}

TEST(StunServer, IndicationsAndResponsesAreDroppedAndCounted) {
  StunServer s(full_config());
  for (Class c : {Class::Indication, Class::Success, Class::Error}) {
    Message m = request();
    m.cls = c;
    s.handle_datagram(Time{}, kPrimary, kClient, encode(m));
  }
  EXPECT_FALSE(s.poll_transmit().has_value());
  EXPECT_EQ(s.counters().dropped_not_request, 3u);
}

TEST(StunServer, DatagramOnAForeignSocketIsDropped) {
  StunServer s(full_config());
  s.handle_datagram(Time{}, Endpoint{kIpA, 9999}, kClient, encode(request()));
  EXPECT_FALSE(s.poll_transmit().has_value());
  EXPECT_EQ(s.counters().dropped_unknown_local, 1u);
}

}  // namespace
}  // namespace natlab::stun
