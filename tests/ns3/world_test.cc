// The ns-3 world built from a scenario model: packets cross wires and NAT
// nodes as the NAT model decides, and the trace shows it.
#include <gtest/gtest.h>

#include "sim/nat_routing.h"
#include "sim/sans_io_app.h"
#include "sim/world.h"
#include "tests/ns3/probe.h"

namespace natlab::sim {
namespace {

using namespace testing;

TEST(ns3World, EchoThroughPortRestrictedNatIsTranslatedBothWays) {
  World w(one_nat(nat::NatType::PortRestricted), {});
  auto client = std::make_shared<Probe>(std::vector{ep("192.168.1.10:5000")}, ep("203.0.113.10:3478"), 3, false);
  auto server = std::make_shared<Probe>(std::vector{ep("203.0.113.10:3478")}, std::nullopt, 0, true);
  install_sans_io(w.node("alice"), "client", client, &w.trace(), std::chrono::milliseconds(100));
  install_sans_io(w.node("srv"), "server", server, &w.trace(), Duration{0});
  w.run(std::chrono::seconds(2));

  ASSERT_EQ(server->received.size(), 3u);
  // The server sees the NAT's public address; port preservation keeps 5000.
  EXPECT_EQ(server->received[0].remote, ep("198.51.100.1:5000"));
  ASSERT_EQ(client->received.size(), 3u);
  EXPECT_EQ(client->received[0].remote, ep("203.0.113.10:3478"));
  EXPECT_EQ(client->received[0].text, "ping3");
  // One way: 1 ms (host) + 10 ms (NAT uplink) + 5 ms (server link) plus
  // serialisation; sent at 100 ms, echoed, back at about 132 ms.
  const double rtt_ms = to_ms(client->received[0].at) - 100.0;
  EXPECT_GT(rtt_ms, 32.0);
  EXPECT_LT(rtt_ms, 32.5);

  int translated = 0, created = 0;
  for (const auto& r : w.trace().records()) {
    if (r["kind"] != "nat") continue;
    if (r["action"] == "translate") ++translated;
    if (r["action"] == "mapping-created") ++created;
  }
  EXPECT_EQ(translated, 6);
  EXPECT_EQ(created, 1);
}

TEST(ns3World, UnsolicitedInboundIsDroppedSilentlyByPortRestrictedNat) {
  World w(one_nat(nat::NatType::PortRestricted), {});
  auto client = std::make_shared<Probe>(std::vector{ep("192.168.1.10:5000")}, ep("203.0.113.10:3478"), 1, false);
  // The server answers from a port the client never sent to.
  auto other = std::make_shared<Probe>(std::vector{ep("203.0.113.10:3479")}, ep("198.51.100.1:5000"), 3, false);
  install_sans_io(w.node("alice"), "client", client, &w.trace(), Duration{0});
  install_sans_io(w.node("srv"), "other", other, &w.trace(), std::chrono::milliseconds(200));
  w.run(std::chrono::seconds(1));
  EXPECT_TRUE(client->received.empty());
  EXPECT_EQ(w.nat("nat-a")->nat().drops().at(nat::DropReason::Filtered), 3u);
}

TEST(ns3World, FullConeNatAdmitsAnyRemoteAfterOutboundPacket) {
  World w(one_nat(nat::NatType::FullCone), {});
  auto client = std::make_shared<Probe>(std::vector{ep("192.168.1.10:5000")}, ep("203.0.113.10:3478"), 1, false);
  auto other = std::make_shared<Probe>(std::vector{ep("203.0.113.10:3479")}, ep("198.51.100.1:5000"), 3, false);
  install_sans_io(w.node("alice"), "client", client, &w.trace(), Duration{0});
  install_sans_io(w.node("srv"), "other", other, &w.trace(), std::chrono::milliseconds(200));
  w.run(std::chrono::seconds(1));
  ASSERT_EQ(client->received.size(), 3u);
  EXPECT_EQ(client->received[0].remote, ep("203.0.113.10:3479"));
}

}  // namespace
}  // namespace natlab::sim
