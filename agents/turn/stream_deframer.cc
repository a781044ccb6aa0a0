#include "agents/turn/stream_deframer.h"

#include <algorithm>

#include "agents/stun/channel_data.h"
#include "agents/stun/message.h"

namespace natlab::turn {

const char* to_string(DeframeError e) {
  switch (e) {
    case DeframeError::NotTurn: return "not a STUN or ChannelData message";
    case DeframeError::Overflow: return "too many bytes buffered";
  }
  return "?";
}

std::size_t channel_data_stream_size(std::uint16_t data_length) {
  return stun::kChannelDataHeaderSize + (std::size_t{data_length} + 3) / 4 * 4;
}

bool StreamDeframer::push(std::span<const std::uint8_t> chunk) {
  if (error_) return false;
  if (buffered() + chunk.size() > max_buffered_) {
    error_ = DeframeError::Overflow;
    return false;
  }
  // Drop what next() already returned before growing the buffer, so it
  // holds no more than max_buffered_ bytes.
  if (start_ > 0) {
    buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<std::ptrdiff_t>(start_));
    start_ = 0;
  }
  buffer_.insert(buffer_.end(), chunk.begin(), chunk.end());
  return true;
}

std::optional<StreamFrame> StreamDeframer::next() {
  if (error_) return std::nullopt;
  const std::size_t avail = buffered();
  if (avail == 0) return std::nullopt;
  const std::uint8_t* p = buffer_.data() + start_;
  // RFC 5766 11: the first two bits tell STUN from ChannelData.
  const int top_bits = p[0] >> 6;
  if (top_bits != 0 && top_bits != 1) {
    error_ = DeframeError::NotTurn;
    return std::nullopt;
  }
  // Both headers carry a 16-bit length at offset 2.
  if (avail < 4) return std::nullopt;
  const std::uint16_t length = static_cast<std::uint16_t>(p[2] << 8 | p[3]);
  StreamFrame f;
  std::size_t frame_size = 0;
  std::size_t take = 0;
  if (top_bits == 0) {
    // RFC 5389 6: the length excludes the 20-byte header.
    f.kind = FrameKind::Stun;
    frame_size = stun::kHeaderSize + length;
    take = frame_size;
  } else {
    // RFC 5766 11.5: "over TCP ... the ChannelData message MUST be padded to
    // a multiple of four bytes"; the padding is not part of the message.
    f.kind = FrameKind::ChannelData;
    frame_size = stun::kChannelDataHeaderSize + length;
    take = channel_data_stream_size(length);
  }
  if (avail < take) return std::nullopt;
  f.bytes.assign(p, p + frame_size);
  start_ += take;
  if (start_ == buffer_.size()) {
    buffer_.clear();
    start_ = 0;
  }
  return f;
}

}  // namespace natlab::turn
