// RFC5389-6-response-transaction, RFC5389-7.3.1.2-response-address,
// RFC5389-7.3.1.1-xor-mapped-address: responses paired with the requests
// their senders received.
#include <gtest/gtest.h>

#include "tests/checks/rfc5389_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kTid = "RFC5389-6-response-transaction";
const char* kAddress = "RFC5389-7.3.1.2-response-address";
const char* kMapped = "RFC5389-7.3.1.1-xor-mapped-address";

StunTrace good() {
  StunTrace t;
  t.gathering(0);
  t.a_checks_b(100);
  return t;
}

TEST(Rfc5389ResponseTid, ResponsesToReceivedRequestsPass) {
  Verdict v = good().b.judge(kTid);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "2 responses, each with the transaction ID and method of a request its sender received");
}

TEST(Rfc5389ResponseTid, ResponseWithATransactionIdNoRequestHadFails) {
  StunTrace t = good();
  stun::Message stray = StunTrace::response(StunTrace::request(7));
  stray.add(stun::XorMappedAddress{t.bob});
  t.send(300, "turn1", "bob-pc", t.server, t.bob, stray);
  Verdict v = t.b.judge(kTid);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "no request received by turn1 carried")) << v.detail;
  EXPECT_TRUE(mentions(v, "tid=070707070707070707070707")) << v.detail;
}

TEST(Rfc5389ResponseTid, ResponseToARequestThatWasLostFails) {
  StunTrace t;
  const stun::Message q = StunTrace::request(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, stun::encode(q, stun::EncodeOptions{std::nullopt, true}), true);
  t.send(5, "turn1", "alice-pc", t.server, t.a_public, StunTrace::response(q).add(stun::XorMappedAddress{t.a_public}));
  EXPECT_EQ(t.b.judge(kTid).status, Status::Fail);
}

TEST(Rfc5389ResponseTid, ResponseOfAnotherMethodFails) {
  StunTrace t;
  const stun::Message q = StunTrace::request(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, q);
  stun::Message r = StunTrace::response(q);
  r.method = static_cast<std::uint16_t>(stun::Method::Refresh);
  t.send(5, "turn1", "alice-pc", t.server, t.a_public, r);
  Verdict v = t.b.judge(kTid);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "response method Refresh differs from its request's Binding")) << v.detail;
}

TEST(Rfc5389ResponseTid, NoResponseIsNotApplicable) {
  StunTrace t;
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, StunTrace::request(1));
  EXPECT_EQ(t.b.judge(kTid).status, Status::NotApplicable);
}

TEST(Rfc5389ResponseAddress, ResponsesFromTheRequestsDestinationToItsSourcePass) {
  Verdict v = good().b.judge(kAddress);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "2 responses sent from the request's destination to its source, as the responder saw them");
}

TEST(Rfc5389ResponseAddress, ResponseFromAnotherPortFails) {
  StunTrace t;
  const stun::Message q = StunTrace::check(2, t.b_ufrag, t.a_ufrag);
  t.send(100, "alice-pc", "bob-pc", t.a_private, t.bob, q, stun::short_term_key(t.b_pwd));
  t.send(105, "bob-pc", "alice-pc", ep("203.0.113.20:40001"), t.a_public,
         StunTrace::response(q).add(stun::XorMappedAddress{t.a_public}), stun::short_term_key(t.b_pwd));
  Verdict v = t.b.judge(kAddress);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "response sent from 203.0.113.20:40001, not from 203.0.113.20:40000")) << v.detail;
}

TEST(Rfc5389ResponseAddress, ResponseToAnAddressOtherThanTheRequestsSourceFails) {
  StunTrace t;
  const stun::Message q = StunTrace::request(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, q);
  // The private address A sent from is not what turn1 saw.
  t.b.stun(ms(5), "turn1", "internet", t.server, t.a_private, StunTrace::response(q).add(stun::XorMappedAddress{t.a_public}));
  Verdict v = t.b.judge(kAddress);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "response sent to 192.168.1.10:40000, not to 198.51.100.1:40000")) << v.detail;
}

// A STUN server with an RFC 5780 alternate address (and port 3479).
const char* kDiscoveryServer = R"(natlab: 1
name: nat discovery
servers:
  - { name: stun1, address: 203.0.113.10, alternate_address: 203.0.113.11, stun: { port: 3478 } }
hosts:
  - { name: bob-pc, address: 203.0.113.20, behind: internet }
agents:
  - { name: B, host: bob-pc, stun: [stun1] }
)";

// B asks stun1 for a response from another address and port; it comes from `from`.
TraceBuilder changed_source(const Endpoint& from) {
  TraceBuilder b(kDiscoveryServer);
  const Endpoint bob = ep("203.0.113.20:40000");
  stun::Message q = StunTrace::request(1);
  q.add(stun::ChangeRequest{true, true});  // RFC 5780 7.2
  b.stun(ms(0), "bob-pc", "internet", bob, ep("203.0.113.10:3478"), q);
  b.stun(ms(1), "internet", "stun1", bob, ep("203.0.113.10:3478"), q);
  const stun::Message r = StunTrace::response(q).add(stun::XorMappedAddress{bob});
  b.stun(ms(5), "stun1", "internet", from, bob, r);
  b.stun(ms(6), "internet", "bob-pc", from, bob, r);
  return b;
}

