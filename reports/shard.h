#pragma once
// `--shard K/N`: which of the sorted scenario files this process runs, so a CI
// matrix can split one suite across machines and `natlab merge` can join them.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace natlab::reports {

struct Shard {
  std::size_t k = 1;  // 1-based
  std::size_t n = 1;
  // results-format.md: the file with 0-based index i belongs to shard K when i mod N = K - 1.
  bool selects(std::size_t index) const { return index % n == k - 1; }
};

// Decimal digits only (at most 9, so it fits); nullopt for anything else,
// including "" and "1x" (from_chars alone would stop at the 'x').
std::optional<std::size_t> parse_decimal(std::string_view s);

// "K/N" with decimal digits only and 1 <= K <= N; nullopt for anything else.
std::optional<Shard> parse_shard(const std::string& text);

}  // namespace natlab::reports
