#include "agents/ice/checks.h"

#include <gtest/gtest.h>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"

namespace natlab::ice {
namespace {

const Credentials kLocal{"LFRG", "localpassword0123456789"};
const Credentials kRemote{"RFRG", "remotepassword012345678"};

std::vector<std::uint8_t> encoded_check(bool use_candidate, Role role = Role::Controlling) {
  CheckParams p{kLocal.ufrag, kRemote.ufrag, kRemote.pwd, 1862270975u, role, 0x1122334455667788ull,
                use_candidate};
  stun::Message m = build_check(p);
  m.transaction_id = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  return stun::encode(m, check_encoding(kRemote.pwd));
}

TEST(IceChecks, OutgoingCheckContents) {
  auto bytes = encoded_check(true);
  auto r = stun::decode(bytes);
  ASSERT_TRUE(r);
  const stun::Message& m = *r.message;
  EXPECT_EQ(m.cls, stun::Class::Request);
  EXPECT_EQ(m.get<stun::Username>()->value, "RFRG:LFRG");
  EXPECT_EQ(m.get<stun::Priority>()->value, 1862270975u);
  EXPECT_EQ(m.get<stun::IceControlling>()->tie_breaker, 0x1122334455667788ull);
  EXPECT_FALSE(m.get<stun::IceControlled>());
  EXPECT_TRUE(m.find(stun::attr::UseCandidate));
  EXPECT_EQ(stun::check_integrity(bytes, stun::short_term_key(kRemote.pwd)), stun::IntegrityCheck::Valid);
  EXPECT_EQ(stun::check_fingerprint(bytes), stun::FingerprintCheck::Valid);
  EXPECT_EQ(m.attributes.back().type, stun::attr::Fingerprint);
  auto controlled = stun::decode(encoded_check(false, Role::Controlled));
  EXPECT_TRUE(controlled.message->get<stun::IceControlled>());
  EXPECT_FALSE(controlled.message->find(stun::attr::UseCandidate));
}

TEST(IceChecks, IncomingValidation400And401) {
  // The peer's view: its local credentials are our remote ones.
  auto bytes = encoded_check(true);
  auto m = *stun::decode(bytes).message;
  auto ok = validate_check(bytes, m, kRemote);
  ASSERT_TRUE(ok.check);
  EXPECT_EQ(ok.check->remote_ufrag, "LFRG");
  EXPECT_TRUE(ok.check->use_candidate);
  EXPECT_EQ(*ok.check->controlling, 0x1122334455667788ull);
  // Wrong password: 401.
  auto bad_pwd = validate_check(bytes, m, Credentials{kRemote.ufrag, "somethingelse0123456789"});
  EXPECT_FALSE(bad_pwd.check);
  EXPECT_EQ(bad_pwd.rejection.code, 401);
  // Wrong ufrag: 401.
  auto bad_user = validate_check(bytes, m, Credentials{"XXXX", kRemote.pwd});
  EXPECT_EQ(bad_user.rejection.code, 401);
  // No MESSAGE-INTEGRITY: 400.
  stun::Message bare = m;
  std::erase_if(bare.attributes, [](const stun::RawAttribute& a) {
    return a.type == stun::attr::MessageIntegrity || a.type == stun::attr::Fingerprint;
  });
  auto bare_bytes = stun::encode(bare);
  EXPECT_EQ(validate_check(bare_bytes, bare, kRemote).rejection.code, 400);
  // Unknown comprehension-required attribute: 420 listing it.
  stun::Message odd = bare;
  odd.attributes.push_back(stun::RawAttribute{0x7777, {1, 2, 3, 4}});
  stun::EncodeOptions o = check_encoding(kRemote.pwd);
  auto odd_bytes = stun::encode(odd, o);
  auto odd_m = *stun::decode(odd_bytes).message;
  auto v = validate_check(odd_bytes, odd_m, kRemote);
  EXPECT_EQ(v.rejection.code, 420);
  ASSERT_EQ(v.rejection.unknown.size(), 1u);
  EXPECT_EQ(v.rejection.unknown[0], 0x7777);
}

TEST(IceChecks, RoleConflictRuleBothDirections) {
  IncomingCheck controlling;
  controlling.controlling = 100;
  EXPECT_EQ(resolve_role_conflict(Role::Controlling, 100, controlling), ConflictAction::Respond487);
  EXPECT_EQ(resolve_role_conflict(Role::Controlling, 101, controlling), ConflictAction::Respond487);
  EXPECT_EQ(resolve_role_conflict(Role::Controlling, 99, controlling), ConflictAction::SwitchToControlled);
  EXPECT_EQ(resolve_role_conflict(Role::Controlled, 1, controlling), ConflictAction::None);
  IncomingCheck controlled;
  controlled.controlled = 100;
  EXPECT_EQ(resolve_role_conflict(Role::Controlled, 100, controlled), ConflictAction::SwitchToControlling);
  EXPECT_EQ(resolve_role_conflict(Role::Controlled, 99, controlled), ConflictAction::Respond487);
  EXPECT_EQ(resolve_role_conflict(Role::Controlling, 1, controlled), ConflictAction::None);
}

TEST(IceChecks, ResponsesCarryMappedAddressAndIntegrity) {
  auto req = *stun::decode(encoded_check(false)).message;
  Endpoint src = *Endpoint::parse("198.51.100.7:4242");
  auto ok = success_response(req, src, kRemote.pwd);
  auto m = *stun::decode(ok).message;
  EXPECT_EQ(m.transaction_id, req.transaction_id);
  auto r = validate_response(ok, m, kRemote.pwd);
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->success);
  EXPECT_EQ(*r->mapped, src);
  // Response integrity uses the password of the agent that answers.
  EXPECT_FALSE(validate_response(ok, m, kLocal.pwd));
  auto conflict = error_response(req, 487, "Role Conflict", kRemote.pwd);
  auto cm = *stun::decode(conflict).message;
  auto e = validate_response(conflict, cm, kRemote.pwd);
  ASSERT_TRUE(e);
  EXPECT_EQ(e->error_code, 487);
  // 401 goes without integrity, so RFC 5389 10.1.3 has the client discard it.
  auto unauth = error_response(req, 401, "Unauthorized", std::nullopt);
  EXPECT_FALSE(validate_response(unauth, *stun::decode(unauth).message, kRemote.pwd));
}

}  // namespace
}  // namespace natlab::ice
