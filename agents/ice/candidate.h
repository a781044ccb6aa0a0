#pragma once
// ICE candidates (RFC 5245 4.1): what one is, how its priority and foundation
// are computed, which duplicates to drop and which one to advertise as default.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

#include "common/ip.h"

namespace natlab::ice {

enum class CandidateType : std::uint8_t { Host, ServerReflexive, PeerReflexive, Relayed };
// SDP names (RFC 5245 15.1): "host", "srflx", "prflx", "relay".
const char* to_string(CandidateType t);
std::optional<CandidateType> parse_candidate_type(std::string_view s);

// RFC 5245 4.1.2.2: "The RECOMMENDED values are 126 for host candidates, 100
// for server reflexive candidates, 110 for peer reflexive candidates, and 0 for
// relayed candidates."
constexpr std::uint32_t type_preference(CandidateType t) {
  switch (t) {
    case CandidateType::Host: return 126;
    case CandidateType::PeerReflexive: return 110;
    case CandidateType::ServerReflexive: return 100;
    case CandidateType::Relayed: return 0;
  }
  return 0;
}
// RFC 5245 4.1.2.2: "If an agent is multihomed ... [otherwise] it SHOULD be set
// to the maximum of 65535."
constexpr std::uint32_t kMaxLocalPreference = 65535;

// RFC 5245 4.1.2.1: priority = (2^24)*(type preference) + (2^8)*(local
// preference) + (2^0)*(256 - component ID).
constexpr std::uint32_t candidate_priority(std::uint32_t type_pref, std::uint32_t local_pref,
                                           int component) {
  return (type_pref << 24) + (local_pref << 8) + static_cast<std::uint32_t>(256 - component);
}
constexpr std::uint32_t candidate_priority(CandidateType t, int component,
                                           std::uint32_t local_pref = kMaxLocalPreference) {
  return candidate_priority(type_preference(t), local_pref, component);
}

// RFC 6544 4.5: "tcptype" of a TCP candidate: who opens the connection.
enum class TcpType : std::uint8_t { Active, Passive, So };
const char* to_string(TcpType t);  // "active", "passive", "so"
std::optional<TcpType> parse_tcp_type(std::string_view s);

// RFC 6544 4.5: "active candidates ... the port MUST be set to 9 (i.e.,
// Discard)": the real source port is chosen when the connection opens.
constexpr std::uint16_t kActiveTcpPort = 9;

// RFC 6544 4.2: "local preference = (2^13) * direction-pref + other-pref";
// "The direction-pref MUST be between 0 and 7 ... The other-pref MUST be
// between 0 and 8191"; with a single IP address other-pref "SHOULD be set to
// the maximum allowed value (8191)". The type preferences stay RFC 5245's:
// "For TCP candidates, the same formula and candidate type preferences
// SHOULD be used", so a UDP candidate (local preference up to 65535)
// outranks a TCP one of the same type (at most 7*8192+8191, and 6 in practice).
constexpr std::uint32_t kMaxOtherPreference = 8191;
// "It is RECOMMENDED that the host, UDP-tunneled, and relayed TCP candidates
// have the direction-pref assigned as follows: 6 for active, 4 for passive,
// and 2 for S-O. For the NAT-assisted and server reflexive candidates, the
// RECOMMENDED values are: 6 for S-O, 4 for active, and 2 for passive."
constexpr std::uint32_t direction_preference(CandidateType type, TcpType tcptype) {
  const bool reflexive = type == CandidateType::ServerReflexive;
  switch (tcptype) {
    case TcpType::Active: return reflexive ? 4 : 6;
    case TcpType::Passive: return reflexive ? 2 : 4;
    case TcpType::So: return reflexive ? 6 : 2;
  }
  return 0;
}
constexpr std::uint32_t tcp_local_preference(CandidateType type, TcpType tcptype,
                                             std::uint32_t other_pref = kMaxOtherPreference) {
  return (direction_preference(type, tcptype) << 13) + (other_pref > kMaxOtherPreference ? kMaxOtherPreference : other_pref);
}
// The other-pref for a base address whose RFC 5245 local preference (65535
// for the first address, one less for each next one) is `local_pref`.
constexpr std::uint32_t other_preference(std::uint32_t local_pref) {
  const std::uint32_t rank = kMaxLocalPreference - (local_pref > kMaxLocalPreference ? kMaxLocalPreference : local_pref);
  return rank > kMaxOtherPreference ? 0 : kMaxOtherPreference - rank;
}

struct Candidate {
  Candidate() = default;
  // The RFC 5245 fields in order, then RFC 6544's tcptype.
  Candidate(std::string foundation_of, int component_id, Transport protocol, std::uint32_t priority_of,
            Endpoint transport_address, CandidateType candidate_type, Endpoint base_of,
            std::optional<Endpoint> related_address, std::optional<TcpType> tcp_type = std::nullopt)
      : foundation(std::move(foundation_of)),
        component(component_id),
        transport(protocol),
        priority(priority_of),
        address(transport_address),
        type(candidate_type),
        base(base_of),
        related(related_address),
        tcptype(tcp_type) {}

  std::string foundation;  // 1*32 ice-char (RFC 5245 15.1)
  int component = 1;       // 1 = RTP, 2 = RTCP
  Transport transport = Transport::Udp;
  std::uint32_t priority = 0;
  Endpoint address;  // the transport address the peer sends to
  CandidateType type = CandidateType::Host;
  // Local candidates: the address the agent actually sends from (RFC 5245 2.1,
  // "base"). Host and relayed candidates are their own base. For remote
  // candidates the base is unknown and set equal to `address`.
  Endpoint base;
  std::optional<Endpoint> related;  // raddr/rport (RFC 5245 15.1)
  // RFC 6544 4.5: set exactly for TCP candidates.
  std::optional<TcpType> tcptype;

  bool operator==(const Candidate&) const = default;
};

// RFC 5245 4.1.1.3: "the same foundation for two candidates that have the same
// type, base IP address, protocol (UDP, TCP, etc.), and STUN or TURN server";
// different otherwise. Foundations are handed out as "1", "2", ... in order of
// first request, so they are deterministic.
class FoundationAllocator {
 public:
  std::string get(CandidateType type, const IpAddress& base_ip, Transport transport,
                  const std::optional<IpAddress>& server = std::nullopt);

 private:
  using Key = std::tuple<CandidateType, IpAddress, Transport, std::optional<IpAddress>>;
  std::map<Key, std::string> known_;
};

// RFC 5245 4.1.3: "A candidate is redundant if its transport address equals
// another candidate, and its base equals the base of that other candidate."
bool is_redundant(const Candidate& a, const Candidate& b);

// RFC 6544 6.2: "local active candidates ... paired with remote passive
// candidates, local passive with remote active, and local S-O with remote
// S-O"; RFC 5245 5.7.1 plus transport: a UDP candidate never pairs with a
// TCP one. Component and address family are the caller's (5.7.1).
bool transports_pair(const Candidate& local, const Candidate& remote);
// "The agent SHOULD eliminate the redundant candidate with the lower
// priority." Keeps the order of the survivors.
std::vector<Candidate> eliminate_redundant(std::vector<Candidate> candidates);

// RFC 5245 4.1.4: "It is RECOMMENDED that default candidates be chosen based on
// the likelihood of those candidates to work ... relayed candidates (if
// relayed candidates are available), server reflexive candidates (if server
// reflexive candidates are available), and finally host candidates."
// Among candidates of one type the highest priority wins. nullopt when the
// component has no candidate.
std::optional<Candidate> default_candidate(const std::vector<Candidate>& candidates, int component);

}  // namespace natlab::ice
