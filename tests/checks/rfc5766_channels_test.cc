// RFC5766-11.2-channel-number-range, RFC5766-11.4-channeldata-length and
// RFC5766-11-channeldata-after-bind.
#include <gtest/gtest.h>

#include "tests/checks/rfc5766_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kRange = "RFC5766-11.2-channel-number-range";
const char* kLength = "RFC5766-11.4-channeldata-length";
const char* kAfterBind = "RFC5766-11-channeldata-after-bind";

TEST(TurnChannelNumber, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kRange);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "1 ChannelBind requests from clients and 1 accepted by servers, all for channels 0x4000-0x7FFE");
}

TEST(TurnChannelNumber, TheHighestBindableNumberIs0x7FFE) {
  TurnTrace tt;
  tt.allocate(ms(10));
  tt.channel_bind(ms(50), 6, 0x7FFE);
  EXPECT_EQ(tt.judge(kRange).status, Status::Pass);
  tt.channel_bind(ms(60), 7, 0x7FFF);  // section 11's table says 0x7FFF; 11.2 refuses it
  Verdict v = tt.judge(kRange);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "a client asked to bind channel 0x7FFF")) << v.detail;
}

TEST(TurnChannelNumber, AServerAcceptingAnOutOfRangeNumberFails) {
  TurnTrace tt;
  tt.allocate(ms(10));
  // The request as the server received it only (as if the client's first hop were not traced).
  stun::Message req = tt.signed_request(stun::Method::ChannelBind, 6);
  req.add(stun::ChannelNumber{0x3FFF}).add(stun::XorPeerAddress{tt.peer});
  tt.b.packet(ms(51), "internet", "turn1", tt.client, tt.server, TurnTrace::bytes(req, TurnTrace::key()));
  tt.to_client(ms(52), TurnTrace::bytes(TurnTrace::answer(req, stun::Class::Success), TurnTrace::key()));
  Verdict v = tt.judge(kRange);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "turn1 accepted a ChannelBind for channel 0x3FFF")) << v.detail;
}

TEST(TurnChannelNumber, NoChannelBindIsNotApplicable) {
  TurnTrace tt;
  tt.allocate(ms(10));
  EXPECT_EQ(tt.judge(kRange).status, Status::NotApplicable);
}

TEST(TurnChannelDataLength, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kLength);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "2 ChannelData datagrams, each 4 + Length bytes (0 with padding)");
}

TEST(TurnChannelDataLength, PaddingToFourBytesIsAllowedOverUdp) {
  TurnTrace tt;
  tt.good();
  tt.to_server(ms(80), stun::encode(stun::ChannelData{0x4000, std::vector<std::uint8_t>(101, 1)}, true));
  Verdict v = tt.judge(kLength);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(mentions(v, "(1 with padding)")) << v.detail;
}

TEST(TurnChannelDataLength, ALengthLongerThanTheDataFails) {
  TurnTrace tt;
  tt.good();
  auto frame = TurnTrace::channel_data(0x4000, 100);
  frame[3] = 120;  // Length 120, 100 bytes follow
  tt.to_server(ms(80), frame);
  Verdict v = tt.judge(kLength);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "claims 120 bytes of data but the datagram holds only 100")) << v.detail;
}

TEST(TurnChannelDataLength, ADatagramLongerThanLengthAndPaddingFails) {
  TurnTrace tt;
  tt.good();
  auto frame = TurnTrace::channel_data(0x4000, 100);
  frame[3] = 90;  // Length 90 (padded: 92), 100 bytes follow
  tt.to_client(ms(80), frame);
  Verdict v = tt.judge(kLength);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "more than 4 + Length + padding (96)")) << v.detail;
  EXPECT_TRUE(mentions(v, "wire turn1<->internet")) << v.detail;
}

TEST(TurnChannelDataLength, NoChannelDataIsNotApplicable) {
  TurnTrace tt;
  tt.allocate(ms(10));
  EXPECT_EQ(tt.judge(kLength).status, Status::NotApplicable);
}

TEST(TurnChannelDataAfterBind, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kAfterBind);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
}

TEST(TurnChannelDataAfterBind, ChannelDataOnAChannelNeverBoundFails) {
  TurnTrace tt;
  tt.good();
  tt.channel_data_up(ms(80), 0x4001);
  Verdict v = tt.judge(kAfterBind);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "channel 0x4001")) << v.detail;
  EXPECT_TRUE(mentions(v, "without ever asking to bind")) << v.detail;
}

