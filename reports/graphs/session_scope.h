#pragma once
// Which of an agent's trace records belong to one of its sessions. The
// simulator runs one ICE agent per (agent, session), each on its own host
// sockets (sim/runner.cc), but trace records name only the agent: a record's
// local address says which session it is from. The addresses of a session
// are those of the candidates the agent signalled in it (its offer or answer
// SDP) plus peer-reflexive candidates it later found on those sockets.
#include <map>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "reports/checks/trace_view.h"

namespace natlab::reports::graphs {

class SessionScope {
 public:
  SessionScope(const checks::TraceView& trace, const sim::Session& session, const std::string& agent);

  const std::string& agent() const { return agent_; }
  // The agent is in no other session: every one of its records is this session's.
  bool sole_session() const { return everything_; }
  // A local candidate address (or base) of this agent in this session.
  bool owns(const std::string& local_address) const { return everything_ || local_.count(local_address) > 0; }
  // Candidate-gathered records of this session.
  bool owns_candidate(const nlohmann::json& candidate) const;
  // Priorities of the peer's candidates as this agent knows them: from the
  // SDP it received in this session, then peer-reflexive ones it learned.
  // Keyed by transport_key(): a UDP and a TCP candidate may share an address.
  const std::map<std::string, std::uint32_t>& remote_priorities() const { return remote_priority_; }
  // The peer's candidates at an address, as (transport, tcptype) pairs
  // ("udp", "") / ("tcp", "active"|"passive"|"so"|"").
  std::vector<std::pair<std::string, std::string>> remote_kinds(const std::string& address) const;

 private:
  std::string agent_;
  bool everything_ = false;  // the agent is in this session only
  std::set<std::string> local_;
  std::map<std::string, std::uint32_t> remote_priority_;
  std::multimap<std::string, std::pair<std::string, std::string>> remote_kind_;  // address -> (transport, tcptype)
};

// A candidate's key in maps by transport address: the address for UDP (as
// before ICE-TCP), "tcp " + address for TCP.
std::string transport_key(const std::string& transport, const std::string& address);

// The string field `key` of a record, or "" when absent or not a string.
std::string field(const nlohmann::json& j, const char* key);

}  // namespace natlab::reports::graphs
