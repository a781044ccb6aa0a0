// One-line trace summaries.
#include <gtest/gtest.h>

#include "agents/stun/attributes.h"
#include "agents/stun/summary.h"
#include "tests/stun/rfc5769_vectors.h"

namespace natlab::stun {
namespace {

TEST(StunSummary, Rfc5769SampleRequest) {
  auto d = decode(testing::kSampleRequest);
  ASSERT_TRUE(d);
  EXPECT_EQ(summarize(*d.message),
            "Binding Request tid=b7e7a701bc34d686fa87dfae SOFTWARE=\"STUN test client\" PRIORITY=1845494271 "
            "ICE-CONTROLLED=932ff9b151263b36 USERNAME=\"evtj:h6vY\" MESSAGE-INTEGRITY FINGERPRINT");
}

TEST(StunSummary, Rfc5769Ipv6Response) {
  auto d = decode(testing::kSampleIpv6Response);
  ASSERT_TRUE(d);
  EXPECT_EQ(summarize(*d.message),
            "Binding Success tid=b7e7a701bc34d686fa87dfae SOFTWARE=\"test vector\" "
            "XOR-MAPPED-ADDRESS=[2001:db8:1234:5678:11:2233:4455:6677]:32853 MESSAGE-INTEGRITY FINGERPRINT");
}

TEST(StunSummary, TurnAndErrors) {
  Message m;
  m.cls = Class::Error;
  m.method = static_cast<std::uint16_t>(Method::Allocate);
  m.add(ErrorCode{401, "Unauthorized"}).add(Realm{"r"}).add(UnknownAttributes{{0x7777, attr::Priority}});
  m.attributes.push_back(RawAttribute{0xC0DE, {1, 2, 3}});
  m.attributes.push_back(RawAttribute{attr::Lifetime, {1}});
  EXPECT_EQ(summarize(m),
            "Allocate Error tid=000000000000000000000000 ERROR-CODE=401 \"Unauthorized\" REALM=\"r\" "
            "UNKNOWN-ATTRIBUTES=0x7777,PRIORITY 0xC0DE=(3 bytes) LIFETIME=(malformed)");
  Message s;
  s.cls = Class::Indication;
  s.method = static_cast<std::uint16_t>(Method::Send);
  s.add(XorPeerAddress{*Endpoint::parse("1.2.3.4:5")}).add(DataAttr{{1, 2}}).add(DontFragment{});
  EXPECT_EQ(summarize(s),
            "Send Indication tid=000000000000000000000000 XOR-PEER-ADDRESS=1.2.3.4:5 DATA=(2 bytes) DONT-FRAGMENT");
  Message r;
  r.method = 0x123;
  r.add(ChannelNumber{0x4001}).add(Lifetime{600}).add(RequestedTransport{17}).add(ChangeRequest{true, true});
  EXPECT_EQ(summarize(r),
            "Method0x123 Request tid=000000000000000000000000 CHANNEL-NUMBER=0x4001 LIFETIME=600s "
            "REQUESTED-TRANSPORT=UDP CHANGE-REQUEST=ip+port");
}

TEST(StunSummary, LongAndOddTextIsShortenedAndEscaped) {
  Message m;
  m.add(Software{std::string(100, 'a')}).add(Username{"a\"b\n"});
  const auto s = summarize(m);
  EXPECT_NE(s.find("SOFTWARE=\"" + std::string(32, 'a') + "...\""), std::string::npos) << s;
  EXPECT_NE(s.find("USERNAME=\"a\\x22b\\x0a\""), std::string::npos) << s;
  EXPECT_EQ(s.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace natlab::stun
