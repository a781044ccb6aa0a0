#pragma once
// Text forms of the scenario format's quantities (docs/scenario-format.md):
// durations "20ms", percentages "0.5%", bandwidths "100Mbps", port ranges
// "49152-65535". Pure functions so the loader and the command line agree.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "common/ip.h"
#include "common/time.h"

namespace natlab::sim {

// A non-negative decimal number followed by ns, us, ms, s, m or h. A bare
// number is refused: "30" could mean seconds or milliseconds.
std::optional<Duration> parse_duration(std::string_view text);
// Compact text for messages: "20ms", "1.5s".
std::string format_duration(Duration d);

// A non-negative decimal number followed by '%'; returns the percentage itself
// (range checks are the caller's, so it can say what the range is for).
std::optional<double> parse_percentage(std::string_view text);

// A positive decimal number followed by bps, kbps, Mbps or Gbps (decimal
// multiples, as link speeds are quoted).
std::optional<std::uint64_t> parse_bandwidth(std::string_view text);

// 1..65535.
std::optional<std::uint16_t> parse_port(std::string_view text);
// "min-max" with 1 <= min <= max <= 65535.
std::optional<std::pair<std::uint16_t, std::uint16_t>> parse_port_range(std::string_view text);

// An unsigned decimal integer without sign or leading '+'.
std::optional<std::uint64_t> parse_unsigned(std::string_view text);

// A dotted-quad IPv4 address (the format has no IPv6 yet).
std::optional<IpAddress> parse_ipv4(std::string_view text);

struct Subnet {
  IpAddress network;
  int prefix_length = 24;
  bool contains(const IpAddress& a) const;
  std::string to_string() const;  // "10.1.0.0/24"
};
// "a.b.c.d/len" with 1 <= len <= 30 and no host bits set.
std::optional<Subnet> parse_subnet(std::string_view text);
// The /24 that holds a.
Subnet subnet24_of(const IpAddress& a);

}  // namespace natlab::sim
