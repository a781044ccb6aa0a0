#pragma once
// One line describing a UDP payload for the trace: a STUN message, a TURN
// ChannelData frame, or nothing when it is neither.
#include <cstdint>
#include <span>
#include <string>

namespace natlab::sim {
std::string summarize_payload(std::span<const std::uint8_t> payload);
}
