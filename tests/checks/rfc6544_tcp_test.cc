// ICE-TCP (RFC 6544) as the conformance checks see it: TCP segments in the
// trace are reassembled per connection and cut into RFC 4571 frames (or
// STUN/ChannelData on a connection to a STUN/TURN service), and the RFC 5245
// checks follow checks, responses and keepalives carried that way. The
// good trace is a real run of a BLOCK_UDP matrix case (connected over TCP);
// each test breaks it in one way.
#include <algorithm>
#include <functional>

#include "agents/ice/rfc4571_framing.h"
#include "agents/stun/attributes.h"
#include "tests/checks/trace_builder.h"

namespace natlab::reports::checks::testing {
namespace {

constexpr const char* kTcpMatrixCase = "scenarios/matrix/block-udp-port-restricted-vs-open.yaml";

stun::Message tcp_test_check(std::uint8_t n) {
  stun::Message m;
  m.transaction_id = tid(n);
  m.add(stun::Username{"bbbb:aaaa"}).add(stun::Priority{1855979519}).add(stun::IceControlling{42});
  return m;
}

std::vector<std::uint8_t> tcp_test_bytes(const stun::Message& m) {
  return stun::encode(m, stun::EncodeOptions{std::nullopt, true});
}

std::vector<std::uint8_t> slice(const std::vector<std::uint8_t>& v, std::size_t from, std::size_t to) {
  return std::vector<std::uint8_t>(v.begin() + static_cast<std::ptrdiff_t>(from),
                                   v.begin() + static_cast<std::ptrdiff_t>(std::min(to, v.size())));
}

TEST(TcpTraceView, ReassemblesSplitRetransmittedAndReorderedSegmentsIntoOneFramedCheck) {
  TraceBuilder b;
  const Endpoint a = ep("192.168.1.10:49153"), bob = ep("203.0.113.20:40010"), a_pub = ep("198.51.100.1:49153");
  const auto frame = ice::rfc4571_frame(tcp_test_bytes(tcp_test_check(7))).value();
  // As sent: SYN (ISN 1000), the frame in two segments, the first one sent twice.
  b.segment(ms(0), "alice-pc", "nat-a", a, bob, 1000, "SYN");
  b.segment(ms(1), "alice-pc", "nat-a", a, bob, 1001, "ACK", slice(frame, 0, 10));
  b.segment(ms(2), "alice-pc", "nat-a", a, bob, 1001, "ACK", slice(frame, 0, 10));
  b.segment(ms(3), "alice-pc", "nat-a", a, bob, 1011, "ACK", slice(frame, 10, frame.size()));
  // As received: the second half first, the first half after it.
  b.segment(ms(10), "internet", "bob-pc", a_pub, bob, 1000, "SYN");
  b.segment(ms(11), "internet", "bob-pc", a_pub, bob, 1011, "ACK", slice(frame, 10, frame.size()));
  b.segment(ms(12), "internet", "bob-pc", a_pub, bob, 1001, "ACK", slice(frame, 0, 10));
  const TraceView v = b.view();
  ASSERT_EQ(v.sent_stun().size(), 1u);
  const StunOnWire& sent = v.sent_stun()[0];
  EXPECT_TRUE(sent.tcp());
  EXPECT_TRUE(sent.is_ice_check());
  EXPECT_EQ(sent.message.transaction_id, tid(7));
  EXPECT_EQ(sent.packet->t, Time(ms(3)));  // the segment that completed the frame
  EXPECT_EQ(sent.src, a);
  EXPECT_EQ(sent.dst, bob);
  ASSERT_EQ(v.sent_stream_messages().size(), 1u);
  ASSERT_EQ(v.received_stun().size(), 1u);
  EXPECT_EQ(v.received_stun()[0].packet->t, Time(ms(12)));
  EXPECT_EQ(v.received_stun()[0].src, a_pub);
  EXPECT_TRUE(v.malformed().empty());
}

TEST(TcpTraceView, LostSegmentDeliversNothingUntilItsRetransmissionArrives) {
  TraceBuilder b;
  const Endpoint a_pub = ep("198.51.100.1:49153"), bob = ep("203.0.113.20:40010");
  const auto frame = ice::rfc4571_frame(tcp_test_bytes(tcp_test_check(8))).value();
  b.segment(ms(10), "internet", "bob-pc", a_pub, bob, 0, "SYN");
  b.segment(ms(11), "internet", "bob-pc", a_pub, bob, 1, "ACK", frame)["lost"] = true;
  EXPECT_TRUE(b.view().received_stun().empty());
  b.segment(ms(300), "internet", "bob-pc", a_pub, bob, 1, "ACK", frame);
  const TraceView v = b.view();
  ASSERT_EQ(v.received_stun().size(), 1u);
  EXPECT_EQ(v.received_stun()[0].packet->t, Time(ms(300)));
}

TEST(TcpTraceView, StunWithoutRfc4571FramingOnAnIceTcpConnectionIsNoCheck) {
  TraceBuilder b;
  const Endpoint a = ep("192.168.1.10:49153"), bob = ep("203.0.113.20:40010");
  b.segment(ms(0), "alice-pc", "nat-a", a, bob, 0, "SYN");
  b.segment(ms(1), "alice-pc", "nat-a", a, bob, 1, "ACK", tcp_test_bytes(tcp_test_check(9)));
  const TraceView v = b.view();
  EXPECT_TRUE(v.sent_stun().empty());
  EXPECT_FALSE(v.sent_stream_messages().empty());  // the bytes were cut as RFC 4571 frames, none of them STUN
}

TEST(TcpTraceView, StreamToAStunServiceCarriesMessagesBackToBackWithoutRfc4571Framing) {
  TraceBuilder b;
  const Endpoint a = ep("192.168.1.10:49160"), server = ep("203.0.113.10:3478");
  stun::Message r1, r2;
  r1.transaction_id = tid(1);
  r2.transaction_id = tid(2);
  auto bytes = tcp_test_bytes(r1);
  const auto second = tcp_test_bytes(r2);
  bytes.insert(bytes.end(), second.begin(), second.end());
  b.segment(ms(0), "alice-pc", "nat-a", a, server, 0, "SYN");
  b.segment(ms(1), "alice-pc", "nat-a", a, server, 1, "ACK", bytes);
  const TraceView v = b.view();
  ASSERT_EQ(v.sent_stun().size(), 2u);
  EXPECT_EQ(v.sent_stun()[0].message.transaction_id, tid(1));
  EXPECT_EQ(v.sent_stun()[1].message.transaction_id, tid(2));
  EXPECT_TRUE(v.sent_stun()[1].tcp());
}

// The real run: A (behind NAT-A, UDP blocked) reaches B's passive candidate
// from its active one over TCP.
bool tcp_data_segment(const Json& r, const std::string& from, const std::string& to) {
  return json_string(r, "kind") == "packet" && json_string(r, "proto") == "tcp" && r.contains("payload") &&
         json_string(r, "from") == from && json_string(r, "to") == to;
}

int erase_tcp_data(TraceBuilder& b, const std::string& from, const std::string& to,
                   const std::function<bool(const Json&)>& also = [](const Json&) { return true; }) {
  auto& r = b.records();
  const auto before = r.size();
  r.erase(std::remove_if(r.begin(), r.end(), [&](const Json& j) { return tcp_data_segment(j, from, to) && also(j); }),
          r.end());
  return static_cast<int>(before - r.size());
}

Verdict tcp_judge(const TraceBuilder& b, const char* id) { return b.judge(id); }

TEST(TcpChecksOnRealRun, EveryCheckThatFollowsTcpPassesOnTheGoodRun) {
  const TraceBuilder b = TraceBuilder::from_run(kTcpMatrixCase);
  for (const char* id : {"RFC5245-10-keepalive", "RFC5245-7.1.3.1-symmetric-success",
                         "RFC5245-7.2.1.3-prflx-remote-priority", "RFC5245-8.1.1-nominated-valid",
                         "RFC5245-7.1.2-check-from-base", "RFC5245-7.1.2.1-check-priority"}) {
    const Verdict v = tcp_judge(b, id);
    EXPECT_EQ(v.status, Status::Pass) << id << ": " << v.detail;
  }
  // The checks were judged from TCP: A's checks left its active candidate.
  const Verdict base = tcp_judge(b, "RFC5245-7.1.2-check-from-base");
  EXPECT_FALSE(mentions(base, "0 checks from host sockets")) << base.detail;
}

TEST(TcpChecksOnRealRun, KeepaliveFailsWhenTheActiveSideStopsSendingOnItsConnection) {
  TraceBuilder b = TraceBuilder::from_run(kTcpMatrixCase);
  ASSERT_GT(erase_tcp_data(b, "alice-pc", "nat-a",
                           [](const Json& j) { return TraceView::time_of(j) > Time(std::chrono::seconds(1)); }),
            0);
  const Verdict v = tcp_judge(b, "RFC5245-10-keepalive");
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "A in session call1 sent nothing on its selected pair 192.168.1.10:9 -> ")) << v.detail;
}

