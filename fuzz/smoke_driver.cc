// Deterministic stand-in for libFuzzer in the ordinary (gcc) build: replays
// every file of the seed corpus, then a fixed number of mutations of them
// (byte flips, truncations, insertions, splices) from a fixed seed. Under the
// sanitizer build this catches most decoder faults without clang.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <vector>

#include "common/rng.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s CORPUS_DIR ITERATIONS\n", argv[0]);
    return 2;
  }
  std::vector<std::vector<std::uint8_t>> corpus;
  if (std::filesystem::is_directory(argv[1])) {
    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::directory_iterator(argv[1]))
      if (e.is_regular_file()) files.push_back(e.path());
    std::sort(files.begin(), files.end());
    for (const auto& p : files) {
      std::ifstream in(p, std::ios::binary);
      corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
  }
  if (corpus.empty()) corpus.push_back({});
  for (const auto& c : corpus) LLVMFuzzerTestOneInput(c.data(), c.size());

  natlab::Rng rng(0x5eed);
  const long iterations = std::atol(argv[2]);
  std::vector<std::uint8_t> buf;
  for (long i = 0; i < iterations; ++i) {
    buf = corpus[rng.uniform(0, corpus.size() - 1)];
    const int edits = 1 + static_cast<int>(rng.uniform(0, 7));
    for (int e = 0; e < edits; ++e) {
      switch (rng.uniform(0, 4)) {
        case 0:  // flip a byte
          if (!buf.empty()) buf[rng.uniform(0, buf.size() - 1)] ^= static_cast<std::uint8_t>(1 + rng.uniform(0, 254));
          break;
        case 1:  // truncate
          if (!buf.empty()) buf.resize(rng.uniform(0, buf.size() - 1));
          break;
        case 2:  // insert random bytes
          buf.insert(buf.begin() + static_cast<long>(rng.uniform(0, buf.size())), rng.uniform(1, 8),
                     static_cast<std::uint8_t>(rng.next_u32()));
          break;
        case 3: {  // splice from another input
          const auto& other = corpus[rng.uniform(0, corpus.size() - 1)];
          if (!other.empty()) {
            auto from = rng.uniform(0, other.size() - 1);
            auto n = rng.uniform(1, other.size() - from);
            buf.insert(buf.begin() + static_cast<long>(rng.uniform(0, buf.size())), other.begin() + static_cast<long>(from),
                       other.begin() + static_cast<long>(from + n));
          }
          break;
        }
        default:  // set a 16-bit field to an interesting value
          if (buf.size() >= 2) {
            static const std::uint16_t vals[] = {0, 1, 3, 4, 0x7fff, 0x8000, 0xffff, 0xfffc};
            auto at = rng.uniform(0, buf.size() - 2);
            auto v = vals[rng.uniform(0, 7)];
            buf[at] = static_cast<std::uint8_t>(v >> 8);
            buf[at + 1] = static_cast<std::uint8_t>(v);
          }
      }
    }
    LLVMFuzzerTestOneInput(buf.data(), buf.size());
  }
  std::printf("fuzz smoke: %zu corpus inputs, %ld mutations, no crash\n", corpus.size(), iterations);
  return 0;
}
