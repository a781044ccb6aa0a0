// RFC5766-6.2-allocate-authenticated, RFC5766-4-stale-nonce,
// RFC5766-4-client-requests-signed and RFC5766-4-server-requires-integrity.
#include <gtest/gtest.h>

#include "tests/checks/rfc5766_trace.h"

namespace natlab::reports::checks::testing {
namespace {

const char* kAllocate = "RFC5766-6.2-allocate-authenticated";
const char* kStale = "RFC5766-4-stale-nonce";
const char* kSigned = "RFC5766-4-client-requests-signed";
const char* kIntegrity = "RFC5766-4-server-requires-integrity";

TEST(TurnAllocateAuthenticated, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kAllocate);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(mentions(v, "1 unsigned Allocates challenged with 401")) << v.detail;
  EXPECT_TRUE(mentions(v, "1 successes")) << v.detail;
}

TEST(TurnAllocateAuthenticated, SuccessToAnUnsignedAllocateFails) {
  TurnTrace tt;
  stun::Message req = TurnTrace::message(stun::Method::Allocate, stun::Class::Request, 1);
  req.add(stun::RequestedTransport{17});
  tt.to_server(ms(0), TurnTrace::bytes(req));
  stun::Message ok = TurnTrace::answer(req, stun::Class::Success);
  ok.add(stun::XorRelayedAddress{tt.relayed}).add(stun::Lifetime{600});
  tt.to_client(ms(2), TurnTrace::bytes(ok));
  Verdict v = tt.judge(kAllocate);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "with a success instead of 401")) << v.detail;
}

TEST(TurnAllocateAuthenticated, SuccessUnderTheWrongPasswordFails) {
  TurnTrace tt;
  tt.allocate_challenged(ms(0));
  stun::Message req = tt.signed_request(stun::Method::Allocate, 2);
  req.add(stun::RequestedTransport{17});
  tt.to_server(ms(10), TurnTrace::bytes(req, TurnTrace::key("bob", "guessed")));
  stun::Message ok = TurnTrace::answer(req, stun::Class::Success);
  ok.add(stun::XorRelayedAddress{tt.relayed}).add(stun::Lifetime{600});
  tt.to_client(ms(12), TurnTrace::bytes(ok));
  Verdict v = tt.judge(kAllocate);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "does not verify with bob's long-term key")) << v.detail;
}

TEST(TurnAllocateAuthenticated, AnUnknownUserFails) {
  TurnTrace tt;
  stun::Message req = tt.signed_request(stun::Method::Allocate, 2, "mallory");
  req.add(stun::RequestedTransport{17});
  tt.to_server(ms(10), TurnTrace::bytes(req, TurnTrace::key("mallory", "x")));
  stun::Message ok = TurnTrace::answer(req, stun::Class::Success);
  ok.add(stun::XorRelayedAddress{tt.relayed}).add(stun::Lifetime{600});
  tt.to_client(ms(12), TurnTrace::bytes(ok));
  Verdict v = tt.judge(kAllocate);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "\"mallory\" is not one of the server's users")) << v.detail;
}

TEST(TurnAllocateAuthenticated, AChallengeWithoutNonceFails) {
  TurnTrace tt;
  stun::Message req = TurnTrace::message(stun::Method::Allocate, stun::Class::Request, 1);
  req.add(stun::RequestedTransport{17});
  tt.to_server(ms(0), TurnTrace::bytes(req));
  stun::Message e = TurnTrace::answer(req, stun::Class::Error);
  e.add(stun::ErrorCode{401, "Unauthorized"}).add(stun::Realm{"natlab.test"});
  tt.to_client(ms(2), TurnTrace::bytes(e));
  Verdict v = tt.judge(kAllocate);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "401 lacking REALM or NONCE")) << v.detail;
}

TEST(TurnAllocateAuthenticated, NoAllocateIsNotApplicable) {
  TurnTrace tt;
  EXPECT_EQ(tt.judge(kAllocate).status, Status::NotApplicable);
}

