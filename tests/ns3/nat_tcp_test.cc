// ns-3 TCP through the NAT node: sim/nat_routing reads the TCP flags into the
// NAT model (the trace shows them), a connection from inside is established
// and gets the established timer, and block_inbound_tcp stops a connection
// from outside.
#include <gtest/gtest.h>

#include <ns3/inet-socket-address.h>
#include <ns3/socket.h>
#include <ns3/tcp-socket-factory.h>

#include "sim/nat_routing.h"
#include "sim/world.h"
#include "tests/ns3/probe.h"

namespace natlab::sim {
namespace {

using namespace testing;

struct TcpRun {
  bool connected = false;
  bool failed = false;
  bool accepted = false;
  std::vector<std::string> flags;  // "direction flags" per translated or dropped TCP packet
  std::map<nat::DropReason, std::uint64_t> drops;
  std::optional<Time> next_expiry;
};

// `from` connects to `to_address:port` where `listener` listens on `port`.
TcpRun run_tcp(const Scenario& sc, const std::string& from, const std::string& listener, const char* to_address,
               std::uint16_t port) {
  World w(sc, {});
  TcpRun out;
  auto server = ns3::Socket::CreateSocket(w.node(listener), ns3::TcpSocketFactory::GetTypeId());
  server->Bind(ns3::InetSocketAddress(ns3::Ipv4Address::GetAny(), port));
  server->Listen();
  server->SetAcceptCallback(ns3::MakeNullCallback<bool, ns3::Ptr<ns3::Socket>, const ns3::Address&>(),
                            ns3::MakeCallback(+[](TcpRun* r, ns3::Ptr<ns3::Socket>, const ns3::Address&) {
                              r->accepted = true;
                            }).Bind(&out));
  auto client = ns3::Socket::CreateSocket(w.node(from), ns3::TcpSocketFactory::GetTypeId());
  client->SetConnectCallback(
      ns3::MakeCallback(+[](TcpRun* r, ns3::Ptr<ns3::Socket>) { r->connected = true; }).Bind(&out),
      ns3::MakeCallback(+[](TcpRun* r, ns3::Ptr<ns3::Socket>) { r->failed = true; }).Bind(&out));
  client->Bind();
  client->Connect(ns3::InetSocketAddress(ns3::Ipv4Address(to_address), port));
  w.run(std::chrono::seconds(2));
  for (const auto& r : w.trace().records()) {
    if (r["kind"] != "nat" || !r.contains("before") || r["before"]["proto"] != "tcp") continue;
    out.flags.push_back(r["direction"].get<std::string>() + " " + r["before"]["flags"].get<std::string>() +
                        (r["action"] == "drop" ? " drop " + r["reason"].get<std::string>() : ""));
  }
  out.drops = w.nat("nat-a")->nat().drops();
  out.next_expiry = w.nat("nat-a")->nat().expire(Time{std::chrono::seconds(2)});
  client->Close();
  server->Close();
  return out;
}

TEST(ns3NatTcp, HandshakeFromInsideIsTranslatedWithItsFlags) {
  TcpRun r = run_tcp(one_nat(nat::NatType::PortRestricted), "alice", "srv", "203.0.113.10", 80);
  EXPECT_TRUE(r.connected);
  EXPECT_TRUE(r.accepted);
  ASSERT_GE(r.flags.size(), 3u);
  EXPECT_EQ(r.flags[0], "outbound SYN");
  EXPECT_EQ(r.flags[1], "inbound SYN,ACK");
  EXPECT_EQ(r.flags[2], "outbound ACK");
  // RFC 5382 REQ-5: the mapping now lives by the established timer.
  ASSERT_TRUE(r.next_expiry);
  EXPECT_GT(*r.next_expiry, Time{std::chrono::hours(2)});
}

TEST(ns3NatTcp, BlockInboundTcpStopsAConnectionFromOutside) {
  // alice's SYN to the server's closed port 81 makes the mapping
  // 192.168.1.10:7001 -> 198.51.100.1:7001 (port preservation); the server
  // answers RST. Half a second later the server connects to that mapping: a
  // full-cone NAT lets the SYN in, block_inbound_tcp drops it.
  for (bool block : {false, true}) {
    Scenario sc = one_nat(nat::NatType::FullCone);
    sc.nats[0].config.block_inbound_tcp = block;
    World w(sc, {});
    auto opener = ns3::Socket::CreateSocket(w.node("alice"), ns3::TcpSocketFactory::GetTypeId());
    opener->Bind(ns3::InetSocketAddress(ns3::Ipv4Address::GetAny(), 7001));
    opener->Connect(ns3::InetSocketAddress(ns3::Ipv4Address("203.0.113.10"), 81));
    auto outside = ns3::Socket::CreateSocket(w.node("srv"), ns3::TcpSocketFactory::GetTypeId());
    outside->Bind();
    ns3::Simulator::Schedule(ns3::Seconds(0.5), [outside] {
      outside->Connect(ns3::InetSocketAddress(ns3::Ipv4Address("198.51.100.1"), 7001));
    });
    w.run(std::chrono::seconds(2));
    std::vector<std::string> inbound_syns;
    for (const auto& r : w.trace().records()) {
      if (r["kind"] != "nat" || !r.contains("before") || r["direction"] != "inbound") continue;
      if (r["before"]["flags"] != "SYN") continue;
      inbound_syns.push_back(r["action"].get<std::string>() + (r.contains("reason") ? " " + r["reason"].get<std::string>() : ""));
    }
    ASSERT_FALSE(inbound_syns.empty()) << "block " << block;
    EXPECT_EQ(inbound_syns[0], block ? "drop blocked-inbound-tcp" : "translate") << "block " << block;
    opener->Close();
    outside->Close();
  }
}

}  // namespace
}  // namespace natlab::sim
