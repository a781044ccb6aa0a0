#pragma once
// Shared pieces of the RFC 5245 candidate-check tests: candidates as the trace
// writes them, offers and answers, and finding records of a real run to
// break. The hand-built world is kTwoAgents: A on alice-pc (192.168.1.10)
// behind nat-a (198.51.100.1), B on bob-pc (203.0.113.20) in the open, turn1
// (203.0.113.10:3478) a STUN and TURN server.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agents/ice/candidate.h"
#include "agents/ice/sdp.h"
#include "agents/stun/attributes.h"
#include "reports/checks/rfc5245_cand_model.h"
#include "tests/checks/trace_builder.h"

namespace natlab::reports::checks::testing {

// Priority with local preference 65535 (single-homed).
inline std::uint32_t prio(ice::CandidateType t, int component = 1) { return ice::candidate_priority(t, component); }

inline Json candidate(const std::string& foundation, int component, std::uint32_t priority, const std::string& address,
                      const std::string& type, const std::string& base,
                      const std::optional<std::string>& related = std::nullopt) {
  Json c{{"foundation", foundation}, {"component", component}, {"transport", "udp"}, {"priority", priority},
         {"address", address},       {"type", type},           {"base", base}};
  if (related) c["related"] = *related;
  return c;
}

// A's candidates in the hand-built world, and B's host.
inline Json a_host(int component = 1) {
  const std::string at = component == 1 ? "192.168.1.10:40000" : "192.168.1.10:40001";
  return candidate("1", component, prio(ice::CandidateType::Host, component), at, "host", at);
}
inline Json a_srflx(int component = 1) {
  const std::string base = component == 1 ? "192.168.1.10:40000" : "192.168.1.10:40001";
  const std::string at = component == 1 ? "198.51.100.1:40000" : "198.51.100.1:40001";
  return candidate("2", component, prio(ice::CandidateType::ServerReflexive, component), at, "srflx", base, base);
}
inline Json a_relay() {
  return candidate("3", 1, prio(ice::CandidateType::Relayed), "203.0.113.10:50000", "relay", "203.0.113.10:50000",
                   std::string("198.51.100.1:40000"));
}
inline Json b_host() {
  return candidate("1", 1, prio(ice::CandidateType::Host), "203.0.113.20:40010", "host", "203.0.113.20:40010");
}

inline Json& gathered(TraceBuilder& b, Time t, const std::string& agent, const Json& c) {
  return b.event(t, agent, "candidate-gathered", {{"candidate", c}});
}

// An SDP as the runner records it (agents/ice/sdp.h format_description).
inline std::string sdp(const std::vector<Json>& candidates, const std::string& ufrag = "aaaaaaaa",
                       const std::string& pwd = "pppppppppppppppppppppppp") {
  ice::SessionDescription d;
  d.credentials = {ufrag, pwd};
  for (const Json& c : candidates) d.candidates.push_back(cand::candidate_from_json(c).value());
  return ice::format_description(d);
}
inline Json& signal(TraceBuilder& b, Time t, const std::string& agent, const std::string& event,
                    const std::string& text) {
  return b.event(t, agent, event, {{"session", "call1"}, {"sdp", text}});
}

// A check as agents send it.
inline stun::Message ice_check(std::uint8_t n, std::uint32_t priority) {
  stun::Message m;
  m.transaction_id = tid(n);
  m.add(stun::Username{"bbbb:aaaa"}).add(stun::Priority{priority}).add(stun::IceControlling{42});
  return m;
}
// A Binding success from a STUN server, carrying XOR-MAPPED-ADDRESS.
inline stun::Message binding_success(std::uint8_t n, const Endpoint& mapped) {
  stun::Message m;
  m.cls = stun::Class::Success;
  m.transaction_id = tid(n);
  m.add(stun::XorMappedAddress{mapped});
  return m;
}

// The n-th record (1-based) of a trace that matches.
inline Json* find_record(TraceBuilder& b, const std::function<bool(const Json&)>& match, int nth = 1) {
  for (Json& r : b.records())
    if (match(r) && --nth == 0) return &r;
  return nullptr;
}
inline std::function<bool(const Json&)> event_of(const std::string& agent, const std::string& event) {
  return [agent, event](const Json& r) {
    return r.value("kind", "") == "agent" && r.value("agent", "") == agent && r.value("event", "") == event;
  };
}

}  // namespace natlab::reports::checks::testing
