#include "agents/stun/demux.h"

namespace natlab::stun {

const char* to_string(PacketKind k) {
  switch (k) {
    case PacketKind::Stun: return "STUN";
    case PacketKind::Dtls: return "DTLS";
    case PacketKind::ChannelData: return "ChannelData";
    case PacketKind::Rtp: return "RTP";
    case PacketKind::Unknown: return "Unknown";
  }
  return "?";
}

PacketKind classify(std::span<const std::uint8_t> packet) {
  if (packet.empty()) return PacketKind::Unknown;
  // RFC 7983 7: 0-3 STUN, 16-19 ZRTP, 20-63 DTLS, 64-79 TURN Channel,
  // 128-191 RTP/RTCP; anything else is dropped.
  const std::uint8_t b = packet[0];
  if (b <= 3) return PacketKind::Stun;
  if (b >= 20 && b <= 63) return PacketKind::Dtls;
  if (b >= 64 && b <= 79) return PacketKind::ChannelData;
  if (b >= 128 && b <= 191) return PacketKind::Rtp;
  return PacketKind::Unknown;
}

}  // namespace natlab::stun
