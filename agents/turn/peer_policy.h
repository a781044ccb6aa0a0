#pragma once
// Which peer addresses a TURN server agrees to relay to. RFC 5766 9.2 and
// 11.2: "The server MAY impose restrictions on the IP address and port values
// allowed in the XOR-PEER-ADDRESS attribute -- if a value is not allowed, the
// server rejects the request with a 403 (Forbidden) error." A server on the
// internet must not become a way into its own host or network (relaying to
// internal services is how deployed TURN servers have been abused), so
// natlab-turnd starts from special_purpose(); the simulator, whose scenario
// addresses are documentation prefixes, allows all.
//
// Explicit allows win over denials (as coturn's allowed-peer-ip does).
#include <vector>

#include "common/ip.h"
#include "common/ip_range.h"

namespace natlab::turn {

class PeerPolicy {
 public:
  // Every address: the default, for the simulator.
  static PeerPolicy allow_all() { return PeerPolicy(); }
  // Denies the addresses that do not belong to a peer on the public
  // internet (special_purpose_ranges()).
  static PeerPolicy special_purpose();

  // 127.0.0.0/8 and ::1.
  static std::vector<IpRange> loopback_ranges();
  // Loopback; this-network 0/8; RFC 1918 private; RFC 6598 shared (CGN)
  // 100.64/10; link-local 169.254/16; IETF protocol assignments 192.0.0/24;
  // documentation and benchmarking; multicast, reserved and broadcast 224/3.
  // IPv6: unspecified and loopback, IPv4-compatible and IPv4-mapped, NAT64
  // local-use, discard-only, documentation, unique-local fc00::/7,
  // link-local fe80::/10, site-local fec0::/10, multicast ff00::/8.
  static std::vector<IpRange> special_purpose_ranges();

  PeerPolicy& deny(const IpRange& r);
  PeerPolicy& allow(const IpRange& r);

  bool allowed(const IpAddress& peer) const;

  const std::vector<IpRange>& denied() const { return denied_; }
  const std::vector<IpRange>& allowed_ranges() const { return allowed_; }

 private:
  std::vector<IpRange> allowed_;
  std::vector<IpRange> denied_;
};

}  // namespace natlab::turn
