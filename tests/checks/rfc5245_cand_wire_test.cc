// Checks judged on the connectivity checks on the wire: their PRIORITY
// attribute, the number of pairs checked, where they leave from, and that
// they wait for the peer's description.
#include <gtest/gtest.h>

#include "tests/checks/rfc5245_cand_test.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kPriority = "RFC5245-7.1.2.1-check-priority";
const char* kLimit = "RFC5245-5.7.3-checklist-limit";
const char* kBase = "RFC5245-7.1.2-check-from-base";
const char* kStart = "RFC5245-7.1.2.3-remote-credentials-first";

const std::uint32_t kPrflxHost = prio(ice::CandidateType::PeerReflexive);  // local preference 65535, component 1

// A gathers, receives B's answer at 100 ms, then checks B's host from its host socket.
TraceBuilder a_checks_b(std::uint32_t priority = kPrflxHost) {
  TraceBuilder b;
  gathered(b, ms(0), "A", a_host());
  gathered(b, ms(20), "A", a_srflx());
  signal(b, ms(100), "A", "answer-received", sdp({b_host()}));
  b.stun(ms(100), "alice-pc", "nat-a", ep("192.168.1.10:40000"), ep("203.0.113.20:40010"), ice_check(1, priority));
  b.event(ms(100), "A", "check-sent",
          {{"pair", 1}, {"local", "192.168.1.10:40000"}, {"remote", "203.0.113.20:40010"}, {"use_candidate", false},
           {"retransmit", false}, {"triggered", false}});
  return b;
}

// A Send indication from A's host socket to turn1 carrying a check to B, after
// the Allocate success that tells the relayed address of that 5-tuple.
void relayed_check(TraceBuilder& b, Time t, std::uint8_t n, std::uint32_t priority,
                   const Endpoint& relayed = ep("203.0.113.10:50000")) {
  stun::Message alloc;
  alloc.cls = stun::Class::Success;
  alloc.method = static_cast<std::uint16_t>(stun::Method::Allocate);
  alloc.transaction_id = tid(static_cast<std::uint8_t>(n + 100));
  alloc.add(stun::XorRelayedAddress{relayed}).add(stun::XorMappedAddress{ep("198.51.100.1:40000")});
  b.stun(t - ms(5), "nat-a", "alice-pc", ep("203.0.113.10:3478"), ep("192.168.1.10:40000"), alloc);
  stun::Message send;
  send.cls = stun::Class::Indication;
  send.method = static_cast<std::uint16_t>(stun::Method::Send);
  send.transaction_id = tid(static_cast<std::uint8_t>(n + 50));
  send.add(stun::XorPeerAddress{ep("203.0.113.20:40010")});
  send.add(stun::DataAttr{stun::encode(ice_check(n, priority), stun::EncodeOptions{std::nullopt, true})});
  b.stun(t, "alice-pc", "nat-a", ep("192.168.1.10:40000"), ep("203.0.113.10:3478"), send);
}

TEST(CheckPriority, PeerReflexivePriorityOfTheBasePasses) {
  Verdict v = a_checks_b().judge(kPriority);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: 1 checks");
}

TEST(CheckPriority, TheCandidatesOwnPriorityFails) {
  Verdict v = a_checks_b(prio(ice::CandidateType::Host)).judge(kPriority);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("carries PRIORITY 2130706431"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("would have 1862270975"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("tid=010101010101010101010101"), std::string::npos) << v.detail;
}

TEST(CheckPriority, RelayedChecksUseTheRelayedCandidate) {
  TraceBuilder b = a_checks_b();
  gathered(b, ms(30), "A", a_relay());
  relayed_check(b, ms(120), 2, kPrflxHost);
  EXPECT_EQ(b.judge(kPriority).status, Status::Pass) << b.judge(kPriority).detail;
  // Component 2's value on a component-1 relayed candidate.
  relayed_check(b, ms(140), 3, prio(ice::CandidateType::PeerReflexive, 2));
  Verdict v = b.judge(kPriority);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("from relay 203.0.113.10:50000"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("in a Send indication"), std::string::npos) << v.detail;
}

TEST(CheckPriority, NoChecksIsNotApplicable) {
  TraceBuilder b;
  gathered(b, ms(0), "A", a_host());
  for (const char* id : {kPriority, kLimit, kBase, kStart}) EXPECT_EQ(b.judge(id).status, Status::NotApplicable) << id;
}

TEST(CheckPriority, RealRunPassesAndFailsOnceOneCheckCarriesTheRelayPriority) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/symmetric-vs-symmetric.yaml");
  ASSERT_EQ(b.judge(kPriority).status, Status::Pass) << b.judge(kPriority).detail;
  // Re-encode B's first check on the wire with PRIORITY of its relayed candidate.
  Json* first = find_record(b, [](const Json& r) {
    return r.value("kind", "") == "packet" && r.value("from", "") == "bob-pc" &&
           r.value("summary", "").find("PRIORITY") != std::string::npos;
  });
  ASSERT_NE(first, nullptr);
  auto bytes = from_hex((*first)["payload"].get<std::string>()).value();
  auto decoded = stun::decode(bytes);
  ASSERT_TRUE(decoded);
  stun::Message m = *decoded.message;
  for (auto& a : m.attributes)
    if (a.type == stun::attr::Priority) a.value = stun::Priority{prio(ice::CandidateType::Relayed)}.encode_value(m.transaction_id);
  (*first)["payload"] = to_hex(stun::encode(m, stun::EncodeOptions{std::nullopt, true}));
  Verdict v = b.judge(kPriority);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("B: a check from host 192.168.2.20:40010"), std::string::npos) << v.detail;
}

