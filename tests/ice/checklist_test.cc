#include "agents/ice/checklist.h"

#include <gtest/gtest.h>

#include "tests/support/endpoint.h"

namespace natlab::ice {
namespace {

using natlab::testing::ep;

Candidate cand(const char* f, int comp, CandidateType t, const char* addr, const char* base = nullptr,
               std::uint32_t local_pref = 65535) {
  Candidate c;
  c.foundation = f;
  c.component = comp;
  c.type = t;
  c.address = ep(addr);
  c.base = ep(base ? base : addr);
  c.priority = candidate_priority(t, comp, local_pref);
  return c;
}

TEST(IceCheckList, PairPriorityByHand) {
  // G = 2130706431 (host), D = 1694498815 (srflx):
  // 2^32*1694498815 = 7277816993535754240; + 2*2130706431 = 4261412862; + 1
  EXPECT_EQ(pair_priority(2130706431u, 1694498815u), 7277816997797167103ull);
  // G < D: same MIN and MAX, no +1
  EXPECT_EQ(pair_priority(1694498815u, 2130706431u), 7277816997797167102ull);
  // Equal: 2^32*16777215 = 72057589742960640; + 2*16777215 = 33554430
  EXPECT_EQ(pair_priority(16777215u, 16777215u), 72057589776515070ull);
  // The largest legal priority (2^31-1, RFC 5245 4.1.2.1) does not wrap:
  // 2^32*(2^31-1) = 9223372032559808512; + 2*(2^31-1) = 4294967294
  EXPECT_EQ(pair_priority(0x7FFFFFFFu, 0x7FFFFFFFu), 9223372036854775806ull);
  Candidate l = cand("1", 1, CandidateType::Host, "10.0.0.1:1");
  Candidate r = cand("2", 1, CandidateType::ServerReflexive, "192.0.2.1:1");
  EXPECT_EQ(pair_priority(l, r, Role::Controlling), 7277816997797167103ull);
  EXPECT_EQ(pair_priority(l, r, Role::Controlled), 7277816997797167102ull);
}

TEST(IceCheckList, FormsSameComponentAndFamilyOnly) {
  std::vector<Candidate> local{cand("1", 1, CandidateType::Host, "10.0.0.1:1"),
                               cand("1", 2, CandidateType::Host, "10.0.0.1:2"),
                               cand("4", 1, CandidateType::Host, "[2001:db8::1]:1")};
  std::vector<Candidate> remote{cand("9", 1, CandidateType::Host, "10.0.0.9:1"),
                                cand("9", 2, CandidateType::Host, "10.0.0.9:2")};
  CheckList l;
  l.form(local, remote, Role::Controlling, 100);
  ASSERT_EQ(l.pairs().size(), 2u);
  EXPECT_EQ(l.pairs()[0].component(), 1);  // component 1 has the higher priority
  EXPECT_EQ(l.pairs()[1].component(), 2);
}

TEST(IceCheckList, PruningReplacesSrflxByBaseAndDedupes) {
  Candidate host = cand("1", 1, CandidateType::Host, "10.0.0.1:5000");
  Candidate srflx = cand("2", 1, CandidateType::ServerReflexive, "198.51.100.1:6000", "10.0.0.1:5000");
  Candidate remote = cand("7", 1, CandidateType::Host, "10.0.0.9:5000");
  CheckList l;
  l.form({srflx, host}, {remote}, Role::Controlling, 100);
  ASSERT_EQ(l.pairs().size(), 1u);
  EXPECT_EQ(l.pairs()[0].local, host);
  // Without its host candidate the srflx pair stays, local replaced by nothing.
  CheckList only;
  only.form({srflx}, {remote}, Role::Controlling, 100);
  ASSERT_EQ(only.pairs().size(), 1u);
}

TEST(IceCheckList, SizeLimitDropsLowestPriority) {
  std::vector<Candidate> local, remote;
  for (int i = 0; i < 12; ++i) {
    std::string a = "10.0.0." + std::to_string(i + 1) + ":1";
    local.push_back(cand("1", 1, CandidateType::Host, a.c_str(), nullptr, static_cast<std::uint32_t>(65535 - i)));
    std::string b = "10.0.1." + std::to_string(i + 1) + ":1";
    remote.push_back(cand("2", 1, CandidateType::Host, b.c_str(), nullptr, static_cast<std::uint32_t>(65535 - i)));
  }
  CheckList l;
  l.form(local, remote, Role::Controlling, 100);
  ASSERT_EQ(l.pairs().size(), 100u);
  CheckList all;
  all.form(local, remote, Role::Controlling, 1000);
  ASSERT_EQ(all.pairs().size(), 144u);
  for (std::size_t i = 0; i < 100; ++i) EXPECT_EQ(l.pairs()[i].priority, all.pairs()[i].priority);
  for (std::size_t i = 1; i < all.pairs().size(); ++i)
    EXPECT_GE(all.pairs()[i - 1].priority, all.pairs()[i].priority);
}

TEST(IceCheckList, InitialStatesOnePerFoundationLowestComponent) {
  // Two local addresses (foundations 1 and 2), two components, one remote
  // address (foundation 9): foundations "1:9" and "2:9", each with a
  // component-1 and a component-2 pair.
  std::vector<Candidate> local{cand("1", 1, CandidateType::Host, "10.0.0.1:1"),
                               cand("1", 2, CandidateType::Host, "10.0.0.1:2"),
                               cand("2", 1, CandidateType::Host, "10.0.0.2:1", nullptr, 65534),
                               cand("2", 2, CandidateType::Host, "10.0.0.2:2", nullptr, 65534)};
  std::vector<Candidate> remote{cand("9", 1, CandidateType::Host, "10.0.0.9:1"),
                                cand("9", 2, CandidateType::Host, "10.0.0.9:2")};
  CheckList l;
  l.form(local, remote, Role::Controlling, 100);
  auto waiting = l.set_initial_states();
  ASSERT_EQ(waiting.size(), 2u);
  for (const auto& p : l.pairs()) {
    bool expect_waiting = p.component() == 1;
    EXPECT_EQ(p.state, expect_waiting ? PairState::Waiting : PairState::Frozen) << p.foundation();
  }
  // A success on foundation 1:9 unfreezes its component-2 pair only.
  auto changed = l.unfreeze_foundation("1:9");
  ASSERT_EQ(changed.size(), 1u);
  EXPECT_EQ(l.find(changed[0])->component(), 2);
  EXPECT_EQ(l.find(changed[0])->local.foundation, "1");
  EXPECT_EQ(l.count(PairState::Frozen), 1u);
}

TEST(IceCheckList, InitialStatesPickHighestPriorityAmongSameComponent) {
  // Same foundation twice in component 1 (two remote candidates sharing
  // foundation 9): only the higher-priority one starts Waiting.
  std::vector<Candidate> local{cand("1", 1, CandidateType::Host, "10.0.0.1:1")};
  std::vector<Candidate> remote{cand("9", 1, CandidateType::Host, "10.0.0.9:1", nullptr, 100),
                                cand("9", 1, CandidateType::Host, "10.0.0.9:2", nullptr, 200)};
  CheckList l;
  l.form(local, remote, Role::Controlled, 100);
  l.set_initial_states();
  EXPECT_EQ(l.pairs()[0].remote.address, ep("10.0.0.9:2"));
  EXPECT_EQ(l.pairs()[0].state, PairState::Waiting);
  EXPECT_EQ(l.pairs()[1].state, PairState::Frozen);
}

TEST(IceCheckList, RoleChangeRecomputesPriorities) {
  Candidate l1 = cand("1", 1, CandidateType::Host, "10.0.0.1:1");
  Candidate r1 = cand("2", 1, CandidateType::ServerReflexive, "192.0.2.1:1");
  CheckList l;
  l.form({l1}, {r1}, Role::Controlling, 100);
  EXPECT_EQ(l.pairs()[0].priority, 7277816997797167103ull);
  l.set_role(Role::Controlled);
  EXPECT_EQ(l.pairs()[0].priority, 7277816997797167102ull);
}

}  // namespace
}  // namespace natlab::ice
