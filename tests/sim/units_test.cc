#include "sim/units.h"

#include <gtest/gtest.h>

namespace natlab::sim {
namespace {

using namespace std::chrono_literals;

TEST(Units, Durations) {
  EXPECT_EQ(parse_duration("20ms"), Duration(20ms));
  EXPECT_EQ(parse_duration("1.5s"), Duration(1500ms));
  EXPECT_EQ(parse_duration("2m"), Duration(120s));
  EXPECT_EQ(parse_duration("500us"), Duration(500us));
  EXPECT_EQ(parse_duration("7ns"), Duration(7ns));
  EXPECT_EQ(parse_duration("1h"), Duration(3600s));
  EXPECT_EQ(parse_duration("0s"), Duration(0s));
  EXPECT_EQ(parse_duration("0.001s"), Duration(1ms));
  for (const char* bad : {"", "20", "ms", "1.s", ".5s", "-1s", "1 s", "1sec", "1S", "1e3ms", "99999999999999999999s",
                          "200000000h"}) {
    EXPECT_FALSE(parse_duration(bad)) << bad;
  }
  EXPECT_EQ(format_duration(1500ms), "1500ms");
  EXPECT_EQ(format_duration(600s), "600s");
  EXPECT_EQ(format_duration(0s), "0s");
}

TEST(Units, Percentages) {
  EXPECT_EQ(parse_percentage("1%"), 1.0);
  EXPECT_EQ(parse_percentage("0.5%"), 0.5);
  EXPECT_EQ(parse_percentage("150%"), 150.0);  // the range is the caller's to check
  for (const char* bad : {"", "1", "%", "1 %", "-1%", "0.5", "1%%"}) EXPECT_FALSE(parse_percentage(bad)) << bad;
}

TEST(Units, Bandwidth) {
  EXPECT_EQ(parse_bandwidth("100Mbps"), 100'000'000u);
  EXPECT_EQ(parse_bandwidth("512kbps"), 512'000u);
  EXPECT_EQ(parse_bandwidth("1Gbps"), 1'000'000'000u);
  EXPECT_EQ(parse_bandwidth("1.5Mbps"), 1'500'000u);
  EXPECT_EQ(parse_bandwidth("64bps"), 64u);
  for (const char* bad : {"", "100", "0Mbps", "100MBps", "100 Mbps", "100Mbit"}) {
    EXPECT_FALSE(parse_bandwidth(bad)) << bad;
  }
}

TEST(Units, PortsAndRanges) {
  EXPECT_EQ(parse_port("3478"), 3478);
  EXPECT_FALSE(parse_port("0"));
  EXPECT_FALSE(parse_port("65536"));
  EXPECT_FALSE(parse_port("+1"));
  auto r = parse_port_range("49152-65535");
  ASSERT_TRUE(r);
  EXPECT_EQ(r->first, 49152);
  EXPECT_EQ(r->second, 65535);
  EXPECT_TRUE(parse_port_range("5000-5000"));
  for (const char* bad : {"", "5000", "6000-5000", "0-10", "1-65536", "a-b", "1-"}) {
    EXPECT_FALSE(parse_port_range(bad)) << bad;
  }
}

TEST(Units, AddressesAndSubnets) {
  EXPECT_TRUE(parse_ipv4("192.168.1.10"));
  EXPECT_FALSE(parse_ipv4("192.168.1.300"));
  EXPECT_FALSE(parse_ipv4("::1"));  // the format is IPv4 only
  auto s = parse_subnet("10.1.0.0/16");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->to_string(), "10.1.0.0/16");
  EXPECT_TRUE(s->contains(*parse_ipv4("10.1.255.1")));
  EXPECT_FALSE(s->contains(*parse_ipv4("10.2.0.1")));
  EXPECT_FALSE(parse_subnet("10.1.0.1/24"));  // host bits set
  EXPECT_FALSE(parse_subnet("10.1.0.0/31"));
  EXPECT_FALSE(parse_subnet("10.1.0.0"));
  EXPECT_EQ(subnet24_of(*parse_ipv4("192.168.7.42")).to_string(), "192.168.7.0/24");
}

}  // namespace
}  // namespace natlab::sim