TEST(ChecklistLimit, ASmallCheckListPasses) {
  Verdict v = a_checks_b().judge(kLimit);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: 1 pairs checked (limit 100)");
}

TEST(ChecklistLimit, RetransmissionsAndRepeatsCountOnce) {
  TraceBuilder b = a_checks_b();
  b.stun(ms(200), "alice-pc", "nat-a", ep("192.168.1.10:40000"), ep("203.0.113.20:40010"), ice_check(1, kPrflxHost));
  b.stun(ms(300), "alice-pc", "nat-a", ep("192.168.1.10:40000"), ep("203.0.113.20:40010"), ice_check(2, kPrflxHost));
  EXPECT_EQ(b.judge(kLimit).detail, "A: 1 pairs checked (limit 100)");
}

TEST(ChecklistLimit, The101stPairFails) {
  TraceBuilder b = a_checks_b();
  for (int i = 1; i <= 100; ++i) {
    const Endpoint dst{IpAddress::parse("203.0.113.20").value(), static_cast<std::uint16_t>(41000 + i)};
    b.stun(ms(100 + 20 * i), "alice-pc", "nat-a", ep("192.168.1.10:40000"), dst,
           ice_check(static_cast<std::uint8_t>(i + 1), kPrflxHost));
  }
  Verdict v = b.judge(kLimit);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("101 distinct candidate pairs"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("203.0.113.20:41100"), std::string::npos) << v.detail;
  b.records().pop_back();
  EXPECT_EQ(b.judge(kLimit).status, Status::Pass);
}

TEST(CheckFromBase, HostSocketAndRelayedChecksPass) {
  TraceBuilder b = a_checks_b();
  gathered(b, ms(30), "A", a_relay());
  relayed_check(b, ms(120), 2, kPrflxHost);
  Verdict v = b.judge(kBase);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "1 checks from host sockets, 1 through TURN from relayed candidates; 1 check-sent events from "
                      "host or relayed candidates");
}

TEST(CheckFromBase, ACheckFromTheServerReflexiveAddressFails) {
  TraceBuilder b = a_checks_b();
  b.stun(ms(120), "alice-pc", "nat-a", ep("198.51.100.1:40000"), ep("203.0.113.20:40010"), ice_check(2, kPrflxHost));
  Verdict v = b.judge(kBase);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("from 198.51.100.1:40000 (the srflx candidate of A)"), std::string::npos) << v.detail;
}

TEST(CheckFromBase, ACheckSentEventFromTheServerReflexiveCandidateFails) {
  TraceBuilder b = a_checks_b();
  b.event(ms(120), "A", "check-sent",
          {{"pair", 2}, {"local", "198.51.100.1:40000"}, {"remote", "203.0.113.20:40010"}, {"use_candidate", false},
           {"retransmit", false}, {"triggered", false}});
  Verdict v = b.judge(kBase);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("replaced by its base"), std::string::npos) << v.detail;
}

TEST(CheckFromBase, ARelayedCheckFromAnUnknownRelayedAddressFails) {
  TraceBuilder b = a_checks_b();
  gathered(b, ms(30), "A", a_relay());
  relayed_check(b, ms(120), 2, kPrflxHost, ep("203.0.113.10:50002"));
  Verdict v = b.judge(kBase);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("203.0.113.10:50002, which is not a relayed candidate"), std::string::npos) << v.detail;
}

TEST(CheckFromBase, RealRunPassesAndFailsOnceACheckLeavesFromTheNatAddress) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/port-restricted-vs-port-restricted.yaml");
  ASSERT_EQ(b.judge(kBase).status, Status::Pass) << b.judge(kBase).detail;
  Json* check = find_record(b, [](const Json& r) {
    return r.value("kind", "") == "packet" && r.value("from", "") == "alice-pc" &&
           r.value("summary", "").find("PRIORITY") != std::string::npos;
  });
  ASSERT_NE(check, nullptr);
  (*check)["src"] = "198.51.100.1:40000";  // A's server-reflexive candidate
  Verdict v = b.judge(kBase);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("(the srflx candidate of A)"), std::string::npos) << v.detail;
}

TEST(RemoteCredentialsFirst, FirstCheckAfterTheAnswerPasses) {
  Verdict v = a_checks_b().judge(kStart);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: first check 0.000 ms after answer-received");
}

TEST(RemoteCredentialsFirst, ACheckBeforeTheAnswerFails) {
  TraceBuilder b = a_checks_b();
  b.stun(ms(90), "alice-pc", "nat-a", ep("192.168.1.10:40000"), ep("203.0.113.20:40010"), ice_check(2, kPrflxHost));
  Verdict v = b.judge(kStart);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("answer-received at 0.100000 s"), std::string::npos) << v.detail;
  EXPECT_NE(v.detail.find("t=0.090000 s"), std::string::npos) << v.detail;
}

TEST(RemoteCredentialsFirst, ChecksWithoutAnyDescriptionFail) {
  TraceBuilder b = a_checks_b();
  b.records().erase(b.records().begin() + 2);  // the answer-received
  Verdict v = b.judge(kStart);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("never received"), std::string::npos) << v.detail;
}

TEST(RemoteCredentialsFirst, RealRunPassesAndFailsOnceTheAnswerArrivesLater) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/full-cone-vs-full-cone.yaml");
  Verdict v = b.judge(kStart);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_NE(v.detail.find("A: first check 0.045 ms after answer-received"), std::string::npos) << v.detail;
  Json* answer = find_record(b, event_of("A", "answer-received"));
  ASSERT_NE(answer, nullptr);
  (*answer)["t_ns"] = (*answer)["t_ns"].get<std::int64_t>() + 1'000'000;
  v = b.judge(kStart);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("A: first check before the peer's description arrived"), std::string::npos) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
