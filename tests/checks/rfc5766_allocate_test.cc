// RFC5766-6.1-requested-transport-udp, RFC5766-6.2-unsupported-transport-442,
// RFC5766-6.2-relayed-address-on-server, RFC5766-10.1-send-indication-attributes
// and RFC5766-10.3-data-indication-attributes.
#include <gtest/gtest.h>

#include "tests/checks/rfc5766_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kTransport = "RFC5766-6.1-requested-transport-udp";
const char* k442 = "RFC5766-6.2-unsupported-transport-442";
const char* kRelayed = "RFC5766-6.2-relayed-address-on-server";
const char* kSend = "RFC5766-10.1-send-indication-attributes";
const char* kData = "RFC5766-10.3-data-indication-attributes";

TEST(TurnRequestedTransport, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kTransport);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "2 Allocate requests from clients, all with REQUESTED-TRANSPORT UDP (17)");
}

TEST(TurnRequestedTransport, TcpOrNothingFails) {
  TurnTrace tt;
  stun::Message tcp = TurnTrace::message(stun::Method::Allocate, stun::Class::Request, 1);
  tcp.add(stun::RequestedTransport{6});
  tt.to_server(ms(0), TurnTrace::bytes(tcp));
  Verdict v = tt.judge(kTransport);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "transport protocol 6, not UDP")) << v.detail;
  TurnTrace none;
  none.to_server(ms(0), TurnTrace::bytes(TurnTrace::message(stun::Method::Allocate, stun::Class::Request, 1)));
  EXPECT_TRUE(mentions(none.judge(kTransport), "without REQUESTED-TRANSPORT"));
}

// An authenticated Allocate for `protocol` (none: no REQUESTED-TRANSPORT)
// answered with `code` (0: success).
TurnTrace asking_for(std::optional<std::uint8_t> protocol, int code) {
  TurnTrace tt;
  tt.allocate_challenged(ms(0));
  stun::Message req = tt.signed_request(stun::Method::Allocate, 2);
  if (protocol) req.add(stun::RequestedTransport{*protocol});
  tt.to_server(ms(10), TurnTrace::bytes(req, TurnTrace::key()));
  stun::Message answer = TurnTrace::answer(req, code ? stun::Class::Error : stun::Class::Success);
  if (code) {
    answer.add(stun::ErrorCode{code, "x"});
  } else {
    answer.add(stun::XorRelayedAddress{tt.relayed}).add(stun::Lifetime{600});
  }
  tt.to_client(ms(12), TurnTrace::bytes(answer, TurnTrace::key()));
  return tt;
}

TEST(TurnUnsupportedTransport, TcpAnswered442Passes) {
  Verdict v = asking_for(6, 442).judge(k442);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(asking_for(std::nullopt, 400).judge(k442).status, Status::Pass);
  EXPECT_EQ(asking_for(6, 401).judge(k442).status, Status::Pass) << "authentication comes first (6.2 step 1)";
}

TEST(TurnUnsupportedTransport, TcpGrantedFails) {
  Verdict v = asking_for(6, 0).judge(k442);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "granted an allocation to an Allocate with transport protocol 6")) << v.detail;
}

TEST(TurnUnsupportedTransport, TheWrongErrorFails) {
  Verdict v = asking_for(6, 400).judge(k442);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "with error 400 instead of 442")) << v.detail;
  EXPECT_TRUE(mentions(asking_for(std::nullopt, 442).judge(k442), "instead of 400"));
}

TEST(TurnUnsupportedTransport, OnlyUdpIsNotApplicable) {
  TurnTrace tt;
  EXPECT_EQ(tt.good().judge(k442).status, Status::NotApplicable);
}

TEST(TurnRelayedAddress, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kRelayed);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
}

