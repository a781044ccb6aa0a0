// RFC 4787 6 / REQ-9: two hosts behind the same NAT reaching each other
// through its public address.
#include <gtest/gtest.h>

#include <ostream>

#include <string>

#include "nat_test_util.h"

namespace natlab::nat::test {
namespace {

struct HairpinCase {
  NatType type;
  // A and B have each sent to a server S (X:x) and learnt their external
  // endpoints E_A and E_B. Then A -> E_B, B -> E_A, A -> E_B again:
  bool a_to_b_first;
  bool b_to_a;
  bool a_to_b_second;
};

void PrintTo(const HairpinCase& c, std::ostream* os) { *os << to_string(c.type); }

class NatHairpin : public ::testing::TestWithParam<HairpinCase> {};

TEST_P(NatHairpin, HostsBehindOneNatReachEachOtherAsTheFilteringAllows) {
  const auto& c = GetParam();
  Config cfg = config(c.type);
  cfg.hairpinning = true;
  Nat nat(cfg, Rng(1));
  Endpoint ea = send_out(nat, 0s, udp(kA, kXx));
  Endpoint eb = send_out(nat, 0s, udp(kB, kXx));

  auto check = [&](const Decision& d, bool expect_forward, const Endpoint& to_internal) {
    EXPECT_EQ(d.direction, Direction::Hairpin);
    EXPECT_EQ(d.forward, expect_forward) << to_string(d.reason);
    if (expect_forward) {
      EXPECT_EQ(d.translated.dst, to_internal);
      EXPECT_EQ(d.translated.src.address, kPublic);  // RFC 4787 REQ-9a
    } else {
      EXPECT_EQ(d.reason, DropReason::Filtered);
    }
  };
  check(nat.outbound(1s, udp(kA, eb)), c.a_to_b_first, kB);
  check(nat.outbound(2s, udp(kB, ea)), c.b_to_a, kA);
  check(nat.outbound(3s, udp(kA, eb)), c.a_to_b_second, kB);
}

TEST_P(NatHairpin, TheTargetSeesTheSendersExternalEndpoint) {
  // RFC 4787 REQ-9a: "External source IP address and port": the hairpinned
  // packet's source is the mapping the sender would use toward that
  // destination, the same one an outside host would see.
  Config cfg = config(GetParam().type);
  cfg.hairpinning = true;
  cfg.filtering = Filtering::EndpointIndependent;  // isolate the translation
  Nat nat(cfg, Rng(1));
  Endpoint eb = send_out(nat, 0s, udp(kB, kXx));
  Decision d = nat.outbound(1s, udp(kA, eb));
  ASSERT_TRUE(d.forward);
  EXPECT_TRUE(d.mapping_created);
  const Endpoint a_ext = d.translated.src;
  EXPECT_EQ(a_ext.address, kPublic);
  // The hairpin went through a real mapping: sending again reuses it.
  Decision again = nat.outbound(2s, udp(kA, eb));
  EXPECT_FALSE(again.mapping_created);
  EXPECT_EQ(again.translated.src, a_ext);
  // B can answer to that endpoint and reaches A.
  Decision reply = nat.outbound(3s, udp(kB, a_ext));
  ASSERT_TRUE(reply.forward);
  EXPECT_EQ(reply.translated.dst, kA);
  if (cfg.mapping == Mapping::EndpointIndependent) {
    // One mapping per host: the same endpoints an outside host would see.
    EXPECT_EQ(send_out(nat, 4s, udp(kA, kYy)), a_ext);
    EXPECT_EQ(reply.translated.src, eb);
  }
}

TEST_P(NatHairpin, DisabledHairpinningDropsPacketsToThePublicAddress) {
  Nat nat(config(GetParam().type), Rng(1));  // hairpinning defaults to off
  Endpoint eb = send_out(nat, 0s, udp(kB, kXx));
  Decision d = nat.outbound(1s, udp(kA, eb));
  EXPECT_FALSE(d.forward);
  EXPECT_EQ(d.reason, DropReason::HairpinDisabled);
  EXPECT_EQ(d.direction, Direction::Hairpin);
  EXPECT_EQ(nat.drops().at(DropReason::HairpinDisabled), 1u);
}

TEST_P(NatHairpin, HairpinToAPortWithoutMappingFindsNoMapping) {
  Config cfg = config(GetParam().type);
  cfg.hairpinning = true;
  Nat nat(cfg, Rng(1));
  Decision d = nat.outbound(0s, udp(kA, Endpoint{kPublic, 7777}));
  EXPECT_FALSE(d.forward);
  EXPECT_EQ(d.reason, DropReason::NoMapping);
  EXPECT_EQ(d.direction, Direction::Hairpin);
}

// Restricted: B's filter knows only S's address, so A's first packet is
// dropped, but it opens A's filter for B; B's answer then opens B's filter.
// Symmetric: every new destination gets a new mapping whose filter nobody
// has opened, so the S mappings never admit the peer.
INSTANTIATE_TEST_SUITE_P(ClassicTypes, NatHairpin,
                         ::testing::Values(HairpinCase{NatType::FullCone, true, true, true},
                                           HairpinCase{NatType::Restricted, false, true, true},
                                           HairpinCase{NatType::PortRestricted, false, true, true},
                                           HairpinCase{NatType::Symmetric, false, false, false}),
                         [](const auto& tp) {
                           std::string n = to_string(tp.param.type);
                           for (auto& ch : n)
                             if (ch == '-') ch = '_';
                           return n;
                         });

}  // namespace
}  // namespace natlab::nat::test
