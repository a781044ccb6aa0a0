#pragma once
// Reads the addresses and payload of a PPP-framed IPv4 packet as it crosses a
// wire, for the trace. Never throws on odd packets: anything it cannot read is
// reported as such.
#include <ns3/packet.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "common/ip.h"
#include "nat_models/nat.h"

namespace natlab::sim {

struct PacketView {
  bool ipv4 = false;
  std::uint8_t protocol = 0;  // 17 UDP, 6 TCP
  Endpoint src;
  Endpoint dst;
  std::uint32_t size = 0;     // IP datagram size
  // TCP only: the segment's sequence number and the flags a NAT tracks.
  std::uint32_t tcp_seq = 0;
  nat::TcpFlags tcp_flags;
  std::vector<std::uint8_t> payload;  // above UDP/TCP
};

PacketView view_ppp_packet(const ns3::Ptr<const ns3::Packet>& framed);

}  // namespace natlab::sim
