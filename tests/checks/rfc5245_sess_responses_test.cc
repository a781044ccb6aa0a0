#include <gtest/gtest.h>

#include "tests/checks/rfc5245_sess_fixture.h"

namespace natlab::reports::checks::testing::sess {
namespace {

const char* kSymmetric = "RFC5245-7.2.1.2-response-symmetric";
const char* kSuccess = "RFC5245-7.2.1.2-success-response";
const char* kSymmetricSuccess = "RFC5245-7.1.3.1-symmetric-success";

bool is_success(const stun::Message& m) { return m.cls == stun::Class::Success && m.method_enum() == stun::Method::Binding; }

TEST(SessResponses, GoodSessionPasses) {
  TraceBuilder b = good_session();
  for (const char* id : {kSymmetric, kSuccess, kSymmetricSuccess}) {
    Verdict v = b.judge(id);
    EXPECT_EQ(v.status, Status::Pass) << id << ": " << v.detail;
  }
  EXPECT_EQ(b.judge(kSymmetricSuccess).detail,
            "A in session call1: 1 pairs succeeded, each on a symmetric success response; B in session call1: 1 pairs "
            "succeeded, each on a symmetric success response");
}

TEST(SessResponses, NothingAnsweredIsNotApplicable) {
  TraceBuilder b = signalled();
  send_check(b, ms(210), CheckSpec{Side::A, 1, false, std::nullopt, std::nullopt});
  for (const char* id : {kSymmetric, kSuccess, kSymmetricSuccess}) EXPECT_EQ(b.judge(id).status, Status::NotApplicable) << id;
}

TEST(SessResponses, ResponseFromAnotherPortFails) {
  TraceBuilder b = good_session();
  // B answers check 1 from another of its sockets, not the one the check
  // arrived at.
  b.host_candidate(Time{0}, "B", ep("203.0.113.20:40011"));
  for (Json& r : b.records())
    if (r["kind"] == "packet" && r["from"] == "bob-pc" && r["t_ns"] == ms(220).count()) r["src"] = "203.0.113.20:40011";
  Verdict v = b.judge(kSymmetric);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("arrived 198.51.100.1:40000 -> 203.0.113.20:40010 with a response 203.0.113.20:40011 -> "
                          "198.51.100.1:40000"),
            std::string::npos)
      << v.detail;
}

TEST(SessResponses, ResponseToAnotherAddressFails) {
  TraceBuilder b = good_session();
  for (Json& r : b.records())
    if (r["kind"] == "packet" && r["from"] == "alice-pc" && r["t_ns"] == ms(250).count()) r["dst"] = "203.0.113.20:9";
  EXPECT_EQ(b.judge(kSymmetric).status, Status::Fail);
}

TEST(SessResponses, SuccessWithoutXorMappedAddressIntegrityOrFingerprintFails) {
  for (std::uint16_t attr : {stun::attr::XorMappedAddress, stun::attr::MessageIntegrity, stun::attr::Fingerprint}) {
    TraceBuilder b = good_session();
    ASSERT_EQ(rewrite_stun(
                  b.records(), [](const Json&, const stun::Message& m) { return is_success(m) && m.transaction_id == tid(2); },
                  [attr](stun::Message& m) { drop_attribute(m, attr); }),
              2);
    Verdict v = b.judge(kSuccess);
    ASSERT_EQ(v.status, Status::Fail) << attr;
    EXPECT_NE(v.detail.find("A in session call1 sent a success response without"), std::string::npos) << v.detail;
  }
}

TEST(SessResponses, WrongXorMappedAddressFails) {
  TraceBuilder b = good_session();
  rewrite_stun(
      b.records(), [](const Json&, const stun::Message& m) { return is_success(m) && m.transaction_id == tid(1); },
      [](stun::Message& m) {
        drop_attribute(m, stun::attr::XorMappedAddress);
        add_attribute(m, stun::XorMappedAddress{a_socket()});
      });
  Verdict v = b.judge(kSuccess);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("XOR-MAPPED-ADDRESS 192.168.1.10:40000 but the check came from 198.51.100.1:40000"),
            std::string::npos)
      << v.detail;
}

