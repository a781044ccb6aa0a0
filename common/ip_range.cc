#include "common/ip_range.h"

#include <array>
#include <charconv>
#include <cstdint>

namespace natlab {

std::optional<IpRange> IpRange::cidr(const IpAddress& base, int prefix) {
  const int width = base.is_v4() ? 32 : 128;
  if (prefix < 0 || prefix > width) return std::nullopt;
  std::array<std::uint8_t, 16> lo{}, hi{};
  const std::size_t n = base.size();
  for (std::size_t i = 0; i < n; ++i) {
    const int bits_here = prefix - static_cast<int>(i) * 8;  // prefix bits within this byte
    const std::uint8_t mask = bits_here >= 8 ? 0xFF
                              : bits_here <= 0 ? 0x00
                                               : static_cast<std::uint8_t>(0xFF << (8 - bits_here));
    lo[i] = static_cast<std::uint8_t>(base.data()[i] & mask);
    hi[i] = static_cast<std::uint8_t>(base.data()[i] | static_cast<std::uint8_t>(~mask));
  }
  if (base.is_v4()) {
    return IpRange{IpAddress::v4({lo[0], lo[1], lo[2], lo[3]}), IpAddress::v4({hi[0], hi[1], hi[2], hi[3]})};
  }
  return IpRange{IpAddress::v6(lo), IpAddress::v6(hi)};
}

std::optional<IpRange> IpRange::parse(std::string_view text) {
  if (auto slash = text.find('/'); slash != std::string_view::npos) {
    auto base = IpAddress::parse(text.substr(0, slash));
    const std::string_view bits = text.substr(slash + 1);
    int prefix = -1;
    auto [end, ec] = std::from_chars(bits.data(), bits.data() + bits.size(), prefix);
    if (!base || bits.empty() || ec != std::errc{} || end != bits.data() + bits.size()) return std::nullopt;
    return cidr(*base, prefix);
  }
  // IPv6 text never contains '-', so the first one separates the bounds.
  if (auto dash = text.find('-'); dash != std::string_view::npos) {
    auto first = IpAddress::parse(text.substr(0, dash));
    auto last = IpAddress::parse(text.substr(dash + 1));
    if (!first || !last || first->family() != last->family() || *last < *first) return std::nullopt;
    return IpRange{*first, *last};
  }
  auto a = IpAddress::parse(text);
  if (!a) return std::nullopt;
  return single(*a);
}

std::string IpRange::to_string() const {
  if (first == last) return first.to_string();
  return first.to_string() + "-" + last.to_string();
}

}  // namespace natlab