TurnTrace relaying_from(const Endpoint& relayed) {
  TurnTrace tt;
  stun::Message req = tt.signed_request(stun::Method::Allocate, 2);
  req.add(stun::RequestedTransport{17});
  tt.to_server(ms(10), TurnTrace::bytes(req, TurnTrace::key()));
  stun::Message ok = TurnTrace::answer(req, stun::Class::Success);
  ok.add(stun::XorRelayedAddress{relayed}).add(stun::Lifetime{600});
  tt.to_client(ms(12), TurnTrace::bytes(ok, TurnTrace::key()));
  return tt;
}

TEST(TurnRelayedAddress, AnotherHostsAddressFails) {
  Verdict v = relaying_from(ep("203.0.113.20:50000")).judge(kRelayed);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "relayed address 203.0.113.20:50000, not one of its own")) << v.detail;
}

TEST(TurnRelayedAddress, APortOutsideTheRelayRangeFails) {
  Verdict v = relaying_from(ep("203.0.113.10:3479")).judge(kRelayed);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "outside its relay_ports 49152-65535")) << v.detail;
}

TEST(TurnRelayedAddress, NoAllocationIsNotApplicable) {
  TurnTrace tt;
  tt.allocate_challenged(ms(0));
  EXPECT_EQ(tt.judge(kRelayed).status, Status::NotApplicable);
}

TEST(TurnIndications, GoodTracePasses) {
  TurnTrace tt;
  tt.good();
  EXPECT_EQ(tt.judge(kSend).status, Status::Pass) << tt.judge(kSend).detail;
  EXPECT_EQ(tt.judge(kData).status, Status::Pass) << tt.judge(kData).detail;
}

TEST(TurnIndications, SendWithoutDataFails) {
  TurnTrace tt;
  tt.good();
  stun::Message send = TurnTrace::message(stun::Method::Send, stun::Class::Indication, 30);
  send.add(stun::XorPeerAddress{tt.peer});
  tt.to_server(ms(80), TurnTrace::bytes(send));
  Verdict v = tt.judge(kSend);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "a client sent a Send indication without DATA")) << v.detail;
  EXPECT_EQ(tt.judge(kData).status, Status::Pass);
}

TEST(TurnIndications, DataWithoutPeerFails) {
  TurnTrace tt;
  tt.good();
  stun::Message data = TurnTrace::message(stun::Method::Data, stun::Class::Indication, 31);
  data.add(stun::DataAttr{{1}});
  tt.to_client(ms(80), TurnTrace::bytes(data));
  Verdict v = tt.judge(kData);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "turn1 sent a Data indication without XOR-PEER-ADDRESS")) << v.detail;
}

TEST(TurnIndications, NoneIsNotApplicable) {
  TurnTrace tt;
  tt.allocate(ms(10));
  EXPECT_EQ(tt.judge(kSend).status, Status::NotApplicable);
  EXPECT_EQ(tt.judge(kData).status, Status::NotApplicable);
}

TEST(TurnAllocateRealRun, PassAndFailOnceTheRelayedAddressMoves) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/port-restricted-vs-symmetric.yaml");
  for (const char* id : {kTransport, kRelayed, kSend, kData}) ASSERT_EQ(b.judge(id).status, Status::Pass) << id << ": " << b.judge(id).detail;
  EXPECT_EQ(b.judge(k442).status, Status::NotApplicable);
  // The first Allocate success turn1 sends: re-encode it with a relayed address on another host.
  for (auto& r : b.records()) {
    if (r["kind"] != "packet" || r["from"] != "turn1" || r.value("summary", "").rfind("Allocate Success", 0) != 0) continue;
    auto decoded = stun::decode(from_hex(r["payload"].get<std::string>()).value());
    ASSERT_TRUE(decoded);
    stun::Message m = *decoded.message;
    for (auto& a : m.attributes)
      if (a.type == stun::attr::XorRelayedAddress)
        a.value = stun::XorRelayedAddress{ep("198.51.100.9:50000")}.encode_value(m.transaction_id);
    r["payload"] = to_hex(stun::encode(m, stun::EncodeOptions{std::nullopt, true}));
    break;
  }
  Verdict v = b.judge(kRelayed);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "198.51.100.9:50000")) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
