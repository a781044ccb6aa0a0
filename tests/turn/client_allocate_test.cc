// TurnClient Allocate: the long-term credential dance (RFC 5389 10.2, RFC 5766
// 6), stale nonces, failures and RFC 5389 7.2.1 retransmissions.
#include <gtest/gtest.h>

#include "tests/turn/client_fake_server.h"

namespace natlab::turn {
namespace {

using namespace client_testing;

TEST(TurnClientAllocate, UnauthenticatedFirstThenSignedAfter401) {
  Loop loop;
  ASSERT_TRUE(loop.client.allocate(loop.now));
  loop.settle();
  auto allocs = loop.server.requests_of(stun::Method::Allocate);
  ASSERT_EQ(allocs.size(), 2u);

  // RFC 5766 6.1: REQUESTED-TRANSPORT 17 on every Allocate; the first one
  // carries no credentials (RFC 5389 10.2.1: the client waits for the challenge).
  const stun::Message& first = allocs[0].msg;
  ASSERT_TRUE(first.get<stun::RequestedTransport>());
  EXPECT_EQ(first.get<stun::RequestedTransport>()->protocol, 17);
  EXPECT_FALSE(first.find(stun::attr::Username));
  EXPECT_FALSE(first.find(stun::attr::MessageIntegrity));

  // RFC 5389 10.2.2: the retry carries USERNAME, REALM, NONCE from the 401 and
  // MESSAGE-INTEGRITY with key MD5(username:realm:password).
  const Seen& second = allocs[1];
  EXPECT_NE(second.msg.transaction_id, first.transaction_id);
  EXPECT_EQ(second.msg.get<stun::RequestedTransport>()->protocol, 17);
  ASSERT_TRUE(second.msg.get<stun::Username>());
  EXPECT_EQ(second.msg.get<stun::Username>()->value, kUser);
  ASSERT_TRUE(second.msg.get<stun::Realm>());
  EXPECT_EQ(second.msg.get<stun::Realm>()->value, kRealm);
  ASSERT_TRUE(second.msg.get<stun::Nonce>());
  EXPECT_EQ(second.msg.get<stun::Nonce>()->value, loop.server.nonce());
  EXPECT_EQ(stun::check_integrity(second.bytes, stun::long_term_key(kUser, kRealm, kPass)),
            stun::IntegrityCheck::Valid);
  EXPECT_EQ(stun::check_integrity(second.bytes, stun::long_term_key(kUser, kRealm, "wrong")),
            stun::IntegrityCheck::Invalid);
}

TEST(TurnClientAllocate, SuccessRecordsRelayedMappedAndLifetime) {
  Loop loop;
  ASSERT_TRUE(loop.client.allocate(loop.now));
  loop.settle();
  ASSERT_EQ(loop.client.state(), ClientState::Allocated);
  auto allocated = loop.events_of<Allocated>();
  ASSERT_EQ(allocated.size(), 1u);
  EXPECT_EQ(allocated[0].second.relayed, kRelayed);
  EXPECT_EQ(allocated[0].second.mapped, kMapped);
  EXPECT_EQ(allocated[0].second.lifetime, 600s);
  EXPECT_EQ(loop.client.relayed(), kRelayed);
  EXPECT_EQ(loop.client.mapped(), kMapped);
  EXPECT_EQ(loop.client.lifetime(), 600s);
  EXPECT_EQ(loop.client.expires_at(), kStart + 600s);
  EXPECT_FALSE(loop.client.allocate(loop.now));  // one allocation at a time
}

TEST(TurnClientAllocate, RequestedLifetimeIsSent) {
  TurnClientConfig c = default_config();
  c.requested_lifetime = 1200s;
  Loop loop(c);
  loop.client.allocate(loop.now);
  loop.settle();
  for (const Seen& s : loop.server.requests_of(stun::Method::Allocate)) {
    ASSERT_TRUE(s.msg.get<stun::Lifetime>());
    EXPECT_EQ(s.msg.get<stun::Lifetime>()->seconds, 1200u);
  }
  EXPECT_EQ(loop.client.lifetime(), 1200s);
}

TEST(TurnClientAllocate, StaleNonceRetriesWithNewNonce) {
  Loop loop;
  loop.server.stale_next = 1;
  loop.client.allocate(loop.now);
  loop.settle();
  auto allocs = loop.server.requests_of(stun::Method::Allocate);
  ASSERT_EQ(allocs.size(), 3u);  // unauthenticated, stale, fresh
  const std::string old_nonce = allocs[1].msg.get<stun::Nonce>()->value;
  // RFC 5389 10.2.3: on 438 retry with the NONCE of the 438 response.
  ASSERT_TRUE(allocs[2].msg.get<stun::Nonce>());
  EXPECT_NE(allocs[2].msg.get<stun::Nonce>()->value, old_nonce);
  EXPECT_EQ(allocs[2].msg.get<stun::Nonce>()->value, loop.server.nonce());
  EXPECT_EQ(stun::check_integrity(allocs[2].bytes, loop.server.key()), stun::IntegrityCheck::Valid);
  EXPECT_EQ(loop.client.state(), ClientState::Allocated);
}

TEST(TurnClientAllocate, StaleNonceRetriesAreBounded) {
  Loop loop;
  loop.server.stale_next = 1000;
  loop.client.allocate(loop.now);
  loop.settle();
  // 1 unauthenticated + 1 signed + max_stale_nonce_retries (3) retries.
  EXPECT_EQ(loop.server.requests_of(stun::Method::Allocate).size(), 5u);
  EXPECT_EQ(loop.client.state(), ClientState::Failed);
  auto failed = loop.events_of<AllocateFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].second.failure.code, 438);
}

