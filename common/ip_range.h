#pragma once
// An inclusive range of IP addresses of one family, as operators write them:
// a single address, CIDR ("10.0.0.0/8", "fc00::/7") or "first-last"
// ("10.0.0.1-10.0.0.9", coturn's form).
#include <optional>
#include <string>
#include <string_view>

#include "common/ip.h"

namespace natlab {

struct IpRange {
  IpAddress first;
  IpAddress last;

  // `prefix` bits of `base` kept; nullopt when prefix exceeds the family's width.
  static std::optional<IpRange> cidr(const IpAddress& base, int prefix);
  static IpRange single(const IpAddress& a) { return IpRange{a, a}; }
  // nullopt for anything else, including "b-a" with b > a and mixed families.
  static std::optional<IpRange> parse(std::string_view text);

  bool contains(const IpAddress& a) const {
    return a.family() == first.family() && first <= a && a <= last;
  }
  // "first-last", or one address when first == last.
  std::string to_string() const;
  bool operator==(const IpRange&) const = default;
};

}  // namespace natlab
