#pragma once
// The ICE sessions of a run as the RFC 5245 session checks see them: for each
// agent in each session (a "party") what it signalled (credentials and
// candidates from the offer/answer SDP), which role it held when, the
// connectivity checks it put on the wire and received, and the Binding
// responses that answered them, matched by transaction ID.
//
// Everything comes from the trace: the wire (first hops for what a party
// sent, last hops that were not lost for what it received; relayed checks
// unwrapped from their TURN framing) and the agents' events.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agents/ice/sdp.h"
#include "reports/checks/trace_view.h"

namespace natlab::reports::checks::sess {

enum class Role { Controlling, Controlled };
const char* to_string(Role r);  // "controlling" / "controlled" (as in role-conflict events)

// One agent in one session.
struct Party {
  std::string session, agent, peer;
  Role initial_role = Role::Controlling;  // the session's controlling / controlled
  int components = 1;
  // What this agent signalled (its offer-sent / answer-sent) and what it was
  // told about its peer (offer-received / answer-received, else the peer's
  // own offer-sent / answer-sent).
  std::optional<ice::SessionDescription> sdp, peer_sdp;
  // Its bases: host sockets and relayed addresses (from its SDP, or from its
  // candidate-gathered events when it is in only this session).
  std::vector<Endpoint> bases;
  std::vector<int> base_components;  // the component of each of `bases`
  std::optional<int> component_of(const Endpoint& base) const;
  // The agent takes part in no other session, so its events that name no
  // address (ice-state, role-conflict) are this party's.
  bool sole_session = true;
  // The part of the run that is this call's for its agent, when the agent
  // has several (back-to-back calls, sessions[].start): from the call's
  // start to the start of the agent's next call. Two calls of the same two
  // agents may reuse bases (an active TCP candidate is always port 9), so
  // time tells their checks apart.
  Time from{};
  std::optional<Time> until;
  bool during(Time t) const { return t >= from && (!until || t < *until); }
  std::size_t index = 0;  // position in SessionModel::parties()
};

// A role switch (role-conflict event whose role changed, or a 487 kept role).
struct RoleChange {
  const Json* record = nullptr;
  Role before = Role::Controlling, after = Role::Controlling;
  bool sent_487 = false, received_487 = false;
};

// A connectivity check (Binding request from an agent to a peer, not to a
// STUN/TURN server) as one party sent it.
struct SentCheck {
  const StunOnWire* stun = nullptr;
  const Party* party = nullptr;
  // Transport addresses of the check itself: for a relayed check the relayed
  // address and the peer (absent when the trace does not show them).
  std::optional<Endpoint> local, remote;
  bool retransmit = false;   // an earlier transmission had the same transaction ID
  std::size_t first = 0;     // index in SessionModel::sent_checks() of the first transmission
};

// A connectivity check as it arrived at a party.
struct ReceivedCheck {
  const StunOnWire* stun = nullptr;
  const Party* party = nullptr;  // the receiver
  std::optional<Endpoint> local, remote;  // where it arrived (socket or relayed address), its source
  std::optional<std::size_t> sent;        // index of the sent check with this transaction ID
};

// A Binding success or error response to a connectivity check.
struct Response {
  const StunOnWire* stun = nullptr;
  const Party* party = nullptr;  // who sent it (responses_sent) or received it (responses_received)
  std::optional<Endpoint> local, remote;  // its own source and destination, seen from `party`
  std::size_t check = 0;  // index in sent_checks() of the first transmission it answers
  bool success() const { return stun->message.cls == stun::Class::Success; }
  int error_code() const;  // 0 for a success or when absent
};

class SessionModel {
 public:
  explicit SessionModel(const TraceView& trace);
  SessionModel(const SessionModel&) = delete;
  SessionModel& operator=(const SessionModel&) = delete;

  const TraceView& trace() const { return *trace_; }
  const std::vector<Party>& parties() const { return parties_; }
  const Party* party(std::string_view session, std::string_view agent) const;
  const Party* peer_of(const Party& p) const { return party(p.session, p.peer); }
  // The party of `agent` one of whose bases is `base`, the one whose call
  // was on at `t` when several are; else its sole session, else its party
  // whose call was on at `t`.
  const Party* party_at(std::string_view agent, const Endpoint& base, std::optional<Time> t = std::nullopt) const;
  // The party an agent event belongs to: by its `local` address (or its
  // `local` candidate's base), else the agent's sole session.
  const Party* party_of_event(const Json& record) const;

  // Events of one party, in trace order.
  std::vector<const Json*> events(const Party& p, std::string_view event) const;
  const std::vector<RoleChange>& role_changes(const Party& p) const { return roles_[p.index]; }
  // The role a party held just before trace record `record` (an index into
  // TraceView::records()), and once everything up to time `t` had happened.
  Role role_before(const Party& p, std::size_t record) const;
  Role role_after(const Party& p, Time t) const;
  // The tie-breaker its checks carry (the first one seen).
  std::optional<std::uint64_t> tie_breaker(const Party& p) const;

  const std::vector<SentCheck>& sent_checks() const { return sent_; }
  const std::vector<ReceivedCheck>& received_checks() const { return received_; }
  const std::vector<Response>& responses_sent() const { return responses_sent_; }
  const std::vector<Response>& responses_received() const { return responses_received_; }
  // The arrival at the responder of the check a sent response answers: the
  // last copy with its transaction ID that reached the responder before it.
  const ReceivedCheck* arrival_of(const Response& sent) const;
  // The first transmission of the check with this transaction ID, if any.
  std::optional<std::size_t> check_by_tid(const stun::TransactionId& tid) const;

 private:
  // The agent on `host` that owns `socket`; for a port none of its
  // candidates names, the host's only agent.
  const AgentInfo* agent_on(const std::string& host, const Endpoint& socket) const;
  void find_parties();
  void find_roles();
  void find_checks();
  void find_responses();

  const TraceView* trace_;
  std::vector<Party> parties_;
  std::vector<std::vector<RoleChange>> roles_;
  std::vector<SentCheck> sent_;
  std::vector<ReceivedCheck> received_;
  std::vector<Response> responses_sent_, responses_received_;
  std::vector<std::pair<stun::TransactionId, std::size_t>> by_tid_;  // sorted
};

// A response received to check `c` came over the same transport and, for
// ICE-TCP, on the connection the check went out on (RFC 6544 7.1: a check
// and its response travel on one connection); the local candidate alone
// does not say, since all connections of an active candidate share it.
bool same_connection(const SentCheck& c, const Response& received);

std::string endpoint_text(const std::optional<Endpoint>& e);  // "?" when unknown
std::string who(const Party& p);  // "A in session call1"
// Pass details: one count per party (indexed like parties()), parties with
// zero left out: "A in session call1: 14 checks; B in session call1: 9 checks".
std::string per_party(const SessionModel& m, const std::vector<int>& counts, const std::string& noun);
std::string str_field(const Json& j, const char* key);

}  // namespace natlab::reports::checks::sess