TEST(TurnClientAllocate, WrongPasswordFailsWith401AfterOneRetry) {
  Loop loop;
  loop.server.password = "something-else";
  loop.client.allocate(loop.now);
  loop.settle();
  EXPECT_EQ(loop.server.requests_of(stun::Method::Allocate).size(), 2u);
  EXPECT_EQ(loop.client.state(), ClientState::Failed);
  auto failed = loop.events_of<AllocateFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].second.failure.code, 401);
  EXPECT_FALSE(loop.client.relayed());
}

TEST(TurnClientAllocate, OtherErrorIsAFailureEvent) {
  Loop loop;
  loop.server.error_for[method_of(stun::Method::Allocate)] = 486;
  loop.client.allocate(loop.now);
  loop.settle();
  EXPECT_EQ(loop.server.requests_of(stun::Method::Allocate).size(), 2u);
  auto failed = loop.events_of<AllocateFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].second.failure.code, 486);
  EXPECT_EQ(failed[0].second.failure.reason, "Scripted Error");
  EXPECT_EQ(loop.client.state(), ClientState::Failed);
  // A failed client may try again.
  loop.server.error_for.clear();
  EXPECT_TRUE(loop.client.allocate(loop.now));
  loop.settle();
  EXPECT_EQ(loop.client.state(), ClientState::Allocated);
}

TEST(TurnClientAllocate, RetransmitsPerRfc5389AndTimesOut) {
  Loop loop;
  loop.server.silent = true;
  loop.client.allocate(loop.now);
  loop.run_until(kStart + 60s);
  // RFC 5389 7.2.1: sends at 0, 500, 1500, 3500, 7500, 15500, 31500 ms; the
  // transaction fails at 39500 ms.
  auto allocs = loop.server.requests_of(stun::Method::Allocate);
  EXPECT_EQ(offsets_ms(allocs, kStart),
            (std::vector<std::int64_t>{0, 500, 1500, 3500, 7500, 15500, 31500}));
  for (const Seen& s : allocs) EXPECT_EQ(s.bytes, allocs[0].bytes);  // same request each time
  auto failed = loop.events_of<AllocateFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].first, kStart + 39500ms);
  EXPECT_EQ(failed[0].second.failure.code, 0);
  EXPECT_FALSE(loop.client.poll_timeout());
}

