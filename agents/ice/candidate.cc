#include "agents/ice/candidate.h"

#include <algorithm>

namespace natlab::ice {

const char* to_string(CandidateType t) {
  switch (t) {
    case CandidateType::Host: return "host";
    case CandidateType::ServerReflexive: return "srflx";
    case CandidateType::PeerReflexive: return "prflx";
    case CandidateType::Relayed: return "relay";
  }
  return "?";
}

std::optional<CandidateType> parse_candidate_type(std::string_view s) {
  if (s == "host") return CandidateType::Host;
  if (s == "srflx") return CandidateType::ServerReflexive;
  if (s == "prflx") return CandidateType::PeerReflexive;
  if (s == "relay") return CandidateType::Relayed;
  return std::nullopt;
}

const char* to_string(TcpType t) {
  switch (t) {
    case TcpType::Active: return "active";
    case TcpType::Passive: return "passive";
    case TcpType::So: return "so";
  }
  return "?";
}

std::optional<TcpType> parse_tcp_type(std::string_view s) {
  if (s == "active") return TcpType::Active;
  if (s == "passive") return TcpType::Passive;
  if (s == "so") return TcpType::So;
  return std::nullopt;
}

bool transports_pair(const Candidate& local, const Candidate& remote) {
  if (local.transport != remote.transport) return false;
  if (local.transport != Transport::Tcp) return true;
  if (!local.tcptype || !remote.tcptype) return false;
  switch (*local.tcptype) {
    case TcpType::Active: return *remote.tcptype == TcpType::Passive;
    case TcpType::Passive: return *remote.tcptype == TcpType::Active;
    case TcpType::So: return *remote.tcptype == TcpType::So;
  }
  return false;
}

std::string FoundationAllocator::get(CandidateType type, const IpAddress& base_ip,
                                     Transport transport, const std::optional<IpAddress>& server) {
  Key key{type, base_ip, transport, server};
  auto it = known_.find(key);
  if (it != known_.end()) return it->second;
  std::string f = std::to_string(known_.size() + 1);
  known_.emplace(key, f);
  return f;
}

bool is_redundant(const Candidate& a, const Candidate& b) {
  return a.address == b.address && a.base == b.base && a.transport == b.transport &&
         a.tcptype == b.tcptype && a.component == b.component;
}

std::vector<Candidate> eliminate_redundant(std::vector<Candidate> candidates) {
  std::vector<bool> drop(candidates.size(), false);
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    for (std::size_t j = i + 1; j < candidates.size(); ++j) {
      if (drop[i] || drop[j] || !is_redundant(candidates[i], candidates[j])) continue;
      // Ties keep the earlier one, so the result does not depend on sort order.
      if (candidates[j].priority > candidates[i].priority) drop[i] = true;
      else drop[j] = true;
    }
  }
  std::vector<Candidate> out;
  for (std::size_t i = 0; i < candidates.size(); ++i)
    if (!drop[i]) out.push_back(std::move(candidates[i]));
  return out;
}

std::optional<Candidate> default_candidate(const std::vector<Candidate>& candidates, int component) {
  auto rank = [](CandidateType t) {
    switch (t) {
      case CandidateType::Relayed: return 0;
      case CandidateType::ServerReflexive: return 1;
      case CandidateType::Host: return 2;
      case CandidateType::PeerReflexive: return 3;  // never advertised
    }
    return 3;
  };
  const Candidate* best = nullptr;
  for (const auto& c : candidates) {
    if (c.component != component || c.type == CandidateType::PeerReflexive) continue;
    if (!best || rank(c.type) < rank(best->type) ||
        (rank(c.type) == rank(best->type) && c.priority > best->priority))
      best = &c;
  }
  if (!best) return std::nullopt;
  return *best;
}

}  // namespace natlab::ice
