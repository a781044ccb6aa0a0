// Fuzz target for the RFC 4571 deframer: the input is split into chunks at
// places chosen by its first bytes; whatever the split, the frames yielded
// must be the ones a one-shot parse of the same bytes finds, and the
// deframer must never hold more than its bound.
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "agents/ice/rfc4571_framing.h"

using namespace natlab::ice;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const std::size_t max_frame = 1 + (std::size_t{data[0]} << 8 | data[1]) % kRfc4571MaxFrame;
  const std::span<const std::uint8_t> in(data + 2, size - 2);
  // Room for one partial frame and one chunk: drained after every chunk, it
  // never fills, so any error is the length limit's.
  const DeframerLimits limits{max_frame, kRfc4571HeaderSize + max_frame + 16};

  // Reference: walk the prefixes directly.
  std::vector<std::vector<std::uint8_t>> expected;
  bool expect_error = false;
  for (std::size_t i = 0; i + kRfc4571HeaderSize <= in.size();) {
    const std::size_t len = std::size_t{in[i]} << 8 | in[i + 1];
    if (len > max_frame) {
      expect_error = true;
      break;
    }
    if (i + kRfc4571HeaderSize + len > in.size()) break;
    expected.emplace_back(in.begin() + static_cast<long>(i + 2), in.begin() + static_cast<long>(i + 2 + len));
    i += kRfc4571HeaderSize + len;
  }

  // Chunks of 1..16 bytes, sizes taken from the data itself.
  Rfc4571Deframer d(limits);
  std::vector<std::vector<std::uint8_t>> got;
  for (std::size_t i = 0, k = 0; i < in.size(); ++k) {
    const std::size_t n = std::min<std::size_t>(in.size() - i, 1 + in[k % in.size()] % 16);
    d.feed(in.subspan(i, n));
    if (d.buffered() > limits.max_buffered) std::abort();
    while (auto f = d.next()) {
      if (f->size() > max_frame) std::abort();
      got.push_back(std::move(*f));
    }
    i += n;
  }
  if (d.failed() != expect_error) std::abort();
  if (!expect_error && got != expected) std::abort();
  if (expect_error && (got.size() > expected.size() ||
                       !std::equal(got.begin(), got.end(), expected.begin())))
    std::abort();
  // Round trip: framing what was yielded gives the consumed bytes back.
  std::vector<std::uint8_t> again;
  for (const auto& f : got) {
    auto framed = rfc4571_frame(f);
    if (!framed) std::abort();
    again.insert(again.end(), framed->begin(), framed->end());
  }
  if (!std::equal(again.begin(), again.end(), in.begin())) std::abort();
  return 0;
}