TEST(TurnClientAllocate, RetransmissionUsesConfiguredRto) {
  TurnClientConfig c = default_config();
  c.retransmit.rto = 100ms;
  c.retransmit.rc = 3;
  c.retransmit.rm = 4;
  Loop loop(c);
  loop.server.silent = true;
  loop.client.allocate(loop.now);
  loop.run_until(kStart + 10s);
  EXPECT_EQ(offsets_ms(loop.server.requests_of(stun::Method::Allocate), kStart),
            (std::vector<std::int64_t>{0, 100, 300}));
  auto failed = loop.events_of<AllocateFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].first, kStart + 700ms);
}

TEST(TurnClientAllocate, ResponseWithBadIntegrityIsDiscarded) {
  Loop loop;
  loop.server.corrupt_integrity = true;
  loop.client.allocate(loop.now);
  loop.run_until(kStart + 60s);
  // RFC 5389 10.2.3: discarded as if never received, so the signed Allocate
  // is retransmitted until it times out.
  EXPECT_EQ(loop.server.requests_of(stun::Method::Allocate).size(), 1u + 7u);
  EXPECT_TRUE(loop.events_of<Allocated>().empty());
  ASSERT_EQ(loop.events_of<AllocateFailed>().size(), 1u);
  EXPECT_GE(loop.client.counters().ignored, 7u);
}

TEST(TurnClientAllocate, SuccessWithoutRelayedAddressFails) {
  Loop loop;
  ASSERT_TRUE(loop.client.allocate(loop.now));
  // Answer by hand: the challenge, then a success lacking XOR-RELAYED-ADDRESS.
  auto first = loop.client.poll_transmit();
  ASSERT_TRUE(first);
  loop.client.handle_datagram(loop.now, kLocal, kServer, loop.server.on_datagram(loop.now, first->bytes)[0]);
  auto second = loop.client.poll_transmit();
  ASSERT_TRUE(second);
  stun::Message req = *stun::decode(second->bytes).message;
  stun::Message res;
  res.cls = stun::Class::Success;
  res.method = req.method;
  res.transaction_id = req.transaction_id;
  res.add(stun::Lifetime{600});
  stun::EncodeOptions opts;
  opts.integrity = loop.server.key();
  EXPECT_TRUE(loop.client.handle_datagram(loop.now, kLocal, kServer, stun::encode(res, opts)));
  loop.settle();
  ASSERT_EQ(loop.events_of<AllocateFailed>().size(), 1u);
  EXPECT_EQ(loop.client.state(), ClientState::Failed);
}

TEST(TurnClientAllocate, SoftwareAndOptionalFingerprint) {
  TurnClientConfig c = default_config();
  c.fingerprint = true;
  c.software = "natlab-test-client";
  Loop loop(c);
  loop.client.allocate(loop.now);
  loop.settle();
  loop.client.send(loop.now, kPeerA, std::vector<std::uint8_t>{1});
  loop.settle();
  auto allocs = loop.server.requests_of(stun::Method::Allocate);
  ASSERT_EQ(allocs.size(), 2u);
  for (const Seen& s : allocs) {
    // RFC 5389 15.10 SHOULD: SOFTWARE in requests.
    ASSERT_TRUE(s.msg.get<stun::Software>());
    EXPECT_EQ(s.msg.get<stun::Software>()->value, "natlab-test-client");
    EXPECT_EQ(stun::check_fingerprint(s.bytes), stun::FingerprintCheck::Valid);
  }
  // RFC 5389 15.4: MESSAGE-INTEGRITY still verifies with FINGERPRINT after it.
  EXPECT_EQ(stun::check_integrity(allocs[1].bytes, loop.server.key()), stun::IntegrityCheck::Valid);
  ASSERT_EQ(loop.server.indications.size(), 1u);
  EXPECT_EQ(stun::check_fingerprint(loop.server.indications[0].bytes), stun::FingerprintCheck::Valid);
  EXPECT_EQ(loop.client.state(), ClientState::Allocated);
}

}  // namespace
}  // namespace natlab::turn
