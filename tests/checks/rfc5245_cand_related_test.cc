#include <gtest/gtest.h>

#include "tests/checks/rfc5245_cand_test.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kRelatedCheck = "RFC5245-15.1-related-address";

stun::Message allocate_success(std::uint8_t n, const Endpoint& relayed, const Endpoint& mapped) {
  stun::Message m;
  m.cls = stun::Class::Success;
  m.method = static_cast<std::uint16_t>(stun::Method::Allocate);
  m.transaction_id = tid(n);
  m.add(stun::XorRelayedAddress{relayed}).add(stun::XorMappedAddress{mapped});
  return m;
}

// A gathers host, srflx and relay (the Allocate success on the wire) and offers them.
TraceBuilder good(const Json& srflx = a_srflx(), const Json& relay = a_relay()) {
  TraceBuilder b;
  gathered(b, ms(0), "A", a_host());
  gathered(b, ms(20), "A", srflx);
  b.stun(ms(40), "nat-a", "alice-pc", ep("203.0.113.10:3478"), ep("192.168.1.10:40000"),
         allocate_success(1, ep("203.0.113.10:50000"), ep("198.51.100.1:40000")));
  gathered(b, ms(41), "A", relay);
  signal(b, ms(41), "A", "offer-sent", sdp({a_host(), srflx, relay}));
  return b;
}

TEST(RelatedAddress, ReflexiveAndRelayedCandidatesCarryTheirsPass) {
  Verdict v = good().judge(kRelatedCheck);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "A: 3 candidates gathered, 2 with a related address; 3 candidate lines in offers and answers");
}

TEST(RelatedAddress, SrflxWithoutRelatedAddressFails) {
  Json srflx = a_srflx();
  srflx.erase("related");
  Verdict v = good(srflx).judge(kRelatedCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("no related address, but 15.1 requires the base 192.168.1.10:40000"), std::string::npos)
      << v.detail;
}

TEST(RelatedAddress, SrflxWhoseBaseIsNoHostCandidateFails) {
  Json srflx = a_srflx();
  srflx["base"] = "192.168.1.10:40005";
  srflx["related"] = "192.168.1.10:40005";
  Verdict v = good(srflx).judge(kRelatedCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("is not the address of a host candidate"), std::string::npos) << v.detail;
}

TEST(RelatedAddress, RelayedRelatedAddressOtherThanTheAllocateMappedAddressFails) {
  Json relay = a_relay();
  relay["related"] = "192.168.1.10:40000";  // the host address instead of the mapped one
  Verdict v = good(a_srflx(), relay).judge(kRelatedCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("XOR-MAPPED-ADDRESS 198.51.100.1:40000"), std::string::npos) << v.detail;
}

TEST(RelatedAddress, RelayedBaseOtherThanItselfFails) {
  Json relay = a_relay();
  relay["base"] = "192.168.1.10:40000";
  Verdict v = good(a_srflx(), relay).judge(kRelatedCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("is not itself"), std::string::npos) << v.detail;
}

TEST(RelatedAddress, HostLineWithRaddrInTheOfferFails) {
  TraceBuilder b = good();
  std::string text = sdp({a_host(), a_srflx()});
  const std::string host_line = "typ host";
  text.replace(text.find(host_line), host_line.size(), "typ host raddr 10.0.0.1 rport 9");
  signal(b, ms(42), "A", "offer-sent", text);
  Verdict v = b.judge(kRelatedCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("MUST be omitted for host candidates"), std::string::npos) << v.detail;
}

TEST(RelatedAddress, RelayLineWithoutRaddrInTheOfferFails) {
  TraceBuilder b = good();
  Json relay = a_relay();
  relay.erase("related");
  signal(b, ms(42), "A", "offer-sent", sdp({relay}));
  Verdict v = b.judge(kRelatedCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("MUST be present"), std::string::npos) << v.detail;
}

TEST(RelatedAddress, NothingGatheredIsNotApplicable) {
  TraceBuilder b;
  EXPECT_EQ(b.judge(kRelatedCheck).status, Status::NotApplicable);
}

TEST(RelatedAddress, RealRunPassesAndFailsOnceThePeerReflexiveBaseMoves) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/examples/port-restricted-vs-symmetric-turn.yaml");
  Verdict v = b.judge(kRelatedCheck);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  Json* prflx = find_record(b, [](const Json& r) {
    return r.value("event", "") == "candidate-gathered" && r["candidate"].value("type", "") == "prflx";
  });
  ASSERT_NE(prflx, nullptr);
  // A peer-reflexive candidate whose base is its own (NAT) address.
  (*prflx)["candidate"]["base"] = (*prflx)["candidate"]["address"];
  (*prflx)["candidate"]["related"] = (*prflx)["candidate"]["address"];
  v = b.judge(kRelatedCheck);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("is not the address of a host or relayed candidate"), std::string::npos) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
