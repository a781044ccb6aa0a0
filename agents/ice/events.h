#pragma once
// What an IceAgent reports through poll_event(), for the trace and callers.
#include <cstdint>
#include <variant>
#include <vector>

#include "agents/ice/candidate.h"
#include "agents/ice/checklist.h"
#include "agents/ice/config.h"
#include "common/ip.h"

namespace natlab::ice {

// RFC 5245 7.1.3.3 / 8.1.2: states of the check list, and of the session (one
// media stream, so the same thing here).
enum class IceState : std::uint8_t { New, Running, Completed, Failed };
const char* to_string(IceState s);

struct CandidateGathered { Candidate candidate; };  // local, including prflx (7.1.3.2.1)
struct RemoteCandidateLearned { Candidate candidate; };  // remote prflx (7.2.1.3)
struct GatheringComplete {};
struct PairStateChanged {
  PairId pair = 0;
  int component = 1;
  Endpoint local, remote;
  PairState from = PairState::Frozen, to = PairState::Frozen;
  Transport transport = Transport::Udp;  // the pair's (RFC 6544: UDP and TCP pairs may share addresses)
};
struct CheckSent {
  PairId pair = 0;
  Endpoint local, remote;
  bool use_candidate = false;
  bool retransmit = false;
  bool triggered = false;
  Transport transport = Transport::Udp;
};
struct CheckResponseReceived {
  PairId pair = 0;
  int error_code = 0;  // 0: success
  Endpoint mapped;     // success only
};
struct RoleConflict {
  Role role_before = Role::Controlling;
  Role role_after = Role::Controlling;
  bool sent_487 = false;      // we kept our role and answered 487 (7.2.1.1)
  bool received_487 = false;  // a 487 made us switch (7.1.3.1)
};
struct Nominated {
  PairId pair = 0;  // the valid pair
  int component = 1;
  Endpoint local, remote;
  Transport transport = Transport::Udp;
};
struct SelectedPair {
  int component = 1;
  Candidate local, remote;
};
struct StateChanged { IceState state = IceState::New; };
struct DataReceived {
  int component = 1;
  Endpoint local, remote;
  std::vector<std::uint8_t> bytes;
};

using Event = std::variant<CandidateGathered, RemoteCandidateLearned, GatheringComplete,
                           PairStateChanged, CheckSent, CheckResponseReceived, RoleConflict,
                           Nominated, SelectedPair, StateChanged, DataReceived>;

}  // namespace natlab::ice