TEST(Rfc5389ResponseAddress, ChangeRequestMayMoveTheSource) {
  Verdict v = changed_source(ep("203.0.113.11:3479")).judge(kAddress);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  // Without CHANGE-REQUEST the same response would be from the wrong place.
  TraceBuilder b(kDiscoveryServer);
  const Endpoint bob = ep("203.0.113.20:40000");
  const stun::Message q = StunTrace::request(1);
  b.stun(ms(0), "bob-pc", "internet", bob, ep("203.0.113.10:3478"), q);
  b.stun(ms(1), "internet", "stun1", bob, ep("203.0.113.10:3478"), q);
  b.stun(ms(5), "stun1", "internet", ep("203.0.113.11:3479"), bob, StunTrace::response(q).add(stun::XorMappedAddress{bob}));
  EXPECT_EQ(b.judge(kAddress).status, Status::Fail);
}

TEST(Rfc5389XorMapped, MappedAddressEqualToTheSourceTheResponderSawPasses) {
  Verdict v = good().b.judge(kMapped);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "2 success responses with XOR-MAPPED-ADDRESS equal to the request's source as the responder saw it");
}

TEST(Rfc5389XorMapped, PrivateAddressInsteadOfTheNatsFails) {
  StunTrace t;
  const stun::Message q = StunTrace::request(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, q);
  t.send(5, "turn1", "alice-pc", t.server, t.a_public, StunTrace::response(q).add(stun::XorMappedAddress{t.a_private}));
  Verdict v = t.b.judge(kMapped);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "XOR-MAPPED-ADDRESS 192.168.1.10:40000 but the request came from 198.51.100.1:40000"))
      << v.detail;
}

TEST(Rfc5389XorMapped, BindingSuccessWithoutXorMappedAddressFails) {
  StunTrace t;
  const stun::Message q = StunTrace::request(1);
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, q);
  t.send(5, "turn1", "alice-pc", t.server, t.a_public, StunTrace::response(q));
  Verdict v = t.b.judge(kMapped);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_TRUE(mentions(v, "without XOR-MAPPED-ADDRESS")) << v.detail;
}

// B checks A's relayed address: turn1 passes the check to A in a Data
// indication; A answers through a Send indication with `mapped`, and turn1
// relays that to B.
StunTrace relayed_answer(const Endpoint& mapped) {
  StunTrace t;
  const Endpoint relayed = ep("203.0.113.10:50000");
  t.allocate(0);
  const stun::Message q = StunTrace::check(30, t.a_ufrag, t.b_ufrag);
  const auto check = stun::encode(q, stun::EncodeOptions{stun::short_term_key(t.a_pwd), true});
  t.send(100, "bob-pc", "turn1", t.bob, relayed, check);
  stun::Message data = StunTrace::indication(31);
  data.method = static_cast<std::uint16_t>(stun::Method::Data);
  data.add(stun::XorPeerAddress{t.bob}).add(stun::DataAttr{check});
  t.send(103, "turn1", "alice-pc", t.server, t.a_public, data);
  const auto answer = stun::encode(StunTrace::response(q).add(stun::XorMappedAddress{mapped}),
                                   stun::EncodeOptions{stun::short_term_key(t.a_pwd), true});
  stun::Message send = StunTrace::indication(32);
  send.method = static_cast<std::uint16_t>(stun::Method::Send);
  send.add(stun::XorPeerAddress{t.bob}).add(stun::DataAttr{answer});
  t.send(110, "alice-pc", "turn1", t.a_private, t.server, send);
  t.send(113, "turn1", "bob-pc", relayed, t.bob, answer);
  return t;
}

TEST(Rfc5389XorMapped, RelayedCheckIsAnsweredWithThePeerTheDataIndicationNamed) {
  StunTrace t = relayed_answer(ep("203.0.113.20:40000"));
  Verdict v = t.b.judge(kMapped);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(t.b.judge(kAddress).status, Status::Pass);
  EXPECT_EQ(t.b.judge(kTid).status, Status::Pass);
  Verdict w = relayed_answer(ep("203.0.113.10:50000")).b.judge(kMapped);
  ASSERT_EQ(w.status, Status::Fail);
  EXPECT_TRUE(mentions(w, "in a Send indication")) << w.detail;
}

TEST(Rfc5389XorMapped, NoSuccessResponseIsNotApplicable) {
  StunTrace t;
  t.send(0, "alice-pc", "turn1", t.a_private, t.server, StunTrace::request(1));
  EXPECT_EQ(t.b.judge(kMapped).status, Status::NotApplicable);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