// A Refresh answered 438 (nonce "nonce-1" went stale), then retried.
TurnTrace stale(const std::string& new_nonce) {
  TurnTrace tt;
  tt.allocate(ms(10));
  stun::Message refresh = tt.signed_request(stun::Method::Refresh, 9);
  tt.to_server(std::chrono::seconds(540), TurnTrace::bytes(refresh, TurnTrace::key()));
  stun::Message e = TurnTrace::answer(refresh, stun::Class::Error);
  e.add(stun::ErrorCode{438, "Stale Nonce"}).add(stun::Realm{"natlab.test"}).add(stun::Nonce{new_nonce});
  tt.to_client(std::chrono::seconds(540) + ms(2), TurnTrace::bytes(e));
  return tt;
}

TEST(TurnStaleNonce, ANewNoncePasses) {
  Verdict v = stale("nonce-2").judge(kStale);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "1 438 answers, each with REALM and a new NONCE");
}

TEST(TurnStaleNonce, TheSameNonceAgainFails) {
  Verdict v = stale("nonce-1").judge(kStale);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "the very NONCE the request carried (\"nonce-1\")")) << v.detail;
  EXPECT_TRUE(mentions(v, "t=540.002000 s")) << v.detail;
}

TEST(TurnStaleNonce, No438IsNotApplicable) {
  TurnTrace tt;
  EXPECT_EQ(tt.good().judge(kStale).status, Status::NotApplicable);
}

TEST(TurnClientRequestsSigned, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kSigned);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_TRUE(mentions(v, "2 Refresh, CreatePermission and ChannelBind requests")) << v.detail;
}

TEST(TurnClientRequestsSigned, AnUnsignedCreatePermissionFails) {
  TurnTrace tt;
  tt.good();
  stun::Message req = TurnTrace::message(stun::Method::CreatePermission, stun::Class::Request, 20);
  req.add(stun::XorPeerAddress{tt.peer});
  tt.to_server(ms(80), TurnTrace::bytes(req));
  Verdict v = tt.judge(kSigned);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "without USERNAME, REALM, NONCE, MESSAGE-INTEGRITY")) << v.detail;
  EXPECT_TRUE(mentions(v, "CreatePermission Request")) << v.detail;
}

TEST(TurnServerRequiresIntegrity, GoodTracePasses) {
  TurnTrace tt;
  Verdict v = tt.good().judge(kIntegrity);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
}

TEST(TurnServerRequiresIntegrity, AcceptingAnUnsignedChannelBindFails) {
  TurnTrace tt;
  tt.allocate(ms(10));
  stun::Message req = TurnTrace::message(stun::Method::ChannelBind, stun::Class::Request, 6);
  req.add(stun::ChannelNumber{0x4000}).add(stun::XorPeerAddress{tt.peer});
  tt.to_server(ms(50), TurnTrace::bytes(req));
  tt.to_client(ms(52), TurnTrace::bytes(TurnTrace::answer(req, stun::Class::Success)));
  Verdict v = tt.judge(kIntegrity);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "it has no MESSAGE-INTEGRITY")) << v.detail;
}

TEST(TurnServerRequiresIntegrity, AcceptingAnotherUsersRequestFails) {
  const std::string yaml = std::string(kTurnWorld).replace(std::string(kTurnWorld).find("{ bob: hunter2 }"), 16,
                                                           "{ bob: hunter2, eve: evil }");
  TurnTrace tt(yaml);
  tt.allocate(ms(10));
  stun::Message req = tt.signed_request(stun::Method::Refresh, 9, "eve");
  tt.to_server(ms(50), TurnTrace::bytes(req, TurnTrace::key("eve", "evil")));
  stun::Message ok = TurnTrace::answer(req, stun::Class::Success);
  ok.add(stun::Lifetime{600});
  tt.to_client(ms(52), TurnTrace::bytes(ok, TurnTrace::key("eve", "evil")));
  Verdict v = tt.judge(kIntegrity);
  ASSERT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "signed by \"eve\" on the allocation of \"bob\"")) << v.detail;
}

