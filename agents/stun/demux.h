#pragma once
// Which protocol a packet on a shared 5-tuple belongs to, by its first byte
// (RFC 7983 7, which updates RFC 5764 5.1.2).
#include <cstdint>
#include <span>

namespace natlab::stun {

// ZRTP (first byte 16-19) has no kind of its own: natlab carries no ZRTP, so it
// classifies as Unknown, like every other unassigned range.
enum class PacketKind { Stun, Dtls, ChannelData, Rtp, Unknown };
const char* to_string(PacketKind k);

PacketKind classify(std::span<const std::uint8_t> packet);

}  // namespace natlab::stun
