#include <gtest/gtest.h>

#include "common/ip.h"
#include "common/rng.h"

namespace natlab {
namespace {

TEST(IpAddress, ParsesAndPrintsV4) {
  auto a = IpAddress::parse("203.0.113.10");
  ASSERT_TRUE(a);
  EXPECT_EQ(a->to_string(), "203.0.113.10");
  EXPECT_EQ(a->v4_value(), 0xCB00710Au);
  EXPECT_FALSE(IpAddress::parse("256.1.1.1"));
  EXPECT_FALSE(IpAddress::parse("1.2.3"));
  EXPECT_FALSE(IpAddress::parse("1.2.3.4.5"));
  EXPECT_FALSE(IpAddress::parse("01.2.3.4"));
  EXPECT_FALSE(IpAddress::parse(""));
}

TEST(IpAddress, ParsesAndPrintsV6PerRfc5952) {
  auto a = IpAddress::parse("2001:db8:1234:5678:11:2233:4455:6677");
  ASSERT_TRUE(a);
  EXPECT_FALSE(a->is_v4());
  EXPECT_EQ(a->to_string(), "2001:db8:1234:5678:11:2233:4455:6677");
  EXPECT_EQ(IpAddress::parse("2001:0db8:0:0:0:0:0:1")->to_string(), "2001:db8::1");
  EXPECT_EQ(IpAddress::parse("::1")->to_string(), "::1");
  EXPECT_EQ(IpAddress::parse("::")->to_string(), "::");
  EXPECT_EQ(IpAddress::parse("::ffff:1.2.3.4")->to_string(), "::ffff:102:304");
  EXPECT_FALSE(IpAddress::parse("1::2::3"));
  EXPECT_FALSE(IpAddress::parse("12345::"));
  EXPECT_FALSE(IpAddress::parse("1:2:3:4:5:6:7:8:9"));
}

TEST(Endpoint, ParsesHostPort) {
  auto e = Endpoint::parse("192.0.2.1:32853");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->port, 32853);
  EXPECT_EQ(e->to_string(), "192.0.2.1:32853");
  auto v6 = Endpoint::parse("[2001:db8::1]:3478");
  ASSERT_TRUE(v6);
  EXPECT_EQ(v6->to_string(), "[2001:db8::1]:3478");
  EXPECT_FALSE(Endpoint::parse("192.0.2.1"));
  EXPECT_FALSE(Endpoint::parse("192.0.2.1:65536"));
  EXPECT_FALSE(Endpoint::parse("192.0.2.1:"));
  EXPECT_FALSE(Endpoint::parse("192.0.2.1:12a"));
}

TEST(Rng, SameSeedSameStreamDifferentSeedDifferentStream) {
  Rng a(42), b(42), c(43);
  for (int i = 0; i < 100; ++i) {
    auto x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    EXPECT_NE(x, c.next_u64());
  }
}

TEST(Rng, UniformStaysInRangeAndCoversIt) {
  Rng r(7);
  std::array<int, 6> seen{};
  for (int i = 0; i < 6000; ++i) {
    auto v = r.uniform(10, 15);
    ASSERT_GE(v, 10u);
    ASSERT_LE(v, 15u);
    ++seen[v - 10];
  }
  for (int n : seen) EXPECT_GT(n, 800);
}

}  // namespace
}  // namespace natlab
