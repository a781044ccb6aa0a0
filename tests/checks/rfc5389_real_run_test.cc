// The RFC 5389 checks on a real run (A's relayed candidate against B behind
// a symmetric NAT: gathering, the TURN 401 dance, direct and relayed checks,
// retransmissions, keepalives): every check passes or does not apply, and each
// fails once the trace is broken in the one way it guards against.
#include <gtest/gtest.h>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "tests/checks/rfc5389_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const TraceBuilder& base() {
  static const TraceBuilder b = TraceBuilder::from_run("scenarios/examples/port-restricted-vs-symmetric-turn.yaml");
  return b;
}

// The nth (1-based) packet record leaving `from` whose summary starts with `summary`.
Json& record(TraceBuilder& b, const std::string& from, const std::string& summary, int nth = 1) {
  for (auto& r : b.records()) {
    if (r["kind"] == "packet" && r["from"] == from && r.value("summary", "").rfind(summary, 0) == 0 && --nth == 0) return r;
  }
  throw std::runtime_error("no packet from " + from + " with summary " + summary);
}

std::vector<std::uint8_t> payload(const Json& r) { return from_hex(r["payload"].get<std::string>()).value(); }
void set_payload(Json& r, const std::vector<std::uint8_t>& bytes) { r["payload"] = to_hex(bytes); }
stun::Message message(const Json& r) { return *stun::decode(payload(r)).message; }

// Offset of the value of the first attribute of `type`.
std::size_t value_offset(const std::vector<std::uint8_t>& bytes, std::uint16_t type) {
  std::size_t pos = 20;
  while (pos + 4 <= bytes.size()) {
    const std::uint16_t t = static_cast<std::uint16_t>((bytes[pos] << 8) | bytes[pos + 1]);
    const std::size_t len = static_cast<std::size_t>((bytes[pos + 2] << 8) | bytes[pos + 3]);
    if (t == type) return pos + 4;
    pos += 4 + ((len + 3) & ~std::size_t{3});
  }
  throw std::runtime_error("attribute not found");
}

void remove(stun::Message& m, std::uint16_t type) {
  std::erase_if(m.attributes, [&](const stun::RawAttribute& a) { return a.type == type; });
}

const std::vector<std::string> kAll = {
    "RFC5389-6-well-formed",           "RFC5389-15.5-fingerprint",
    "RFC5389-15.4-message-integrity",  "RFC5389-7.2.1-rto",
    "RFC5389-7.2.1-rc",                "RFC5389-6-response-transaction",
    "RFC5389-7.3.1.2-response-address", "RFC5389-7.3.1.1-xor-mapped-address",
    "RFC5389-7.3.1-unknown-attributes", "RFC5389-10.2.2-challenge",
    "RFC5389-10.2.3-retry-credentials", "RFC5389-15.6-error-code",
    "RFC5389-7.3.2-indications"};

TEST(Rfc5389RealRun, EveryCheckPassesOrDoesNotApply) {
  for (const auto& id : kAll) {
    Verdict v = base().judge(id);
    EXPECT_NE(v.status, Status::Fail) << id << ": " << v.detail;
  }
  // The run exercises most of them.
  for (const auto& id : {"RFC5389-15.4-message-integrity", "RFC5389-7.2.1-rto", "RFC5389-7.3.1.1-xor-mapped-address",
                         "RFC5389-10.2.3-retry-credentials", "RFC5389-7.3.2-indications"}) {
    EXPECT_EQ(base().judge(id).status, Status::Pass) << id;
  }
}

TEST(Rfc5389RealRun, WrongMagicCookieFailsWellFormed) {
  TraceBuilder b = base();
  Json& r = record(b, "alice-pc", "Binding Request");
  auto bytes = payload(r);
  bytes[7] ^= 0x01;
  set_payload(r, bytes);
  EXPECT_EQ(b.judge("RFC5389-6-well-formed").status, Status::Fail);
}

TEST(Rfc5389RealRun, FlippedFingerprintFails) {
  TraceBuilder b = base();
  Json& r = record(b, "alice-pc", "Binding Request");
  auto bytes = payload(r);
  bytes.back() ^= 0x01;
  set_payload(r, bytes);
  EXPECT_EQ(b.judge("RFC5389-15.5-fingerprint").status, Status::Fail);
  EXPECT_EQ(b.judge("RFC5389-6-well-formed").status, Status::Pass);
}

TEST(Rfc5389RealRun, FlippedIntegrityOfARelayedCheckFails) {
  TraceBuilder b = base();
  // The check inside A's first Send indication.
  Json& r = record(b, "alice-pc", "Send Indication");
  stun::Message send = message(r);
  auto inner = send.get<stun::DataAttr>()->bytes;
  inner[value_offset(inner, stun::attr::MessageIntegrity)] ^= 0x01;
  remove(send, stun::attr::Data);
  send.add(stun::DataAttr{inner});
  set_payload(r, stun::encode(send, stun::EncodeOptions{std::nullopt, true}));
  Verdict v = b.judge("RFC5389-15.4-message-integrity");
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("in a Send indication"), std::string::npos) << v.detail;
}

