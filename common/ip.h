#pragma once
// Transport addresses shared by every layer (agents, NAT models, simulator).
#include <array>
#include <compare>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace natlab {

enum class IpFamily : std::uint8_t { V4 = 4, V6 = 6 };

class IpAddress {
 public:
  IpAddress() = default;
  static IpAddress v4(std::uint32_t host_order);
  static IpAddress v4(std::array<std::uint8_t, 4> bytes);
  static IpAddress v6(std::array<std::uint8_t, 16> bytes);
  // Dotted quad, or an RFC 5952 / inet_pton IPv6 text form.
  static std::optional<IpAddress> parse(std::string_view text);

  IpFamily family() const { return family_; }
  bool is_v4() const { return family_ == IpFamily::V4; }
  std::uint32_t v4_value() const;  // host byte order; only for IPv4
  // 4 bytes (IPv4) or 16 bytes (IPv6), network order.
  const std::uint8_t* data() const { return bytes_.data(); }
  std::size_t size() const { return is_v4() ? 4 : 16; }
  std::string to_string() const;

  auto operator<=>(const IpAddress&) const = default;

 private:
  IpFamily family_ = IpFamily::V4;
  std::array<std::uint8_t, 16> bytes_{};  // IPv4 uses the first 4
};

struct Endpoint {
  IpAddress address;
  std::uint16_t port = 0;

  // "1.2.3.4:5" or "[::1]:5"
  static std::optional<Endpoint> parse(std::string_view text);
  std::string to_string() const;
  auto operator<=>(const Endpoint&) const = default;
};

enum class Transport : std::uint8_t { Udp = 17, Tcp = 6 };
const char* to_string(Transport t);

}  // namespace natlab
