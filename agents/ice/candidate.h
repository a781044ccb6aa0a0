#pragma once
// ICE candidates (RFC 5245 4.1): what one is, how its priority and foundation
// are computed, which duplicates to drop and which one to advertise as default.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
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

struct Candidate {
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