TEST(Rfc5389RealRun, EarlyRetransmissionFailsRto) {
  TraceBuilder b = base();
  // A's first connectivity check (its second Binding request, after
  // gathering) and that check's first retransmission.
  const std::string check = "Binding Request tid=" + to_hex(message(record(b, "alice-pc", "Binding Request", 2)).transaction_id);
  Json& first = record(b, "alice-pc", check);
  Json& again = record(b, "alice-pc", check, 2);
  again["t_ns"] = first["t_ns"].get<std::int64_t>() + 50'000'000;
  Verdict v = b.judge("RFC5389-7.2.1-rto");
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("retransmission 1 came 50.000 ms after"), std::string::npos) << v.detail;
}

TEST(Rfc5389RealRun, EighthSendFailsRc) {
  TraceBuilder b = base();
  const auto tid = message(record(b, "alice-pc", "Binding Request", 2)).transaction_id;
  Json extra = record(b, "alice-pc", "Binding Request tid=" + to_hex(tid), 7);
  extra["t_ns"] = extra["t_ns"].get<std::int64_t>() + 20'000'000'000;
  b.records().push_back(extra);
  EXPECT_EQ(b.judge("RFC5389-7.2.1-rc").status, Status::Fail);
}

TEST(Rfc5389RealRun, ResponseWithAnotherTransactionIdFails) {
  TraceBuilder b = base();
  Json& r = record(b, "turn1", "Binding Success");
  auto bytes = payload(r);
  bytes[19] ^= 0x01;
  set_payload(r, bytes);
  EXPECT_EQ(b.judge("RFC5389-6-response-transaction").status, Status::Fail);
}

TEST(Rfc5389RealRun, ResponseFromAnotherPortFails) {
  TraceBuilder b = base();
  Json& r = record(b, "bob-pc", "Binding Success");
  Endpoint src = Endpoint::parse(r["src"].get<std::string>()).value();
  src.port = static_cast<std::uint16_t>(src.port + 1);
  r["src"] = src.to_string();
  EXPECT_EQ(b.judge("RFC5389-7.3.1.2-response-address").status, Status::Fail);
}

TEST(Rfc5389RealRun, WrongMappedAddressFails) {
  TraceBuilder b = base();
  Json& r = record(b, "turn1", "Binding Success");
  stun::Message m = message(r);
  remove(m, stun::attr::XorMappedAddress);
  m.add(stun::XorMappedAddress{ep("198.51.100.9:40000")});
  set_payload(r, stun::encode(m, stun::EncodeOptions{std::nullopt, true}));
  EXPECT_EQ(b.judge("RFC5389-7.3.1.1-xor-mapped-address").status, Status::Fail);
}

TEST(Rfc5389RealRun, ChallengeWithoutNonceFails) {
  TraceBuilder b = base();
  Json& r = record(b, "turn1", "Allocate Error");
  stun::Message m = message(r);
  remove(m, stun::attr::Nonce);
  set_payload(r, stun::encode(m, stun::EncodeOptions{std::nullopt, true}));
  EXPECT_EQ(b.judge("RFC5389-10.2.2-challenge").status, Status::Fail);
}

TEST(Rfc5389RealRun, RetryWithoutNonceFails) {
  TraceBuilder b = base();
  Json& r = record(b, "alice-pc", "Allocate Request", 2);
  stun::Message m = message(r);
  remove(m, stun::attr::Nonce);
  set_payload(r, stun::encode(m, stun::EncodeOptions{stun::long_term_key("alice", "natlab.test", "s3cret"), true}));
  Verdict v = b.judge("RFC5389-10.2.3-retry-credentials");
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("without NONCE"), std::string::npos) << v.detail;
}

TEST(Rfc5389RealRun, ErrorCodeClassSevenFails) {
  TraceBuilder b = base();
  Json& r = record(b, "turn1", "Allocate Error");
  auto bytes = payload(r);
  bytes[value_offset(bytes, stun::attr::ErrorCode) + 2] = 7;
  set_payload(r, bytes);
  EXPECT_EQ(b.judge("RFC5389-15.6-error-code").status, Status::Fail);
}

TEST(Rfc5389RealRun, RepeatedSendIndicationFails) {
  TraceBuilder b = base();
  Json again = record(b, "alice-pc", "Send Indication");
  again["t_ns"] = again["t_ns"].get<std::int64_t>() + 1'000'000'000;
  b.records().push_back(again);
  EXPECT_EQ(b.judge("RFC5389-7.3.2-indications").status, Status::Fail);
}

}  // namespace
}  // namespace natlab::reports::checks::testing
