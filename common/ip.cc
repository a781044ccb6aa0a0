#include "common/ip.h"

#include <charconv>
#include <cstdio>

namespace natlab {

IpAddress IpAddress::v4(std::uint32_t host_order) {
  return v4({static_cast<std::uint8_t>(host_order >> 24), static_cast<std::uint8_t>(host_order >> 16),
             static_cast<std::uint8_t>(host_order >> 8), static_cast<std::uint8_t>(host_order)});
}

IpAddress IpAddress::v4(std::array<std::uint8_t, 4> bytes) {
  IpAddress a;
  a.family_ = IpFamily::V4;
  for (std::size_t i = 0; i < 4; ++i) a.bytes_[i] = bytes[i];
  return a;
}

IpAddress IpAddress::v6(std::array<std::uint8_t, 16> bytes) {
  IpAddress a;
  a.family_ = IpFamily::V6;
  a.bytes_ = bytes;
  return a;
}

std::uint32_t IpAddress::v4_value() const {
  return (std::uint32_t{bytes_[0]} << 24) | (std::uint32_t{bytes_[1]} << 16) |
         (std::uint32_t{bytes_[2]} << 8) | std::uint32_t{bytes_[3]};
}

namespace {

std::optional<IpAddress> parse_v4(std::string_view s) {
  std::array<std::uint8_t, 4> b{};
  std::size_t pos = 0;
  for (int i = 0; i < 4; ++i) {
    if (i > 0) {
      if (pos >= s.size() || s[pos] != '.') return std::nullopt;
      ++pos;
    }
    std::size_t start = pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    std::size_t len = pos - start;
    if (len == 0 || len > 3 || (len > 1 && s[start] == '0')) return std::nullopt;
    unsigned v = 0;
    std::from_chars(s.data() + start, s.data() + pos, v);
    if (v > 255) return std::nullopt;
    b[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v);
  }
  if (pos != s.size()) return std::nullopt;
  return IpAddress::v4(b);
}

int hexval(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::optional<IpAddress> parse_v6(std::string_view s) {
  std::array<std::uint16_t, 8> groups{};
  int n = 0, gap = -1;
  std::size_t pos = 0;
  if (s.starts_with("::")) {
    gap = 0;
    pos = 2;
  }
  while (pos < s.size()) {
    if (n >= 8) return std::nullopt;
    // An embedded IPv4 tail (::ffff:1.2.3.4)
    std::size_t next_colon = s.find(':', pos);
    std::string_view tok = s.substr(pos, next_colon == std::string_view::npos ? s.npos : next_colon - pos);
    if (tok.find('.') != std::string_view::npos) {
      if (next_colon != std::string_view::npos || n > 6) return std::nullopt;
      auto v4 = parse_v4(tok);
      if (!v4) return std::nullopt;
      groups[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>((v4->data()[0] << 8) | v4->data()[1]);
      groups[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>((v4->data()[2] << 8) | v4->data()[3]);
      pos = s.size();
      break;
    }
    if (tok.empty() || tok.size() > 4) return std::nullopt;
    unsigned v = 0;
    for (char c : tok) {
      int h = hexval(c);
      if (h < 0) return std::nullopt;
      v = v * 16 + static_cast<unsigned>(h);
    }
    groups[static_cast<std::size_t>(n++)] = static_cast<std::uint16_t>(v);
    pos += tok.size();
    if (pos == s.size()) break;
    ++pos;  // ':'
    if (pos < s.size() && s[pos] == ':') {
      if (gap >= 0) return std::nullopt;
      gap = n;
      ++pos;
    } else if (pos == s.size()) {
      return std::nullopt;  // trailing single ':'
    }
  }
  std::array<std::uint16_t, 8> full{};
  if (gap >= 0) {
    if (n > 7) return std::nullopt;
    int tail = n - gap;
    for (int i = 0; i < gap; ++i) full[static_cast<std::size_t>(i)] = groups[static_cast<std::size_t>(i)];
    for (int i = 0; i < tail; ++i)
      full[static_cast<std::size_t>(8 - tail + i)] = groups[static_cast<std::size_t>(gap + i)];
  } else {
    if (n != 8) return std::nullopt;
    full = groups;
  }
  std::array<std::uint8_t, 16> b{};
  for (std::size_t i = 0; i < 8; ++i) {
    b[2 * i] = static_cast<std::uint8_t>(full[i] >> 8);
    b[2 * i + 1] = static_cast<std::uint8_t>(full[i]);
  }
  return IpAddress::v6(b);
}

}  // namespace

std::optional<IpAddress> IpAddress::parse(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parse_v6(text);
  return parse_v4(text);
}

std::string IpAddress::to_string() const {
  char buf[64];
  if (is_v4()) {
    std::snprintf(buf, sizeof buf, "%u.%u.%u.%u", bytes_[0], bytes_[1], bytes_[2], bytes_[3]);
    return buf;
  }
  // RFC 5952: lower case, the longest run (>= 2) of zero groups becomes "::".
  std::array<unsigned, 8> g{};
  for (std::size_t i = 0; i < 8; ++i) g[i] = (unsigned{bytes_[2 * i]} << 8) | bytes_[2 * i + 1];
  int best = -1, best_len = 0;
  for (int i = 0; i < 8;) {
    if (g[static_cast<std::size_t>(i)] != 0) {
      ++i;
      continue;
    }
    int j = i;
    while (j < 8 && g[static_cast<std::size_t>(j)] == 0) ++j;
    if (j - i > best_len && j - i >= 2) {
      best = i;
      best_len = j - i;
    }
    i = j;
  }
  std::string out;
  for (int i = 0; i < 8; ++i) {
    if (i == best) {
      out += "::";
      i += best_len - 1;
      continue;
    }
    if (!out.empty() && out.back() != ':') out += ':';
    std::snprintf(buf, sizeof buf, "%x", g[static_cast<std::size_t>(i)]);
    out += buf;
  }
  return out;
}

std::optional<Endpoint> Endpoint::parse(std::string_view text) {
  std::string_view host, port;
  if (text.starts_with('[')) {
    auto close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') return std::nullopt;
    host = text.substr(1, close - 1);
    port = text.substr(close + 2);
  } else {
    auto colon = text.rfind(':');
    if (colon == std::string_view::npos) return std::nullopt;
    host = text.substr(0, colon);
    port = text.substr(colon + 1);
    if (host.find(':') != std::string_view::npos) return std::nullopt;
  }
  auto addr = IpAddress::parse(host);
  if (!addr || port.empty() || port.size() > 5) return std::nullopt;
  unsigned p = 0;
  auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), p);
  if (ec != std::errc{} || ptr != port.data() + port.size() || p > 65535) return std::nullopt;
  return Endpoint{*addr, static_cast<std::uint16_t>(p)};
}

std::string Endpoint::to_string() const {
  if (address.is_v4()) return address.to_string() + ":" + std::to_string(port);
  return "[" + address.to_string() + "]:" + std::to_string(port);
}

const char* to_string(Transport t) { return t == Transport::Udp ? "udp" : "tcp"; }

}  // namespace natlab
