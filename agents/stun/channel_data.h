#pragma once
// TURN ChannelData framing (RFC 5766 11.4): the 4-byte header that replaces a
// Send/Data indication once a channel is bound.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace natlab::stun {

// RFC 5766 11: channel numbers a client may bind.
constexpr std::uint16_t kMinChannelNumber = 0x4000;
constexpr std::uint16_t kMaxChannelNumber = 0x7FFF;
constexpr bool is_valid_channel_number(std::uint16_t n) {
  return n >= kMinChannelNumber && n <= kMaxChannelNumber;
}
constexpr std::size_t kChannelDataHeaderSize = 4;

struct ChannelData {
  std::uint16_t channel = kMinChannelNumber;
  std::vector<std::uint8_t> data;  // at most 65535 bytes
  bool operator==(const ChannelData&) const = default;
};

// pad_to_4: add zero padding to a multiple of 4, required over TCP and
// optional over UDP (RFC 5766 11.5).
std::vector<std::uint8_t> encode(const ChannelData& cd, bool pad_to_4 = false);

enum class ChannelDataError {
  TooShort,          // fewer than 4 bytes
  BadChannelNumber,  // outside 0x4000-0x7FFF
  Truncated,         // the length field claims more than the buffer holds
};
const char* to_string(ChannelDataError e);

struct ChannelDataDecodeResult {
  std::optional<ChannelData> frame;
  ChannelDataError error = ChannelDataError::TooShort;  // meaningful when !frame
  std::size_t consumed = 0;  // bytes of the buffer this frame takes (with padding)
  explicit operator bool() const { return frame.has_value(); }
};

// Total. Trailing bytes after the frame are left alone (`consumed` says where the
// next frame of a TCP stream starts). padded: the frame is followed by its
// padding (TCP), which must be present too.
ChannelDataDecodeResult decode_channel_data(std::span<const std::uint8_t> bytes, bool padded = false);

}  // namespace natlab::stun
