// Proves ns-3 is linked and usable: two nodes on a point-to-point link, a UDP
// echo exchange, and the packet counts and timing the link implies.
#include <gtest/gtest.h>

#include <ns3/applications-module.h>
#include <ns3/core-module.h>
#include <ns3/internet-module.h>
#include <ns3/network-module.h>
#include <ns3/point-to-point-module.h>

namespace {

TEST(ns3, TwoNodeUdpEchoCrossesPointToPointLink) {
  using namespace ns3;
  NodeContainer nodes;
  nodes.Create(2);
  PointToPointHelper p2p;
  p2p.SetDeviceAttribute("DataRate", StringValue("10Mbps"));
  p2p.SetChannelAttribute("Delay", StringValue("7ms"));
  NetDeviceContainer devs = p2p.Install(nodes);
  InternetStackHelper stack;
  stack.Install(nodes);
  Ipv4AddressHelper addr;
  addr.SetBase("10.1.1.0", "255.255.255.0");
  Ipv4InterfaceContainer ifs = addr.Assign(devs);

  UdpEchoServerHelper server(9);
  ApplicationContainer sapps = server.Install(nodes.Get(1));
  sapps.Start(Seconds(0));
  UdpEchoClientHelper client(ifs.GetAddress(1), 9);
  client.SetAttribute("MaxPackets", UintegerValue(3));
  client.SetAttribute("Interval", TimeValue(Seconds(1)));
  client.SetAttribute("PacketSize", UintegerValue(100));
  ApplicationContainer capps = client.Install(nodes.Get(0));
  capps.Start(Seconds(1));

  int echoed = 0;
  Time first_rx;
  capps.Get(0)->TraceConnectWithoutContext(
      "RxWithAddresses", MakeCallback(+[](int* n, Time* t, Ptr<const Packet>, const Address&, const Address&) {
                           if ((*n)++ == 0) *t = Simulator::Now();
                         }).Bind(&echoed, &first_rx));
  Simulator::Stop(Seconds(10));
  Simulator::Run();
  Simulator::Destroy();

  EXPECT_EQ(echoed, 3);
  // Sent at 1 s; two 7 ms propagations plus serialisation (and the ARP-free
  // p2p link) put the echo just after 1.014 s.
  EXPECT_GT(first_rx.GetSeconds(), 1.014);
  EXPECT_LT(first_rx.GetSeconds(), 1.020);
}

}  // namespace
