#pragma once
// RFC 4571 framing: each packet on a TCP stream is preceded by its length as
// a 16-bit unsigned integer in network order. RFC 6544 3: "STUN and media
// (RTP/RTCP) are carried over TCP using the framing of RFC 4571", so ICE-TCP
// checks and data both go through this.
//
// A stream delivers bytes split and joined anywhere (common/stream_io.h); the
// deframer keeps the bytes of at most one partial frame plus whatever whole
// frames the caller has not taken yet, and refuses to grow past a bound, so a
// peer cannot make it hold more than that. A zero length is a valid (empty)
// frame: RFC 4571 does not forbid it, and the caller drops what it cannot use.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

namespace natlab::ice {

// RFC 4571 2: "LENGTH ... a 16-bit unsigned integer": no frame is larger.
inline constexpr std::size_t kRfc4571MaxFrame = 0xFFFF;
inline constexpr std::size_t kRfc4571HeaderSize = 2;

// The frame for `payload`: length prefix then payload. nullopt when it does
// not fit 16 bits.
std::optional<std::vector<std::uint8_t>> rfc4571_frame(std::span<const std::uint8_t> payload);

enum class DeframeError : std::uint8_t {
  None,
  FrameTooLarge,  // a length prefix above the configured max_frame
  BufferFull,     // more unread bytes than max_buffered
};
std::string_view to_string(DeframeError e);

struct DeframerLimits {
  // Largest frame accepted (at most kRfc4571MaxFrame).
  std::size_t max_frame = kRfc4571MaxFrame;
  // Unread bytes held at most: a partial frame plus whole frames not taken.
  std::size_t max_buffered = 4 * (kRfc4571HeaderSize + kRfc4571MaxFrame);
};

class Rfc4571Deframer {
 public:
  Rfc4571Deframer() = default;
  explicit Rfc4571Deframer(DeframerLimits limits) : limits_(limits) {}

  // Appends stream bytes. False (and the error state) when the bytes would
  // exceed max_buffered or a frame already seen is invalid. Once in error,
  // the stream is unusable: nothing more is taken or yielded, since the
  // frame boundaries are lost.
  bool feed(std::span<const std::uint8_t> bytes);
  // The next whole frame's payload, or nullopt when none is complete yet (or
  // in error).
  std::optional<std::vector<std::uint8_t>> next();

  DeframeError error() const { return error_; }
  bool failed() const { return error_ != DeframeError::None; }
  std::size_t buffered() const { return buf_.size() - pos_; }
  std::uint64_t frames() const { return frames_; }

 private:
  void validate_head();

  DeframerLimits limits_{};
  std::vector<std::uint8_t> buf_;
  std::size_t pos_ = 0;  // start of the first unread byte in buf_
  DeframeError error_ = DeframeError::None;
  std::uint64_t frames_ = 0;
};

}  // namespace natlab::ice
