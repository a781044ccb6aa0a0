#pragma once
// TURN over TCP (RFC 5766 2.1): the byte stream between client and server
// carries STUN messages and ChannelData messages back to back, with nothing
// between them. A STUN message ends after its 20-byte header and the length
// its header gives (RFC 5389 6); a ChannelData message after its 4-byte
// header, its length field and the padding to a multiple of four bytes that
// TCP requires (RFC 5766 11.5). The first two bits tell which one comes next
// (RFC 5766 11: 0b00 STUN, 0b01 ChannelData).
//
// Sans-IO: push() takes chunks as the driver delivers them (split or joined
// anyhow), next() returns whole messages. Anything else at a message start is
// garbage from which the stream cannot be resynchronised: error() is set,
// nothing more is returned, and the owner closes the connection.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

namespace natlab::turn {

enum class DeframeError {
  NotTurn,   // first two bits neither 0b00 (STUN) nor 0b01 (ChannelData)
  Overflow,  // more undelivered bytes than the buffer bound
};
const char* to_string(DeframeError e);

enum class FrameKind { Stun, ChannelData };

struct StreamFrame {
  FrameKind kind = FrameKind::Stun;
  // The whole message, header included; a ChannelData message without its
  // TCP padding.
  std::vector<std::uint8_t> bytes;
};

class StreamDeframer {
 public:
  // Largest frame: a ChannelData message with 65535 bytes of data and its
  // padding (65540); a STUN message is at most 20 + 65535.
  static constexpr std::size_t kMaxFrame = 4 + 65535 + 1;
  // max_buffered bounds the bytes pushed and not yet returned by next().
  explicit StreamDeframer(std::size_t max_buffered = 4 * kMaxFrame) : max_buffered_(max_buffered) {}

  // False once the stream is in error (this chunk included); the chunk is
  // then dropped.
  bool push(std::span<const std::uint8_t> chunk);
  // The next whole message, or nothing until more bytes come.
  std::optional<StreamFrame> next();

  std::optional<DeframeError> error() const { return error_; }
  std::size_t buffered() const { return buffer_.size() - start_; }

 private:
  std::size_t max_buffered_;
  std::vector<std::uint8_t> buffer_;
  std::size_t start_ = 0;  // where the next message begins in buffer_
  std::optional<DeframeError> error_;
};

// One ChannelData message as it goes over TCP: padded to a multiple of four
// (RFC 5766 11.5).
std::size_t channel_data_stream_size(std::uint16_t data_length);

}  // namespace natlab::turn
