// A finding about Linux's MASQUERADE that the simulator's NAT does not share
// (README: "The simulator's NAT against Linux netfilter"): conntrack keeps
// an inside port for the outside port whenever the whole 5-tuple stays
// unique, so two inside hosts that use the same port towards different
// servers get the same outside port (RFC 4787 4.2.2 calls this "port
// overloading", which REQ-3 forbids), and the second host's mapping is no
// longer endpoint-independent (RFC 4787 4.1, REQ-1): towards the server the
// first host already uses, it gets another port. natlab nat-discover shows
// it from both hosts, one after the other, on the same local port. (Each
// run alone still says endpoint-independent: tests I and II of the second
// host both collide, and conntrack gives both the same other port.)
#include <gtest/gtest.h>

#include <iostream>

#include <nlohmann/json.hpp>

#include "tests/netns/lab.h"
#include "tests/netns/servers.h"

namespace natlab::netns {
namespace {

nlohmann::json discover(Lab& lab, const std::string& ns, std::string& raw, std::uint16_t server_port = kStunPort) {
  auto r = lab.exec(ns, {kBinaryDir + "/natlab", "nat-discover", "--server", kServerIp + ":" + std::to_string(server_port),
                         "--port", "5000", "--no-hairpinning"});
  raw = r.output;
  return nlohmann::json::parse(r.output.substr(0, r.output.find('\n')), nullptr, false);
}

TEST(LinuxMasquerade, OverloadsAnOutsidePortAcrossInsideHosts) {
  const auto why = Lab::unavailable_reason();
  if (!why.empty()) GTEST_SKIP() << why;
  Lab::remove_stale();
  Lab lab(NatKind::PortRestricted, NatKind::PortRestricted);
  ASSERT_TRUE(lab.build()) << lab.error();
  const std::string second = lab.add_host_a("hc", "192.168.1.11");
  ASSERT_FALSE(second.empty()) << lab.error();
  std::string error;
  ASSERT_TRUE(start_stun_server(lab, error)) << error;
  ASSERT_TRUE(start_turnd(lab, error)) << error;

  std::string raw_first, raw_second;
  const auto first = discover(lab, lab.a().host, raw_first);
  ASSERT_FALSE(first.is_discarded()) << raw_first;
  // Conntrack's UDP entries outlive this test's few seconds (30 s unreplied,
  // 120 s once replied), so the first host's tuples are still there. The
  // second host first asks a server the first one never used: natlab-turnd
  // (no RFC 5780, no OTHER-ADDRESS: only test I runs), then the stun-server.
  std::string raw_other;
  const auto other = discover(lab, second, raw_other, kTurnPort);
  ASSERT_FALSE(other.is_discarded()) << raw_other;
  const auto then = discover(lab, second, raw_second);
  ASSERT_FALSE(then.is_discarded()) << raw_second;
  std::cout << "\n  192.168.1.10:5000 -> stun-server: " << first.dump()
            << "\n  192.168.1.11:5000 -> natlab-turnd: " << other.dump()
            << "\n  192.168.1.11:5000 -> stun-server: " << then.dump() << "\n"
            << std::endl;

  const std::string port5000 = lab.a().wan_ip + ":5000";
  EXPECT_EQ(first.value("mapping", ""), "endpoint-independent") << raw_first;
  EXPECT_EQ(first.value("mapped_address", ""), port5000) << raw_first;
  // Towards a server the first host never used, the second host gets
  // outside port 5000 too: one outside port for two inside hosts (RFC 4787
  // REQ-3) ...
  EXPECT_EQ(other.value("mapped_address", ""), port5000) << raw_other;
  // ... and towards the server the first host talks to, whose tuple with
  // outside port 5000 is taken, another port: two mappings for one inside
  // socket (not endpoint-independent, REQ-1).
  EXPECT_NE(then.value("mapped_address", ""), port5000) << raw_second;
}

}  // namespace
}  // namespace natlab::netns
