// Fuzz target for TURN over TCP framing (agents/turn/stream_deframer.h). The
// first input byte seeds the chunk sizes; the rest is the stream. Invariants
// (abort() on violation):
//  - the frames do not depend on how the stream is split into chunks;
//  - each frame is a prefix-exact slice of the stream: frames and their TCP
//    padding laid end to end reproduce the consumed part of the input;
//  - a frame is at most StreamDeframer::kMaxFrame bytes, STUN frames are
//    20 + their length field, ChannelData 4 + theirs;
//  - no more than the bound is ever buffered.
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "agents/turn/stream_deframer.h"

using namespace natlab::turn;

namespace {

std::vector<StreamFrame> fuzz_deframe(std::span<const std::uint8_t> stream, std::uint8_t seed,
                                      std::size_t bound, bool& errored) {
  StreamDeframer d(bound);
  std::vector<StreamFrame> out;
  std::size_t pos = 0;
  std::uint32_t x = seed | 1u;
  while (pos < stream.size()) {
    x = x * 1103515245u + 12345u;
    std::size_t n = seed == 0 ? stream.size() : 1 + (x >> 16) % 97;
    if (n > stream.size() - pos) n = stream.size() - pos;
    if (!d.push(stream.subspan(pos, n))) break;
    pos += n;
    while (auto f = d.next()) out.push_back(std::move(*f));
    if (d.buffered() > bound) std::abort();
  }
  errored = d.error().has_value();
  return out;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::uint8_t seed = data[0];
  const std::span<const std::uint8_t> stream(data + 1, size - 1);
  // Large enough that no chunking can overflow it.
  const std::size_t bound = stream.size() + StreamDeframer::kMaxFrame;
  bool whole_error = false;
  bool chunked_error = false;
  auto whole = fuzz_deframe(stream, 0, bound, whole_error);
  auto chunked = fuzz_deframe(stream, seed, bound, chunked_error);
  if (whole.size() != chunked.size()) std::abort();
  std::size_t pos = 0;
  for (std::size_t i = 0; i < whole.size(); ++i) {
    const StreamFrame& f = whole[i];
    if (f.bytes != chunked[i].bytes || f.kind != chunked[i].kind) std::abort();
    if (f.bytes.size() < 4 || f.bytes.size() > StreamDeframer::kMaxFrame) std::abort();
    const std::size_t length = std::size_t{f.bytes[2]} << 8 | f.bytes[3];
    std::size_t on_wire = f.bytes.size();
    if (f.kind == FrameKind::Stun) {
      if ((f.bytes[0] >> 6) != 0 || f.bytes.size() != 20 + length) std::abort();
    } else {
      if ((f.bytes[0] >> 6) != 1 || f.bytes.size() != 4 + length) std::abort();
      on_wire = channel_data_stream_size(static_cast<std::uint16_t>(length));
    }
    if (pos + on_wire > stream.size()) std::abort();
    for (std::size_t k = 0; k < f.bytes.size(); ++k)
      if (stream[pos + k] != f.bytes[k]) std::abort();
    pos += on_wire;
  }
  // An error is a property of the stream, not of its chunking.
  if (whole_error != chunked_error) std::abort();
  // A tiny bound must fail cleanly, never crash.
  bool small_error = false;
  (void)fuzz_deframe(stream, seed, 8, small_error);
  return 0;
}
