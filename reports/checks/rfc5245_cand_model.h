#pragma once
// What the RFC 5245 candidate checks read from a trace: the candidates an
// agent gathered (candidate-gathered), the descriptions it signalled and
// received (offer/answer events, their SDP lines parsed one by one so that a
// failure can name the bad line), the remote peer-reflexive candidates it
// learned, and its session.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agents/ice/candidate.h"
#include "reports/checks/trace_view.h"

namespace natlab::reports::checks::cand {

// A trace `candidate` object ({foundation, component, transport, priority,
// address, type, base, related}); nullopt when a field is missing or malformed.
std::optional<ice::Candidate> candidate_from_json(const Json& j);
// "srflx 198.51.100.1:40000 (component 1, foundation 2, priority 1694498815)"
std::string describe(const ice::Candidate& c);
// The same fields, base aside (an SDP carries no base).
bool same_as_signalled(const ice::Candidate& a, const ice::Candidate& b);

// RFC 5245 4.1.2.1: priority = 2^24*type preference + 2^8*local preference +
// (256 - component ID); these read the parts back.
constexpr std::uint32_t type_preference_of(std::uint32_t priority) { return priority >> 24; }
constexpr std::uint32_t local_preference_of(std::uint32_t priority) { return (priority >> 8) & 0xFFFF; }

// One agent event carrying a candidate, with its record.
struct CandidateEvent {
  const Json* record = nullptr;
  ice::Candidate candidate;
};
// candidate-gathered events of `agent` in trace order; `malformed` gets the
// records whose candidate does not parse.
std::vector<CandidateEvent> gathered_by(const TraceView& trace, const std::string& agent,
                                        std::vector<const Json*>* malformed = nullptr);
// remote-candidate-learned events of `agent`, in trace order.
std::vector<CandidateEvent> learned_by(const TraceView& trace, const std::string& agent);

// An offer or answer as an agent signalled it (offer-sent, answer-sent) or got
// it (offer-received, answer-received).
struct Description {
  const Json* record = nullptr;
  std::string agent, session, event;
  std::optional<std::string> ufrag, pwd;   // a=ice-ufrag / a=ice-pwd values as written
  std::vector<ice::Candidate> candidates;  // a=candidate lines that parse (RFC 5245 15.1)
  std::vector<std::string> bad_lines;      // a=candidate lines that do not
};
Description parse_description_event(const Json& record);
// Every offer-sent and answer-sent (sent = true) or offer-received and
// answer-received (sent = false) in trace order.
std::vector<Description> descriptions(const TraceView& trace, bool sent);

// The one session `agent` takes part in; nullptr when it is in none or in
// several (the trace names events by agent, not by session, so the events of
// an agent in two sessions cannot be told apart).
const sim::Session* only_session(const TraceView& trace, const std::string& agent);

// What the servers told agents about addresses they gathered, from the wire
// (last hops into hosts): Binding successes from a STUN/TURN service port,
// (base, XOR-MAPPED-ADDRESS) -> the server; Allocate successes,
// XOR-RELAYED-ADDRESS -> the server, the client address it was allocated for
// and the XOR-MAPPED-ADDRESS. Indexed once: large runs have many candidates.
struct Allocation {
  IpAddress server;
  Endpoint client;
  std::optional<Endpoint> mapped;
};
class ServerResponses {
 public:
  explicit ServerResponses(const TraceView& trace);
  // The latest response received up to `until` (the candidate's event), or
  // else the first one: an address may be handed out again later.
  std::optional<IpAddress> stun_server(const Endpoint& base, const Endpoint& mapped, Time until) const;
  std::optional<Allocation> allocation(const Endpoint& relayed, Time until) const;

 private:
  template <class V>
  using Timeline = std::vector<std::pair<Time, V>>;
  template <class V>
  static std::optional<V> at(const Timeline<V>* timeline, Time until);
  std::map<std::pair<Endpoint, Endpoint>, Timeline<IpAddress>> binding_;
  std::map<Endpoint, Timeline<Allocation>> allocations_;
};

// "A: 3 ...; B: 2 ..." style summaries.
void append_part(std::string& summary, const std::string& part);

}  // namespace natlab::reports::checks::cand
