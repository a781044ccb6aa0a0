// TurnServer: the long-term credential mechanism (RFC 5389 10.2.2) and the
// username rule of RFC 5766 4.
#include "tests/turn/server_test_util.h"

namespace natlab::turn::testing {
namespace {

TEST(TurnServerAuth, FirstAllocateWithoutIntegrityGets401WithRealmAndNonce) {
  Harness h;
  Reply r = h.ask(h.allocate_request());
  EXPECT_EQ(r.msg.cls, Class::Error);
  EXPECT_EQ(r.code(), 401);
  ASSERT_TRUE(r.msg.get<stun::Realm>());
  EXPECT_EQ(r.msg.get<stun::Realm>()->value, "example.org");
  ASSERT_TRUE(r.msg.get<stun::Nonce>());
  EXPECT_FALSE(r.msg.get<stun::Nonce>()->value.empty());
  // RFC 5389 10.2.2: no key yet, so no MESSAGE-INTEGRITY.
  EXPECT_FALSE(r.msg.find(stun::attr::MessageIntegrity));
  EXPECT_EQ(h.server.allocation_count(), 0u);
  EXPECT_EQ(h.server.counters().errors(401), 1u);
}

TEST(TurnServerAuth, StaleNonceGets438WithFreshNonce) {
  TurnServerConfig c = test_config();
  c.nonce_lifetime = 60s;
  Harness h(c);
  h.learn_nonce();
  const std::string old = h.nonce;
  h.now = 60s;  // a nonce is valid while now < issue + lifetime
  Reply r = h.ask(h.sign(h.allocate_request()));
  EXPECT_EQ(r.code(), 438);
  ASSERT_TRUE(r.msg.get<stun::Nonce>());
  EXPECT_NE(r.msg.get<stun::Nonce>()->value, old);
  EXPECT_TRUE(r.msg.get<stun::Realm>());
  EXPECT_EQ(h.server.allocation_count(), 0u);
  // The fresh nonce works.
  EXPECT_TRUE(h.ask_signed(h.allocate_request()).ok());
}

TEST(TurnServerAuth, NonceStillValidJustBeforeExpiry) {
  TurnServerConfig c = test_config();
  c.nonce_lifetime = 60s;
  Harness h(c);
  h.learn_nonce();
  h.now = 60s - 1ns;
  EXPECT_TRUE(h.ask_signed(h.allocate_request()).ok());
}

TEST(TurnServerAuth, ForgedNonceGets438) {
  Harness h;
  h.learn_nonce();
  h.nonce[h.nonce.size() - 1] = h.nonce.back() == '0' ? '1' : '0';
  EXPECT_EQ(h.ask(h.sign(h.allocate_request())).code(), 438);
}

TEST(TurnServerAuth, WrongPasswordGets401WithRealmAndNonce) {
  Harness h;
  h.learn_nonce();
  h.password = "not-the-password";
  Reply r = h.ask_signed(h.allocate_request());
  EXPECT_EQ(r.code(), 401);
  EXPECT_TRUE(r.msg.get<stun::Realm>());
  EXPECT_TRUE(r.msg.get<stun::Nonce>());
  EXPECT_EQ(h.server.allocation_count(), 0u);
}

TEST(TurnServerAuth, UnknownUserGets401) {
  Harness h;
  h.learn_nonce();
  h.user = "mallory";
  EXPECT_EQ(h.ask_signed(h.allocate_request()).code(), 401);
}

TEST(TurnServerAuth, IntegrityWithoutNonceGets400) {
  // RFC 5389 10.2.2: MESSAGE-INTEGRITY but no USERNAME/REALM/NONCE -> 400.
  Harness h;
  Message m = h.allocate_request();
  m.add(stun::Username{"alice"});
  m.add(stun::Realm{"example.org"});
  Reply r = h.ask(stun::encode(m, {stun::long_term_key("alice", "example.org", "secret"), true}));
  EXPECT_EQ(r.code(), 400);
  EXPECT_FALSE(r.msg.get<stun::Nonce>());
}

TEST(TurnServerAuth, TamperedIntegrityGets401) {
  Harness h;
  h.learn_nonce();
  Message m = h.allocate_request();
  m.add(stun::Username{"alice"});
  m.add(stun::Realm{"example.org"});
  m.add(stun::Nonce{h.nonce});
  // No FINGERPRINT, so the flipped HMAC bit is the only fault.
  auto bytes = stun::encode(m, {stun::long_term_key("alice", "example.org", "secret"), false});
  bytes.back() ^= 0x01;
  EXPECT_EQ(h.ask(bytes).code(), 401);
  EXPECT_EQ(h.server.allocation_count(), 0u);
}

TEST(TurnServerAuth, SuccessIsSignedWithLongTermKeyAndCarriesSoftwareAndFingerprint) {
  Harness h;
  Reply r = h.allocate();
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(stun::check_integrity(r.tx.bytes, stun::long_term_key("alice", "example.org", "secret")),
            stun::IntegrityCheck::Valid);
  EXPECT_EQ(stun::check_fingerprint(r.tx.bytes), stun::FingerprintCheck::Valid);
  ASSERT_TRUE(r.msg.get<stun::Software>());
  EXPECT_EQ(r.msg.get<stun::Software>()->value, "natlab-turn-test");
  EXPECT_EQ(r.tx.local, kServer);
  EXPECT_EQ(r.tx.remote, kClient);
}

TEST(TurnServerAuth, ErrorAfterAuthenticationIsSigned) {
  Harness h;
  h.learn_nonce();
  Message m = h.request(Method::Allocate);  // no REQUESTED-TRANSPORT
  Reply r = h.ask_signed(m);
  EXPECT_EQ(r.code(), 400);
  EXPECT_EQ(stun::check_integrity(r.tx.bytes, stun::long_term_key("alice", "example.org", "secret")),
            stun::IntegrityCheck::Valid);
}

TEST(TurnServerAuth, OtherUsernameOnExistingAllocationGets441) {
  // RFC 5766 4: authenticated, allocation exists, different username -> 441.
  Harness h;
  h.allocated();
  h.user = "bob";
  h.password = "hunter2";
  EXPECT_EQ(h.refresh(600).code(), 441);
  EXPECT_EQ(h.create_permission({kPeer}).code(), 441);
  EXPECT_EQ(h.channel_bind(0x4000, kPeer).code(), 441);
  EXPECT_EQ(h.server.counters().errors(441), 3u);
  EXPECT_EQ(h.server.find_allocation(FiveTuple{kClient, kServer})->permissions.size(), 0u);
}

TEST(TurnServerAuth, OtherUsernameOnAnotherTupleIsFine) {
  Harness h;
  h.allocated(kClient);
  h.user = "bob";
  h.password = "hunter2";
  EXPECT_TRUE(h.allocate(kClient2).ok());
}

TEST(TurnServerAuth, RefreshWithoutIntegrityGets401) {
  Harness h;
  h.allocated();
  Message m = h.request(Method::Refresh);
  EXPECT_EQ(h.ask(m).code(), 401);
}

TEST(TurnServerAuth, BindingRequestIsAnsweredWithoutCredentials) {
  Harness h;
  Reply r = h.ask(h.request(Method::Binding));
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r.msg.get<stun::XorMappedAddress>());
  EXPECT_EQ(r.msg.get<stun::XorMappedAddress>()->endpoint, kClient);
  EXPECT_TRUE(r.msg.get<stun::Software>());
  EXPECT_EQ(stun::check_fingerprint(r.tx.bytes), stun::FingerprintCheck::Valid);
}

}  // namespace
}  // namespace natlab::turn::testing
