#include "agents/ice/rfc4571_framing.h"

#include <algorithm>

namespace natlab::ice {

std::optional<std::vector<std::uint8_t>> rfc4571_frame(std::span<const std::uint8_t> payload) {
  if (payload.size() > kRfc4571MaxFrame) return std::nullopt;
  std::vector<std::uint8_t> out;
  out.reserve(kRfc4571HeaderSize + payload.size());
  out.push_back(static_cast<std::uint8_t>(payload.size() >> 8));
  out.push_back(static_cast<std::uint8_t>(payload.size() & 0xFF));
  out.insert(out.end(), payload.begin(), payload.end());
  return out;
}

std::string_view to_string(DeframeError e) {
  switch (e) {
    case DeframeError::None: return "none";
    case DeframeError::FrameTooLarge: return "frame length above the limit";
    case DeframeError::BufferFull: return "too many unread bytes";
  }
  return "?";
}

void Rfc4571Deframer::validate_head() {
  // Checks the length prefix of the first unread frame as soon as it is
  // whole, so a bad one is reported without waiting for its payload.
  if (error_ != DeframeError::None || buffered() < kRfc4571HeaderSize) return;
  const std::size_t len = (std::size_t{buf_[pos_]} << 8) | buf_[pos_ + 1];
  if (len > std::min(limits_.max_frame, kRfc4571MaxFrame)) error_ = DeframeError::FrameTooLarge;
}

bool Rfc4571Deframer::feed(std::span<const std::uint8_t> bytes) {
  if (error_ != DeframeError::None) return false;
  if (bytes.size() > limits_.max_buffered - std::min(buffered(), limits_.max_buffered)) {
    error_ = DeframeError::BufferFull;
    return false;
  }
  // Drop what has been read before growing, so buf_ stays near the bound.
  if (pos_ > 0 && pos_ >= buf_.size() / 2) {
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_));
    pos_ = 0;
  }
  buf_.insert(buf_.end(), bytes.begin(), bytes.end());
  validate_head();
  return error_ == DeframeError::None;
}

std::optional<std::vector<std::uint8_t>> Rfc4571Deframer::next() {
  validate_head();
  if (error_ != DeframeError::None || buffered() < kRfc4571HeaderSize) return std::nullopt;
  const std::size_t len = (std::size_t{buf_[pos_]} << 8) | buf_[pos_ + 1];
  if (buffered() < kRfc4571HeaderSize + len) return std::nullopt;
  const auto first = buf_.begin() + static_cast<std::ptrdiff_t>(pos_ + kRfc4571HeaderSize);
  std::vector<std::uint8_t> frame(first, first + static_cast<std::ptrdiff_t>(len));
  pos_ += kRfc4571HeaderSize + len;
  if (pos_ == buf_.size()) {
    buf_.clear();
    pos_ = 0;
  }
  ++frames_;
  validate_head();  // the next frame's prefix may already be here
  return frame;
}

}  // namespace natlab::ice
