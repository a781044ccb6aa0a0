#include "agents/ice/candidate.h"

#include <gtest/gtest.h>

#include "agents/ice/credentials.h"
#include "tests/support/endpoint.h"

namespace natlab::ice {
namespace {

using natlab::testing::ep;

TEST(IceCandidate, PriorityFormulaByHand) {
  // 2^24*126 + 2^8*65535 + (256-1) = 2113929216 + 16776960 + 255
  EXPECT_EQ(candidate_priority(CandidateType::Host, 1), 2130706431u);
  EXPECT_EQ(candidate_priority(CandidateType::Host, 2), 2130706430u);
  // 2^24*100 + 16776960 + 255
  EXPECT_EQ(candidate_priority(CandidateType::ServerReflexive, 1), 1694498815u);
  // 2^24*110 + 16776960 + 255
  EXPECT_EQ(candidate_priority(CandidateType::PeerReflexive, 1), 1862270975u);
  // 0 + 16776960 + 255
  EXPECT_EQ(candidate_priority(CandidateType::Relayed, 1), 16777215u);
  // local preference 65534 (second address of a multihomed host)
  EXPECT_EQ(candidate_priority(CandidateType::Host, 1, 65534), 2130706175u);
}

TEST(IceCandidate, FoundationSameTypeBaseServerTransport) {
  FoundationAllocator f;
  auto a = *IpAddress::parse("10.0.0.1");
  auto b = *IpAddress::parse("10.0.0.2");
  auto s1 = *IpAddress::parse("192.0.2.1");
  auto s2 = *IpAddress::parse("192.0.2.2");
  std::string h = f.get(CandidateType::Host, a, Transport::Udp);
  EXPECT_EQ(h, f.get(CandidateType::Host, a, Transport::Udp));
  EXPECT_NE(h, f.get(CandidateType::Host, b, Transport::Udp));
  EXPECT_NE(h, f.get(CandidateType::Host, a, Transport::Tcp));
  std::string r1 = f.get(CandidateType::ServerReflexive, a, Transport::Udp, s1);
  EXPECT_NE(h, r1);
  EXPECT_EQ(r1, f.get(CandidateType::ServerReflexive, a, Transport::Udp, s1));
  EXPECT_NE(r1, f.get(CandidateType::ServerReflexive, a, Transport::Udp, s2));
  EXPECT_TRUE(is_ice_string(r1, 1, 32));
}

TEST(IceCandidate, RedundantSameAddressAndBaseKeepsHigherPriority) {
  Candidate host{"1", 1, Transport::Udp, candidate_priority(CandidateType::Host, 1),
                 ep("10.0.0.1:5000"), CandidateType::Host, ep("10.0.0.1:5000"), std::nullopt};
  Candidate srflx = host;  // no NAT: mapped address == host address
  srflx.type = CandidateType::ServerReflexive;
  srflx.priority = candidate_priority(CandidateType::ServerReflexive, 1);
  srflx.foundation = "2";
  Candidate other = srflx;  // same address, different base: not redundant
  other.base = ep("10.0.0.2:5000");
  auto out = eliminate_redundant({srflx, host, other});
  ASSERT_EQ(out.size(), 2u);
  EXPECT_EQ(out[0], host);
  EXPECT_EQ(out[1], other);
}

TEST(IceCandidate, DefaultCandidatePrefersRelayThenSrflxThenHost) {
  Candidate host{"1", 1, Transport::Udp, 300, ep("10.0.0.1:1"), CandidateType::Host, ep("10.0.0.1:1"), {}};
  Candidate srflx{"2", 1, Transport::Udp, 200, ep("1.2.3.4:1"), CandidateType::ServerReflexive, ep("10.0.0.1:1"), {}};
  Candidate relay{"3", 1, Transport::Udp, 100, ep("5.6.7.8:1"), CandidateType::Relayed, ep("5.6.7.8:1"), {}};
  EXPECT_EQ(default_candidate({host, srflx, relay}, 1)->type, CandidateType::Relayed);
  EXPECT_EQ(default_candidate({host, srflx}, 1)->type, CandidateType::ServerReflexive);
  EXPECT_EQ(default_candidate({host}, 1)->type, CandidateType::Host);
  EXPECT_FALSE(default_candidate({host}, 2).has_value());
}

TEST(IceCredentials, LengthAndAlphabet) {
  Rng rng(7);
  for (int i = 0; i < 50; ++i) {
    Credentials c = random_credentials(rng);
    EXPECT_TRUE(is_ice_string(c.ufrag, kUfragMinLength, kCredentialMaxLength)) << c.ufrag;
    EXPECT_TRUE(is_ice_string(c.pwd, kPasswordMinLength, kCredentialMaxLength)) << c.pwd;
  }
  Credentials shortest = random_credentials(rng, 1, 1);  // raised to the minimum
  EXPECT_EQ(shortest.ufrag.size(), 4u);
  EXPECT_EQ(shortest.pwd.size(), 22u);
  EXPECT_FALSE(is_ice_char('-'));
  EXPECT_TRUE(is_ice_char('+'));
  EXPECT_TRUE(is_ice_char('/'));
  Rng a(1), b(1);
  EXPECT_EQ(random_credentials(a), random_credentials(b));  // seeded, deterministic
}

}  // namespace
}  // namespace natlab::ice
