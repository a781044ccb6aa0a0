#include "reports/shard.h"

#include <charconv>

namespace natlab::reports {

std::optional<std::size_t> parse_decimal(std::string_view s) {
  if (s.empty() || s.size() > 9) return std::nullopt;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  std::size_t v = 0;
  std::from_chars(s.data(), s.data() + s.size(), v);
  return v;
}

std::optional<Shard> parse_shard(const std::string& text) {
  auto slash = text.find('/');
  if (slash == std::string::npos) return std::nullopt;
  std::string_view view(text);
  auto k = parse_decimal(view.substr(0, slash));
  auto n = parse_decimal(view.substr(slash + 1));
  if (!k || !n || *k < 1 || *k > *n) return std::nullopt;
  return Shard{*k, *n};
}

}  // namespace natlab::reports
