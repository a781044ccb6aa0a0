#pragma once
// A NAT as pure logic (RFC 4787 for UDP, RFC 5382 for TCP). The simulator hands every packet that
// crosses the NAT to decide_*(); the answer is where to send it (after
// rewriting) or why to drop it. No ns-3, no sockets: unit-testable with a fake
// clock.
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/ip.h"
#include "common/rng.h"
#include "common/time.h"

namespace natlab::nat {

// RFC 4787 4.1
enum class Mapping { EndpointIndependent, AddressDependent, AddressAndPortDependent };
// RFC 4787 5
enum class Filtering { EndpointIndependent, AddressDependent, AddressAndPortDependent };
// RFC 4787 4.2.1 (port preservation when free, else the next free; sequential;
// random from the seeded generator)
enum class PortAllocation { Preserve, Sequential, Random };
enum class NatType { Open, FullCone, Restricted, PortRestricted, Symmetric };

const char* to_string(Mapping m);       // "endpoint-independent", ...
const char* to_string(Filtering f);
const char* to_string(PortAllocation p);  // "preserve", ...
const char* to_string(NatType t);         // "full-cone", ...
std::optional<Mapping> parse_mapping(std::string_view s);
std::optional<Filtering> parse_filtering(std::string_view s);
std::optional<PortAllocation> parse_port_allocation(std::string_view s);
std::optional<NatType> parse_nat_type(std::string_view s);

struct Config {
  NatType type = NatType::PortRestricted;  // Open: no translation, no filtering
  Mapping mapping = Mapping::EndpointIndependent;
  Filtering filtering = Filtering::AddressAndPortDependent;
  PortAllocation port_allocation = PortAllocation::Preserve;
  Duration mapping_timeout = std::chrono::seconds(120);  // RFC 4787 REQ-5
  bool refresh_on_inbound = false;                       // RFC 4787 REQ-6
  bool hairpinning = false;                              // RFC 4787 REQ-9
  bool block_udp = false;
  // A stateful firewall rule on top of the NAT: an inbound TCP SYN without ACK
  // is dropped unless the inside endpoint it is addressed to has itself sent
  // a SYN to that same outside endpoint in a live connection (simultaneous
  // open, RFC 5382 REQ-2a). Everything else, and hairpinned traffic, is
  // unaffected. Also applies to an `open` router. docs/nat-models.md.
  bool block_inbound_tcp = false;
  // RFC 5382 5 REQ-5: "established connection idle-timeout" MUST NOT be less
  // than 2 hours 4 minutes; "transitory connection idle-timeout" (partly
  // open or closing, RFC 7857 2.2 for RST) MUST NOT be less than 4 minutes.
  // The defaults are those minimums; REQ-5a allows configuring them (shorter
  // values model non-conforming NATs).
  Duration tcp_established_timeout = std::chrono::minutes(124);
  Duration tcp_transitory_timeout = std::chrono::minutes(4);
  IpAddress public_address;
  std::uint16_t port_min = 1024;  // range of external ports handed out
  std::uint16_t port_max = 65535;

  // mapping/filtering as the classic type implies (scenario-format.md).
  static Config for_type(NatType t);
};

enum class Direction { Outbound, Inbound, Hairpin };

enum class DropReason {
  None,
  BlockedUdp,         // block_udp
  NoMapping,          // inbound to a public port with no live mapping
  Filtered,           // mapping exists but filtering refuses this remote
  HairpinDisabled,    // inside host sent to the NAT's own public address
  PortsExhausted,     // no free external port
  NotForUs,           // inbound to an address that is not the public address
  BlockedInboundTcp,  // block_inbound_tcp: an inbound SYN opening a connection
};
const char* to_string(DropReason r);

// The TCP header flags the NAT's connection tracking reads (RFC 793 3.1).
// All false for UDP.
struct TcpFlags {
  bool syn = false;
  bool ack = false;
  bool fin = false;
  bool rst = false;
  bool operator==(const TcpFlags&) const = default;
};
// "SYN,ACK" style, in that order; "" when none is set.
std::string to_string(const TcpFlags& f);

struct Packet {
  Transport transport = Transport::Udp;
  Endpoint src;
  Endpoint dst;
  TcpFlags tcp{};  // carried through translation unchanged
};

struct Decision {
  bool forward = false;
  Packet translated;      // the packet as it leaves the NAT, when forward
  DropReason reason = DropReason::None;
  Direction direction = Direction::Outbound;
  bool mapping_created = false;  // this packet made a new mapping
};

// Events that the trace records (mapping created / expired).
struct MappingEvent {
  Time at{};
  enum Kind { Created, Expired } kind = Created;
  Transport transport = Transport::Udp;
  Endpoint internal;   // inside host's endpoint
  Endpoint external;   // public address and port
  std::optional<Endpoint> remote;  // for dependent mappings: the key's remote part
};

class Nat {
 public:
  Nat(Config cfg, Rng rng);

  // A packet from the inside LAN. dst may be the NAT's own public address
  // (hairpinning): then the answer is Direction::Hairpin, translated to the
  // internal endpoint behind the target mapping, with src rewritten to the
  // sender's external mapping (RFC 4787 REQ-9 "external source IP address and port").
  Decision outbound(Time now, const Packet& p);
  // A packet arriving on the outside interface.
  Decision inbound(Time now, const Packet& p);

  // Expire idle mappings; returns when the next one would expire.
  std::optional<Time> expire(Time now);
  std::vector<MappingEvent> drain_events();

  const Config& config() const { return cfg_; }
  std::size_t mapping_count() const;

  // Counters for the results: drops by reason.
  const std::map<DropReason, std::uint64_t>& drops() const { return drops_; }

 private:
  struct Impl;
  struct OutboundMapping {
    std::optional<Endpoint> external;  // empty: no free port
    bool created = false;
  };
  void sweep(Time now);
  OutboundMapping map_outbound(Time now, const Packet& p);
  Decision hairpin(Time now, const Packet& p);
  Decision drop(DropReason reason, Direction direction, bool mapping_created = false);
  Decision open_router(Time now, const Packet& p, Direction direction);
  static Decision forward(const Packet& translated, Direction direction, bool mapping_created = false);

  Config cfg_;
  Rng rng_;
  std::map<DropReason, std::uint64_t> drops_;
  // ... implementation-defined state (see nat.cc)
 public:
  ~Nat();
  Nat(Nat&&) noexcept;
  Nat& operator=(Nat&&) noexcept;
 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace natlab::nat
