#include "agents/ice/sdp.h"

#include <gtest/gtest.h>

#include "tests/support/endpoint.h"

namespace natlab::ice {
namespace {

using natlab::testing::ep;

TEST(IceSdp, FormatsRfc5245Syntax) {
  Candidate host{"1", 1, Transport::Udp, 2130706431, ep("10.0.1.1:8998"), CandidateType::Host,
                 ep("10.0.1.1:8998"), std::nullopt};
  EXPECT_EQ(format_candidate(host), "a=candidate:1 1 UDP 2130706431 10.0.1.1 8998 typ host");
  Candidate srflx{"2", 1, Transport::Udp, 1694498815, ep("192.0.2.3:45664"),
                  CandidateType::ServerReflexive, ep("10.0.1.1:8998"), ep("10.0.1.1:8998")};
  EXPECT_EQ(format_candidate(srflx),
            "a=candidate:2 1 UDP 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998");
}

TEST(IceSdp, ParsesRfcExampleAndExtensions) {
  auto c = parse_candidate("a=candidate:2 1 udp 1694498815 192.0.2.3 45664 typ srflx raddr 10.0.1.1 rport 8998 generation 0\r\n");
  ASSERT_TRUE(c);
  EXPECT_EQ(c->foundation, "2");
  EXPECT_EQ(c->priority, 1694498815u);
  EXPECT_EQ(c->address, ep("192.0.2.3:45664"));
  EXPECT_EQ(c->type, CandidateType::ServerReflexive);
  EXPECT_EQ(*c->related, ep("10.0.1.1:8998"));
  auto v6 = parse_candidate("candidate:a+/ 2 UDP 16777214 2001:db8::1 3478 typ relay");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->component, 2);
  EXPECT_EQ(v6->address.address, *IpAddress::parse("2001:db8::1"));
}

TEST(IceSdp, RejectsMalformedLines) {
  EXPECT_FALSE(parse_candidate("a=candidate:1 1 UDP 2130706431 10.0.1.1 8998 host"));
  EXPECT_FALSE(parse_candidate("a=candidate:1 1 SCTP 2130706431 10.0.1.1 8998 typ host"));
  EXPECT_FALSE(parse_candidate("a=candidate:1 1 UDP 2130706431 10.0.1.1 99999 typ host"));
  EXPECT_FALSE(parse_candidate("a=candidate:1 1 UDP x 10.0.1.1 8998 typ host"));
  EXPECT_FALSE(parse_candidate("a=candidate:1 1 UDP 1 10.0.1.1 8998 typ bogus"));
  EXPECT_FALSE(parse_candidate("a=candidate:f-o 1 UDP 1 10.0.1.1 8998 typ host"));
  EXPECT_FALSE(parse_candidate("a=candidate:1 1 UDP 1 10.0.1.1 8998 typ srflx raddr 10.0.0.1"));
  EXPECT_FALSE(parse_description("a=ice-ufrag:abc\r\na=ice-pwd:0123456789012345678901\r\n"));  // ufrag < 4
  EXPECT_FALSE(parse_description("a=ice-ufrag:abcd\r\na=ice-pwd:012345678901234567890\r\n"));  // pwd < 22
}

TEST(IceSdp, DescriptionRoundTrip) {
  SessionDescription d;
  d.credentials = {"8hhY", "asd88fgpdd777uzjYhagZg"};
  d.candidates.push_back({"1", 1, Transport::Udp, 2130706431, ep("10.0.1.1:8998"), CandidateType::Host, ep("10.0.1.1:8998"), std::nullopt});
  d.candidates.push_back({"2", 1, Transport::Udp, 1694498815, ep("192.0.2.3:45664"), CandidateType::ServerReflexive, ep("192.0.2.3:45664"), ep("10.0.1.1:8998")});
  d.candidates.push_back({"3", 2, Transport::Udp, 16777214, ep("[2001:db8::5]:3478"), CandidateType::Relayed, ep("[2001:db8::5]:3478"), ep("192.0.2.3:45665")});
  std::string text = format_description(d);
  auto back = parse_description(text);
  ASSERT_TRUE(back);
  EXPECT_EQ(*back, d);
  EXPECT_EQ(format_description(*back), text);
}

}  // namespace
}  // namespace natlab::ice
