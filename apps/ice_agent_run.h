#pragma once
// One ICE session on the real network, as `natlab ice-agent` runs it: the
// simulator's own agent (sim::AgentMachine: the sans-IO ICE agent and a TURN
// client per relay) driven by realnet::Driver over UDP sockets, with the
// descriptions exchanged through two files in the form libnice reads and
// writes. It lives in apps/ because it joins sim/ (the agent) and realnet/
// (the sockets), which do not link each other.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agents/ice/config.h"
#include "agents/ice/events.h"
#include "common/ip.h"
#include "common/time.h"

namespace natlab::apps {

struct IceAgentRun {
  ice::Role role = ice::Role::Controlling;
  ice::NominationMode nomination = ice::NominationMode::Regular;
  std::string local_sdp;   // written atomically (FILE.tmp, then renamed)
  std::string remote_sdp;  // polled until it exists
  std::vector<IpAddress> addresses;  // host candidates, one socket each
  std::optional<Endpoint> stun;
  std::optional<Endpoint> turn;
  std::string user, password;
  Transport turn_transport = Transport::Udp;  // to the TURN server (RFC 5766 2.1)
  bool relay_only = false;  // offer and pair only relayed candidates
  ice::Transports transports;  // UDP (RFC 5245) and/or TCP (RFC 6544)
  ice::TcpCandidateTypes tcp_candidates;  // RFC 6544 4.5 tcp-types gathered
  int data = 5;  // data packets each side sends and must receive
  Duration timeout = std::chrono::seconds(60);  // the whole run: a safety net
};

struct IceAgentOutcome {
  bool ok = false;
  std::string reason;  // why not
  std::optional<ice::SelectedPair> selected;
  int sent = 0;
  int received = 0;
};

IceAgentOutcome run_ice_agent(const IceAgentRun& run);

// The one JSON line the command prints (docs/commands.md#natlab-ice-agent).
std::string outcome_json(const IceAgentRun& run, const IceAgentOutcome& o);

}  // namespace natlab::apps