TEST(TurnAuthRealRun, PassAndFailOnceASignatureIsBroken) {
  TraceBuilder b = TraceBuilder::from_run("scenarios/matrix/port-restricted-vs-symmetric.yaml");
  for (const char* id : {kAllocate, kSigned, kIntegrity}) ASSERT_EQ(b.judge(id).status, Status::Pass) << id << ": " << b.judge(id).detail;
  EXPECT_EQ(b.judge(kStale).status, Status::NotApplicable);
  // Flip one bit of the MESSAGE-INTEGRITY of every copy of a signed
  // CreatePermission (on each wire it crosses): the server accepted it anyway.
  std::string tid;
  for (auto& r : b.records()) {
    if (r["kind"] != "packet" || r.value("summary", "").rfind("CreatePermission Request", 0) != 0) continue;
    auto bytes = from_hex(r["payload"].get<std::string>()).value();
    const std::string this_tid = to_hex(std::vector<std::uint8_t>(bytes.begin() + 8, bytes.begin() + 20));
    if (tid.empty()) tid = this_tid;
    if (this_tid != tid) continue;
    // MESSAGE-INTEGRITY is followed by FINGERPRINT (8 bytes): its HMAC ends 8 bytes before the end.
    bytes[bytes.size() - 9] ^= 1;
    r["payload"] = to_hex(bytes);
  }
  ASSERT_FALSE(tid.empty());
  Verdict v = b.judge(kIntegrity);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "does not verify")) << v.detail;
}

// 21 minutes: the server's nonces last 600 s, so requests go stale and get 438.
TEST(TurnAuthRealRun, StaleNoncesGetANewNonceAndFailOnceOneRepeatsTheOld) {
  TraceBuilder b = TraceBuilder::from_run("tests/checks/data/rfc5766-long-relayed-call.yaml");
  Verdict v = b.judge(kStale);
  ASSERT_EQ(v.status, Status::Pass) << v.detail;
  // The first 438: every copy of it now repeats the stale NONCE of its request.
  std::string tid, stale_nonce;
  for (const auto& r : b.records()) {
    if (r["kind"] != "packet" || r.value("summary", "").find("ERROR-CODE=438") == std::string::npos) continue;
    tid = r["payload"].get<std::string>().substr(16, 24);
    break;
  }
  ASSERT_FALSE(tid.empty());
  for (const auto& r : b.records()) {
    if (r["kind"] != "packet" || r["to"] != "turn1" || !r.contains("payload")) continue;
    if (r["payload"].get<std::string>().substr(16, 24) != tid) continue;
    auto request = stun::decode(from_hex(r["payload"].get<std::string>()).value());
    ASSERT_TRUE(request && request.message->get<stun::Nonce>());
    stale_nonce = request.message->get<stun::Nonce>()->value;
  }
  ASSERT_FALSE(stale_nonce.empty());
  for (auto& r : b.records()) {
    if (r["kind"] != "packet" || r.value("summary", "").find("ERROR-CODE=438") == std::string::npos) continue;
    auto answer = stun::decode(from_hex(r["payload"].get<std::string>()).value());
    if (!answer || to_hex(answer.message->transaction_id) != tid) continue;
    stun::Message m = *answer.message;
    for (auto& a : m.attributes)
      if (a.type == stun::attr::Nonce) a.value.assign(stale_nonce.begin(), stale_nonce.end());
    r["payload"] = to_hex(stun::encode(m, stun::EncodeOptions{std::nullopt, true}));
  }
  v = b.judge(kStale);
  EXPECT_EQ(v.status, Status::Fail) << v.detail;
  EXPECT_TRUE(mentions(v, "the very NONCE the request carried")) << v.detail;
}

}  // namespace
}  // namespace natlab::reports::checks::testing
