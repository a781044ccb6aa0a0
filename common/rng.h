#pragma once
// The only source of randomness in natlab: a seeded generator passed in by the
// caller. xoshiro256** seeded through splitmix64, with our own range reduction,
// because std:: distributions differ between standard libraries and the same
// seed must give the same bytes everywhere.
#include <array>
#include <cstdint>

namespace natlab {

class Rng {
 public:
  explicit Rng(std::uint64_t seed = 0) { reseed(seed); }
  void reseed(std::uint64_t seed);

  std::uint64_t next_u64();
  std::uint32_t next_u32() { return static_cast<std::uint32_t>(next_u64() >> 32); }
  // Uniform in [lo, hi], inclusive, without modulo bias.
  std::uint64_t uniform(std::uint64_t lo, std::uint64_t hi);
  // Uniform in [0, 1).
  double next_double() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  template <std::size_t N>
  void fill(std::array<std::uint8_t, N>& out) {
    for (auto& b : out) b = static_cast<std::uint8_t>(next_u64() >> 56);
  }
  // An independent stream derived from this one (for per-agent generators).
  Rng fork(std::uint64_t stream_id);

 private:
  std::array<std::uint64_t, 4> s_{};
};

}  // namespace natlab