TEST(TcpChecksOnRealRun, SymmetricSuccessAndNominatedValidFailWhenResponsesComeOnAnotherConnection) {
  TraceBuilder b = TraceBuilder::from_run(kTcpMatrixCase);
  // B's responses reach A's host on a connection other than the one A's
  // checks left on (same active candidate, another local port).
  int moved = 0;
  for (Json& j : b.records()) {
    if (!tcp_data_segment(j, "nat-a", "alice-pc")) continue;
    auto dst = json_endpoint(j, "dst").value();
    dst.port = static_cast<std::uint16_t>(dst.port + 1);
    j["dst"] = dst.to_string();
    ++moved;
  }
  ASSERT_GT(moved, 0);
  const Verdict sym = tcp_judge(b, "RFC5245-7.1.3.1-symmetric-success");
  EXPECT_EQ(sym.status, Status::Fail) << sym.detail;
  EXPECT_TRUE(mentions(sym, "A in session call1 set pair 192.168.1.10:9 -> ")) << sym.detail;
  const Verdict nom = tcp_judge(b, "RFC5245-8.1.1-nominated-valid");
  EXPECT_EQ(nom.status, Status::Fail) << nom.detail;
  EXPECT_TRUE(mentions(nom, "A in session call1 nominated pair 192.168.1.10:9 -> ")) << nom.detail;
}