TEST(SessResponses, PairSucceededOnAnAsymmetricResponseFails) {
  TraceBuilder b = good_session();
  // The answer to A's check 1 reaches A from another address, yet A's pair
  // succeeds.
  for (Json& r : b.records())
    if (r["kind"] == "packet" && r["to"] == "alice-pc" && r["t_ns"] == ms(230).count()) r["src"] = "203.0.113.99:40010";
  Verdict v = b.judge(kSymmetricSuccess);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("on a response 203.0.113.99:40010 -> 192.168.1.10:40000 that does not mirror its check "
                          "192.168.1.10:40000 -> 203.0.113.20:40010"),
            std::string::npos)
      << v.detail;
}

TEST(SessResponses, AsymmetricResponseThatFailsThePairIsFine) {
  TraceBuilder b = signalled();
  send_check(b, ms(210), CheckSpec{Side::A, 1, false, std::nullopt, std::nullopt});
  b.stun(ms(230), "nat-a", "alice-pc", ep("203.0.113.99:40010"), a_socket(), success_message(Side::A, 1),
         signed_by(kPwdB));
  b.event(ms(231), "A", "pair-state", pair_state(a_socket(), b_socket(), "in-progress", "failed"));
  EXPECT_EQ(b.judge(kSymmetricSuccess).status, Status::NotApplicable);
}

TEST(SessResponses, PairSucceededWithoutAnyResponseFails) {
  TraceBuilder b = signalled();
  send_check(b, ms(210), CheckSpec{Side::A, 1, false, std::nullopt, std::nullopt});
  b.event(ms(231), "A", "pair-state", pair_state(a_socket(), b_socket(), "in-progress", "succeeded"));
  Verdict v = b.judge(kSymmetricSuccess);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("without a success response"), std::string::npos) << v.detail;
}

// Real runs, direct and relayed.
TEST(SessResponses, RealRunsPass) {
  for (const char* file : {"scenarios/examples/port-restricted-vs-symmetric-turn.yaml",
                           "scenarios/examples/nat-behind-nat.yaml", "scenarios/matrix/symmetric-vs-open.yaml"}) {
    TraceBuilder b = TraceBuilder::from_run(file);
    for (const char* id : {kSymmetric, kSuccess, kSymmetricSuccess}) {
      Verdict v = b.judge(id);
      EXPECT_EQ(v.status, Status::Pass) << file << " " << id << ": " << v.detail;
    }
  }
}

TEST(SessResponses, RealRunFailsOnceASuccessResponseIsBent) {
  TraceBuilder good = TraceBuilder::from_run("scenarios/matrix/full-cone-vs-full-cone.yaml");
  // The first success response B sends directly: move its source port on
  // every hop, so B answered from elsewhere and A accepted an asymmetric
  // response.
  std::optional<stun::TransactionId> target;
  for (const Json& r : good.records()) {
    if (target || r.value("from", "") != "bob-pc" || !r.contains("payload")) continue;
    auto d = stun::decode(*from_hex(r["payload"].get<std::string>()));
    if (d && is_success(*d.message) && d.message->get<stun::XorMappedAddress>() &&
        r.value("dst", "").rfind("198.51.100.1:", 0) == 0)
      target = d.message->transaction_id;
  }
  ASSERT_TRUE(target);
  TraceBuilder b = good;
  int moved = 0;
  for (Json& r : b.records()) {
    if (r.value("kind", "") != "packet" || !r.contains("payload")) continue;
    auto d = stun::decode(*from_hex(r["payload"].get<std::string>()));
    if (!d || d.message->transaction_id != *target || !is_success(*d.message)) continue;
    Endpoint src = Endpoint::parse(r["src"].get<std::string>()).value();
    src.port = static_cast<std::uint16_t>(src.port + 1);
    r["src"] = src.to_string();
    ++moved;
  }
  ASSERT_GE(moved, 2);
  EXPECT_EQ(b.judge(kSymmetric).status, Status::Fail);
  EXPECT_EQ(b.judge(kSymmetricSuccess).status, Status::Fail);
  EXPECT_EQ(b.judge(kSuccess).status, Status::Pass);  // its contents are fine
}

}  // namespace
}  // namespace natlab::reports::checks::testing::sess
