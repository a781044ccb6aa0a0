#include "agents/turn/peer_policy.h"

#include <string_view>

namespace natlab::turn {

namespace {

std::vector<IpRange> ranges(std::initializer_list<std::string_view> texts) {
  std::vector<IpRange> out;
  for (std::string_view t : texts) out.push_back(*IpRange::parse(t));  // constants below, all valid
  return out;
}

}  // namespace

std::vector<IpRange> PeerPolicy::loopback_ranges() { return ranges({"127.0.0.0/8", "::1/128"}); }

std::vector<IpRange> PeerPolicy::special_purpose_ranges() {
  // The IANA IPv4 and IPv6 Special-Purpose Address Registries (RFC 6890),
  // the entries not "Globally Reachable".
  return ranges({
      "0.0.0.0/8",        // "this network" (RFC 791)
      "10.0.0.0/8",       // private (RFC 1918)
      "100.64.0.0/10",    // shared address space, carrier-grade NAT (RFC 6598)
      "127.0.0.0/8",      // loopback
      "169.254.0.0/16",   // link-local (RFC 3927)
      "172.16.0.0/12",    // private
      "192.0.0.0/24",     // IETF protocol assignments (RFC 6890)
      "192.0.2.0/24",     // TEST-NET-1 (RFC 5737)
      "192.168.0.0/16",   // private
      "198.18.0.0/15",    // benchmarking (RFC 2544)
      "198.51.100.0/24",  // TEST-NET-2
      "203.0.113.0/24",   // TEST-NET-3
      "224.0.0.0/3",      // multicast 224/4, reserved 240/4, broadcast 255.255.255.255
      "::/128",           // unspecified
      "::1/128",          // loopback
      "::/96",            // IPv4-compatible (deprecated, RFC 4291)
      "::ffff:0:0/96",    // IPv4-mapped: the IPv4 rules must not be bypassed
      "64:ff9b:1::/48",   // NAT64 local use (RFC 8215)
      "100::/64",         // discard-only (RFC 6666)
      "2001:db8::/32",    // documentation (RFC 3849)
      "fc00::/7",         // unique local (RFC 4193)
      "fe80::/10",        // link-local
      "fec0::/10",        // site-local (deprecated, RFC 3879)
      "ff00::/8",         // multicast
  });
}

PeerPolicy PeerPolicy::special_purpose() {
  PeerPolicy p;
  for (const auto& r : special_purpose_ranges()) p.deny(r);
  return p;
}

PeerPolicy& PeerPolicy::deny(const IpRange& r) {
  denied_.push_back(r);
  return *this;
}

PeerPolicy& PeerPolicy::allow(const IpRange& r) {
  allowed_.push_back(r);
  return *this;
}

bool PeerPolicy::allowed(const IpAddress& peer) const {
  for (const auto& r : allowed_)
    if (r.contains(peer)) return true;
  for (const auto& r : denied_)
    if (r.contains(peer)) return false;
  return true;
}

}  // namespace natlab::turn