TEST(TurnChannelDataAfterBind, ChannelDataBeforeTheSuccessArrivesIsAllowed) {
  // RFC 5766 11: "the client MAY elect to send ChannelData messages before
  // receiving the ChannelBind success response".
  TurnTrace tt;
  tt.allocate(ms(10));
  stun::Message req = tt.signed_request(stun::Method::ChannelBind, 6);
  req.add(stun::ChannelNumber{0x4000}).add(stun::XorPeerAddress{tt.peer});
  tt.to_server(ms(50), TurnTrace::bytes(req, TurnTrace::key()));
  tt.to_server(ms(51), TurnTrace::channel_data(0x4000, 10));
  EXPECT_EQ(tt.judge(kAfterBind).status, Status::Pass) << tt.judge(kAfterBind).detail;
}

TEST(TurnChannelDataAfterBind, ChannelDataAfterTheBindingWasRefusedFails) {
  TurnTrace tt;
  tt.allocate(ms(10));
  stun::Message req = tt.signed_request(stun::Method::ChannelBind, 6);
  req.add(stun::ChannelNumber{0x4000}).add(stun::XorPeerAddress{tt.peer});
  tt.to_server(ms(50), TurnTrace::bytes(req, TurnTrace::key()));
  stun::Message refused = TurnTrace::answer(req, stun::Class::Error);
  refused.add(stun::ErrorCode{508, "Insufficient Capacity"});
  tt.to_client(ms(52), TurnTrace::bytes(refused, TurnTrace::key()));
  tt.to_server(ms(60), TurnTrace::channel_data(0x4000, 10));
  Verdict v = tt.judge(kAfterBind);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "refused to bind it (error 508")) << v.detail;
}

TEST(TurnChannelDataAfterBind, ChannelDataAfterTheBindingExpiredFails) {
  TurnTrace tt;
  tt.allocate(ms(10), 2, 3600);
  tt.channel_bind(ms(50));  // the server bound it at 52 ms: until 600.052 s
  tt.to_server(std::chrono::seconds(599), TurnTrace::channel_data(0x4000, 10));
  EXPECT_EQ(tt.judge(kAfterBind).status, Status::Pass);
  tt.to_server(std::chrono::seconds(601), TurnTrace::channel_data(0x4000, 10));
  Verdict v = tt.judge(kAfterBind);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "after the binding expired at 600.052000 s")) << v.detail;
  // A refresh of the binding before it ran out keeps it.
  TurnTrace refreshed;
  refreshed.allocate(ms(10), 2, 3600);
  refreshed.channel_bind(ms(50));
  refreshed.channel_bind(std::chrono::seconds(540), 7);
  refreshed.to_server(std::chrono::seconds(601), TurnTrace::channel_data(0x4000, 10));
  EXPECT_EQ(refreshed.judge(kAfterBind).status, Status::Pass) << refreshed.judge(kAfterBind).detail;
}

TEST(TurnChannelDataAfterBind, NoChannelDataIsNotApplicable) {
  TurnTrace tt;
  tt.allocate(ms(10));
  EXPECT_EQ(tt.judge(kAfterBind).status, Status::NotApplicable);
}

// A real run: A's selected pair is relayed, so its keepalives go over a channel.
TEST(TurnChannelsRealRun, PassAndFailOnceAFrameIsBroken) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/examples/port-restricted-vs-symmetric-turn.yaml");
  for (const char* id : {kRange, kLength, kAfterBind}) ASSERT_EQ(b.judge(id).status, Status::Pass) << id << ": " << b.judge(id).detail;
  // A's first ChannelData: claim one byte more than it carries.
  Json* frame = nullptr;
  for (auto& r : b.records())
    if (r["kind"] == "packet" && r["from"] == "alice-pc" && r.value("summary", "").rfind("ChannelData", 0) == 0) {
      frame = &r;
      break;
    }
  ASSERT_NE(frame, nullptr);
  const Json original = *frame;
  auto bytes = from_hex((*frame)["payload"].get<std::string>()).value();
  bytes[3] = static_cast<std::uint8_t>(bytes[3] + 1);
  (*frame)["payload"] = to_hex(bytes);
  EXPECT_EQ(b.judge(kLength).status, Status::Fail);
  // Or send it on a channel A never bound.
  *frame = original;
  bytes = from_hex(original["payload"].get<std::string>()).value();
  bytes[1] = static_cast<std::uint8_t>(bytes[1] + 1);
  (*frame)["payload"] = to_hex(bytes);
  EXPECT_EQ(b.judge(kLength).status, Status::Pass);
  EXPECT_EQ(b.judge(kAfterBind).status, Status::Fail);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
