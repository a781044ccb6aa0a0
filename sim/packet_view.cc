#include "sim/packet_view.h"

#include <ns3/ipv4-header.h>
#include <ns3/ppp-header.h>
#include <ns3/tcp-header.h>
#include <ns3/udp-header.h>

#include "sim/ns3_convert.h"

namespace natlab::sim {

PacketView view_ppp_packet(const ns3::Ptr<const ns3::Packet>& framed) {
  PacketView v;
  ns3::Ptr<ns3::Packet> p = framed->Copy();
  ns3::PppHeader ppp;
  p->RemoveHeader(ppp);
  if (ppp.GetProtocol() != 0x0021) return v;  // not IPv4
  ns3::Ipv4Header ip;
  p->RemoveHeader(ip);
  v.ipv4 = true;
  v.size = ip.GetPayloadSize() + ip.GetSerializedSize();
  v.protocol = ip.GetProtocol();
  v.src.address = from_ns3(ip.GetSource());
  v.dst.address = from_ns3(ip.GetDestination());
  if (v.protocol == 17) {
    ns3::UdpHeader udp;
    p->RemoveHeader(udp);
    v.src.port = udp.GetSourcePort();
    v.dst.port = udp.GetDestinationPort();
  } else if (v.protocol == 6) {
    ns3::TcpHeader tcp;
    p->RemoveHeader(tcp);
    v.src.port = tcp.GetSourcePort();
    v.dst.port = tcp.GetDestinationPort();
    v.tcp_seq = tcp.GetSequenceNumber().GetValue();
    const std::uint8_t f = tcp.GetFlags();
    v.tcp_flags.syn = (f & ns3::TcpHeader::SYN) != 0;
    v.tcp_flags.ack = (f & ns3::TcpHeader::ACK) != 0;
    v.tcp_flags.fin = (f & ns3::TcpHeader::FIN) != 0;
    v.tcp_flags.rst = (f & ns3::TcpHeader::RST) != 0;
  }
  v.payload.resize(p->GetSize());
  if (!v.payload.empty()) p->CopyData(v.payload.data(), static_cast<std::uint32_t>(v.payload.size()));
  return v;
}

}  // namespace natlab::sim
