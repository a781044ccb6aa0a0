#include "sim/units.h"

#include <array>
#include <charconv>
#include <limits>

namespace natlab::sim {
namespace {

// "12" or "12.345": integer digits and fraction digits, kept apart so that
// durations can be converted to nanoseconds without floating-point error.
struct Decimal {
  std::uint64_t whole = 0;
  std::string_view fraction;
};

// Splits text into the number at its front and the unit after it.
std::optional<std::pair<Decimal, std::string_view>> split_number(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
  if (i == 0 || i > 18) return std::nullopt;  // 18 digits cannot overflow 64 bits
  Decimal d;
  std::from_chars(text.data(), text.data() + i, d.whole);
  if (i < text.size() && text[i] == '.') {
    std::size_t start = ++i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9') ++i;
    if (i == start) return std::nullopt;
    d.fraction = text.substr(start, i - start);
  }
  return std::make_pair(d, text.substr(i));
}

// whole.fraction * scale, rounded to the nearest integer; nullopt on overflow.
std::optional<std::uint64_t> scale_decimal(const Decimal& d, std::uint64_t scale) {
  constexpr auto max = std::numeric_limits<std::uint64_t>::max();
  if (d.whole > max / scale) return std::nullopt;
  std::uint64_t result = d.whole * scale;
  // The fraction contributes scale * 0.f1f2f3...; digit by digit keeps it exact
  // enough for scales up to 3.6e12 (hours in ns) with 6 digits, and rounding
  // beyond that precision is irrelevant.
  long double frac = 0;
  long double place = 0.1L;
  for (char c : d.fraction) {
    frac += (c - '0') * place;
    place /= 10;
  }
  auto extra = static_cast<std::uint64_t>(frac * static_cast<long double>(scale) + 0.5L);
  if (extra > max - result) return std::nullopt;
  return result + extra;
}

}  // namespace

std::optional<Duration> parse_duration(std::string_view text) {
  auto split = split_number(text);
  if (!split) return std::nullopt;
  auto [number, unit] = *split;
  struct Unit {
    std::string_view name;
    std::uint64_t ns;
  };
  static constexpr std::array<Unit, 6> units{{{"ns", 1},
                                              {"us", 1'000},
                                              {"ms", 1'000'000},
                                              {"s", 1'000'000'000},
                                              {"m", 60'000'000'000},
                                              {"h", 3'600'000'000'000}}};
  for (const auto& u : units) {
    if (unit != u.name) continue;
    auto ns = scale_decimal(number, u.ns);
    if (!ns || *ns > static_cast<std::uint64_t>(std::numeric_limits<Duration::rep>::max())) {
      return std::nullopt;
    }
    return Duration(static_cast<Duration::rep>(*ns));
  }
  return std::nullopt;
}

std::string format_duration(Duration d) {
  auto ns = d.count();
  auto exact = [&](std::int64_t unit, const char* name) -> std::optional<std::string> {
    if (ns % unit != 0) return std::nullopt;
    return std::to_string(ns / unit) + name;
  };
  if (ns == 0) return "0s";
  for (auto [unit, name] : {std::pair<std::int64_t, const char*>{1'000'000'000, "s"},
                            {1'000'000, "ms"},
                            {1'000, "us"}}) {
    if (auto s = exact(unit, name)) return *s;
  }
  return std::to_string(ns) + "ns";
}

std::optional<double> parse_percentage(std::string_view text) {
  auto split = split_number(text);
  if (!split || split->second != "%") return std::nullopt;
  double value = 0;
  auto number = text.substr(0, text.size() - 1);
  auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
  if (ec != std::errc{} || ptr != number.data() + number.size()) return std::nullopt;
  return value;
}

std::optional<std::uint64_t> parse_bandwidth(std::string_view text) {
  auto split = split_number(text);
  if (!split) return std::nullopt;
  auto [number, unit] = *split;
  std::uint64_t scale = 0;
  if (unit == "bps") scale = 1;
  else if (unit == "kbps" || unit == "Kbps") scale = 1'000;
  else if (unit == "Mbps") scale = 1'000'000;
  else if (unit == "Gbps") scale = 1'000'000'000;
  else return std::nullopt;
  auto bps = scale_decimal(number, scale);
  if (!bps || *bps == 0) return std::nullopt;
  return bps;
}

std::optional<std::uint64_t> parse_unsigned(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc{} || ptr != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<std::uint16_t> parse_port(std::string_view text) {
  auto v = parse_unsigned(text);
  if (!v || *v == 0 || *v > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(*v);
}

std::optional<std::pair<std::uint16_t, std::uint16_t>> parse_port_range(std::string_view text) {
  auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  auto lo = parse_port(text.substr(0, dash));
  auto hi = parse_port(text.substr(dash + 1));
  if (!lo || !hi || *lo > *hi) return std::nullopt;
  return std::make_pair(*lo, *hi);
}

std::optional<IpAddress> parse_ipv4(std::string_view text) {
  auto a = IpAddress::parse(text);
  if (!a || !a->is_v4()) return std::nullopt;
  return a;
}

namespace {
std::uint32_t prefix_mask(int prefix_length) {
  return prefix_length == 0 ? 0 : ~std::uint32_t{0} << (32 - prefix_length);
}
}  // namespace

bool Subnet::contains(const IpAddress& a) const {
  if (!a.is_v4()) return false;
  return (a.v4_value() & prefix_mask(prefix_length)) == network.v4_value();
}

std::string Subnet::to_string() const {
  return network.to_string() + "/" + std::to_string(prefix_length);
}

std::optional<Subnet> parse_subnet(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto address = parse_ipv4(text.substr(0, slash));
  auto length = parse_unsigned(text.substr(slash + 1));
  // /31 and /32 leave no room for members next to the NAT's own address.
  if (!address || !length || *length < 1 || *length > 30) return std::nullopt;
  Subnet s{*address, static_cast<int>(*length)};
  if ((address->v4_value() & ~prefix_mask(s.prefix_length)) != 0) return std::nullopt;
  return s;
}

Subnet subnet24_of(const IpAddress& a) {
  return Subnet{IpAddress::v4(a.v4_value() & prefix_mask(24)), 24};
}

}  // namespace natlab::sim
