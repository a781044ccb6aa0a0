#include "reports/graphs/session_scope.h"

#include "agents/ice/sdp.h"

namespace natlab::reports::graphs {

std::string field(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

namespace {

std::optional<ice::SessionDescription> sdp_of(const nlohmann::json& r) {
  return ice::parse_description(field(r, "sdp"));
}

}  // namespace

SessionScope::SessionScope(const checks::TraceView& trace, const sim::Session& session, const std::string& agent)
    : agent_(agent) {
  int sessions = 0;
  for (const auto& s : trace.scenario().sessions) sessions += (s.controlling == agent || s.controlled == agent);
  everything_ = sessions <= 1;

  std::set<std::string> sockets;
  for (const char* event : {"offer-sent", "answer-sent"}) {
    for (const auto* r : trace.events_of(agent, event)) {
      if (field(*r, "session") != session.name) continue;
      if (auto d = sdp_of(*r)) {
        for (const auto& c : d->candidates) {
          local_.insert(c.address.to_string());
          if (c.type == ice::CandidateType::Host) sockets.insert(c.address.to_string());
        }
      }
    }
  }
  // Peer-reflexive candidates come after the SDP, on one of its host sockets.
  for (const auto* r : trace.events_of(agent, "candidate-gathered")) {
    auto c = r->find("candidate");
    if (c != r->end() && c->is_object() && sockets.count(field(*c, "base"))) local_.insert(field(*c, "address"));
  }

  for (const char* event : {"offer-received", "answer-received"}) {
    for (const auto* r : trace.events_of(agent, event)) {
      if (field(*r, "session") != session.name) continue;
      if (auto d = sdp_of(*r)) {
        for (const auto& c : d->candidates) {
          const std::string transport = to_string(c.transport);
          remote_priority_.emplace(transport_key(transport, c.address.to_string()), c.priority);
          remote_kind_.emplace(c.address.to_string(),
                               std::make_pair(transport, c.tcptype ? std::string(ice::to_string(*c.tcptype)) : ""));
        }
      }
    }
  }
  // RFC 5245 7.2.1.3: a learned peer-reflexive candidate has the PRIORITY of
  // the check that revealed it. Which session learned it is not in the record;
  // its address is the peer's, which differs between sessions.
  for (const auto* r : trace.events_of(agent, "remote-candidate-learned")) {
    auto c = r->find("candidate");
    if (c == r->end() || !c->is_object()) continue;
    auto p = c->find("priority");
    const std::string transport = field(*c, "transport").empty() ? "udp" : field(*c, "transport");
    if (p != c->end() && p->is_number_unsigned())
      remote_priority_.emplace(transport_key(transport, field(*c, "address")), p->get<std::uint32_t>());
    remote_kind_.emplace(field(*c, "address"), std::make_pair(transport, field(*c, "tcptype")));
  }
}

std::vector<std::pair<std::string, std::string>> SessionScope::remote_kinds(const std::string& address) const {
  std::vector<std::pair<std::string, std::string>> out;
  auto [from, to] = remote_kind_.equal_range(address);
  for (auto it = from; it != to; ++it) out.push_back(it->second);
  return out;
}

std::string transport_key(const std::string& transport, const std::string& address) {
  return transport == "tcp" ? "tcp " + address : address;
}

bool SessionScope::owns_candidate(const nlohmann::json& candidate) const {
  return owns(field(candidate, "address")) || owns(field(candidate, "base"));
}

}  // namespace natlab::reports::graphs