TEST(TcpChecksOnRealRun, PrflxRemotePriorityFailsWhenNoCheckArrivedOnTheAcceptedConnection) {
  TraceBuilder b = TraceBuilder::from_run(kTcpMatrixCase);
  ASSERT_GT(erase_tcp_data(b, "nat-b", "bob-pc"), 0);
  const Verdict v = tcp_judge(b, "RFC5245-7.2.1.3-prflx-remote-priority");
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "B: learned remote prflx 198.51.100.1:")) << v.detail;
}

TEST(TcpChecksOnRealRun, CheckFromBaseFailsForAConnectionFromAnAddressNoCandidateHas) {
  TraceBuilder b = TraceBuilder::from_run(kTcpMatrixCase);
  int moved = 0;
  for (Json& j : b.records()) {
    if (!tcp_data_segment(j, "alice-pc", "nat-a")) continue;
    auto src = json_endpoint(j, "src").value();
    src.address = Endpoint::parse("192.168.1.99:1").value().address;
    j["src"] = src.to_string();
    ++moved;
  }
  ASSERT_GT(moved, 0);
  const Verdict v = tcp_judge(b, "RFC5245-7.1.2-check-from-base");
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "from 192.168.1.99:")) << v.detail;
}

// Rewrites the PRIORITY of every RFC 4571-framed check a segment carries
// whole (the real run sends one frame per segment).
int bump_framed_priority(Json& segment) {
  auto bytes = from_hex(json_string(segment, "payload")).value();
  if (bytes.size() < 2 + 20) return 0;
  std::size_t at = 2 + 20;  // length prefix, STUN header
  int changed = 0;
  while (at + 4 <= bytes.size()) {
    const int type = bytes[at] << 8 | bytes[at + 1];
    const std::size_t len = static_cast<std::size_t>(bytes[at + 2] << 8 | bytes[at + 3]);
    if (type == stun::attr::Priority && len == 4 && at + 8 <= bytes.size()) {
      bytes[at + 7] = static_cast<std::uint8_t>(bytes[at + 7] ^ 0x01);
      ++changed;
    }
    at += 4 + (len + 3) / 4 * 4;
  }
  segment["payload"] = to_hex(bytes);
  return changed;
}

TEST(TcpChecksOnRealRun, CheckPriorityFailsWhenATcpCheckCarriesAnotherPriority) {
  TraceBuilder b = TraceBuilder::from_run(kTcpMatrixCase);
  int changed = 0;
  for (Json& j : b.records())
    if (tcp_data_segment(j, "alice-pc", "nat-a")) changed += bump_framed_priority(j);
  ASSERT_GT(changed, 0);
  const Verdict v = tcp_judge(b, "RFC5245-7.1.2.1-check-priority");
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  // Judged against A's TCP active candidate (RFC 6544 4.2 local preference),
  // not its UDP one.
  EXPECT_TRUE(mentions(v, "A: a check from host 192.168.1.10:9")) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
