// PeerPolicy (RFC 5766 9.2 / 11.2 "MAY impose restrictions ... 403") and the
// TurnServer consulting it.
#include "agents/turn/peer_policy.h"

#include "tests/turn/server_test_util.h"

namespace natlab::turn::testing {
namespace {

IpAddress ip(const char* text) { return *IpAddress::parse(text); }

TEST(PeerPolicy, AllowAllIsTheDefault) {
  PeerPolicy p;
  for (const char* a : {"127.0.0.1", "10.1.2.3", "198.51.100.7", "::1", "ff02::1"}) EXPECT_TRUE(p.allowed(ip(a))) << a;
}

TEST(PeerPolicy, SpecialPurposeDeniesInternalAndReservedAddresses) {
  const PeerPolicy p = PeerPolicy::special_purpose();
  for (const char* a : {"0.0.0.0", "0.255.255.255", "10.0.0.1", "10.255.255.255", "100.64.0.1", "100.127.255.255",
                        "127.0.0.1", "127.255.255.254", "169.254.1.1", "172.16.0.1", "172.31.255.255",
                        "192.168.0.1", "192.168.255.255", "192.0.0.8", "192.0.2.1", "198.18.0.1", "198.19.255.255",
                        "198.51.100.7", "203.0.113.5", "224.0.0.1", "239.255.255.250", "240.0.0.1",
                        "255.255.255.255", "::", "::1", "::ffff:127.0.0.1", "::ffff:8.8.8.8", "fc00::1",
                        "fdff::1", "fe80::1", "febf::1", "fec0::1", "ff02::1", "2001:db8::1", "100::1",
                        "64:ff9b:1::1"}) {
    EXPECT_FALSE(p.allowed(ip(a))) << a;
  }
  for (const char* a : {"1.1.1.1", "8.8.8.8", "9.255.255.255", "11.0.0.0", "100.63.255.255", "100.128.0.0",
                        "126.255.255.255", "128.0.0.0", "172.15.255.255", "172.32.0.0", "192.167.255.255",
                        "192.169.0.0", "223.255.255.255", "2001:4860::8888", "2a00::1", "64:ff9b::808:808"}) {
    EXPECT_TRUE(p.allowed(ip(a))) << a;
  }
}

TEST(PeerPolicy, ExplicitAllowWinsOverDeny) {
  PeerPolicy p = PeerPolicy::special_purpose();
  for (const auto& r : PeerPolicy::loopback_ranges()) p.allow(r);
  p.allow(*IpRange::parse("10.0.0.5-10.0.0.6"));
  EXPECT_TRUE(p.allowed(ip("127.0.0.1")));
  EXPECT_TRUE(p.allowed(ip("::1")));
  EXPECT_TRUE(p.allowed(ip("10.0.0.5")));
  EXPECT_TRUE(p.allowed(ip("10.0.0.6")));
  EXPECT_FALSE(p.allowed(ip("10.0.0.7")));
  EXPECT_FALSE(p.allowed(ip("192.168.1.1")));
}

TEST(PeerPolicy, DenyAddsToTheList) {
  PeerPolicy p = PeerPolicy::allow_all();
  p.deny(*IpRange::parse("8.8.8.0/24"));
  EXPECT_FALSE(p.allowed(ip("8.8.8.8")));
  EXPECT_TRUE(p.allowed(ip("8.8.9.8")));
}

TEST(IpRangeParse, CidrRangeAndSingle) {
  EXPECT_EQ(IpRange::parse("10.0.0.0/8"), (IpRange{ip("10.0.0.0"), ip("10.255.255.255")}));
  EXPECT_EQ(IpRange::parse("10.1.2.3/8"), (IpRange{ip("10.0.0.0"), ip("10.255.255.255")}));
  EXPECT_EQ(IpRange::parse("172.16.0.0/12"), (IpRange{ip("172.16.0.0"), ip("172.31.255.255")}));
  EXPECT_EQ(IpRange::parse("0.0.0.0/0"), (IpRange{ip("0.0.0.0"), ip("255.255.255.255")}));
  EXPECT_EQ(IpRange::parse("1.2.3.4/32"), IpRange::single(ip("1.2.3.4")));
  EXPECT_EQ(IpRange::parse("fe80::/10"), (IpRange{ip("fe80::"), ip("febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff")}));
  EXPECT_EQ(IpRange::parse("1.2.3.4-1.2.3.9"), (IpRange{ip("1.2.3.4"), ip("1.2.3.9")}));
  EXPECT_EQ(IpRange::parse("::1"), IpRange::single(ip("::1")));
  EXPECT_EQ(IpRange::parse("1.2.3.4")->to_string(), "1.2.3.4");
  EXPECT_EQ(IpRange::parse("1.2.3.4-1.2.3.9")->to_string(), "1.2.3.4-1.2.3.9");
  for (const char* bad : {"", "10.0.0.0/33", "10.0.0.0/", "10.0.0.0/-1", "10.0.0.0/8x", "::/129", "1.2.3.9-1.2.3.4",
                          "1.2.3.4-::1", "1.2.3.4-", "-1.2.3.4", "example.org", "1.2.3.4/8/8"}) {
    EXPECT_FALSE(IpRange::parse(bad)) << bad;
  }
}

// The server answers 403 for a denied peer, in CreatePermission and ChannelBind.
TEST(TurnServerPeerPolicy, DeniedPeerGets403) {
  TurnServerConfig c = test_config();
  c.peer_policy = PeerPolicy().deny(IpRange::single(kPeer.address));
  Harness h(c);
  h.allocated();
  EXPECT_EQ(h.create_permission({kPeer}).code(), 403);
  EXPECT_EQ(h.create_permission({kPeer2, kPeer}).code(), 403);  // one bad peer fails the request
  EXPECT_EQ(h.channel_bind(0x4000, kPeer).code(), 403);
  EXPECT_TRUE(h.create_permission({kPeer2}).ok());
  EXPECT_TRUE(h.channel_bind(0x4001, kPeer2).ok());
  EXPECT_EQ(h.server.permission_count(), 1u);
}

}  // namespace
}  // namespace natlab::turn::testing
