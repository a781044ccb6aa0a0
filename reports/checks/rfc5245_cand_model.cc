#include "reports/checks/rfc5245_cand_model.h"

#include "agents/ice/sdp.h"
#include "agents/stun/attributes.h"

namespace natlab::reports::checks::cand {

namespace {

std::string_view trim_line_end(std::string_view s) {
  while (!s.empty() && (s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

std::vector<CandidateEvent> candidate_events(const TraceView& trace, const std::string& agent, const char* event,
                                             std::vector<const Json*>* malformed) {
  std::vector<CandidateEvent> out;
  for (const Json* r : trace.events_of(agent, event)) {
    auto it = r->find("candidate");
    std::optional<ice::Candidate> c;
    if (it != r->end()) c = candidate_from_json(*it);
    if (c) out.push_back(CandidateEvent{r, std::move(*c)});
    else if (malformed) malformed->push_back(r);
  }
  return out;
}

}  // namespace

std::optional<ice::Candidate> candidate_from_json(const Json& j) {
  if (!j.is_object()) return std::nullopt;
  ice::Candidate c;
  c.foundation = json_string(j, "foundation");
  auto comp = j.find("component");
  auto prio = j.find("priority");
  if (comp == j.end() || !comp->is_number_integer() || prio == j.end() || !prio->is_number_integer())
    return std::nullopt;
  c.component = comp->get<int>();
  const auto p = prio->get<std::int64_t>();
  if (p < 0 || p > 0xFFFFFFFF) return std::nullopt;
  c.priority = static_cast<std::uint32_t>(p);
  const std::string transport = json_string(j, "transport");
  if (transport == "udp") c.transport = Transport::Udp;
  else if (transport == "tcp") c.transport = Transport::Tcp;
  else return std::nullopt;
  auto type = ice::parse_candidate_type(json_string(j, "type"));
  auto address = json_endpoint(j, "address");
  auto base = json_endpoint(j, "base");
  if (!type || !address || !base) return std::nullopt;
  c.type = *type;
  c.address = *address;
  c.base = *base;
  if (j.contains("related")) {
    auto related = json_endpoint(j, "related");
    if (!related) return std::nullopt;
    c.related = *related;
  }
  return c;
}

std::string describe(const ice::Candidate& c) {
  return std::string(ice::to_string(c.type)) + " " + c.address.to_string() + " (component " +
         std::to_string(c.component) + ", foundation " + c.foundation + ", priority " + std::to_string(c.priority) +
         ")";
}

bool same_as_signalled(const ice::Candidate& a, const ice::Candidate& b) {
  return a.foundation == b.foundation && a.component == b.component && a.transport == b.transport &&
         a.priority == b.priority && a.address == b.address && a.type == b.type && a.related == b.related;
}

std::vector<CandidateEvent> gathered_by(const TraceView& trace, const std::string& agent,
                                        std::vector<const Json*>* malformed) {
  return candidate_events(trace, agent, "candidate-gathered", malformed);
}

std::vector<CandidateEvent> learned_by(const TraceView& trace, const std::string& agent) {
  return candidate_events(trace, agent, "remote-candidate-learned", nullptr);
}

Description parse_description_event(const Json& record) {
  Description d;
  d.record = &record;
  d.agent = json_string(record, "agent");
  d.session = json_string(record, "session");
  d.event = json_string(record, "event");
  std::string_view text;
  const std::string sdp = json_string(record, "sdp");
  text = sdp;
  while (!text.empty()) {
    const std::size_t nl = text.find('\n');
    const std::string_view line = trim_line_end(text.substr(0, nl));
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (line.starts_with("a=ice-ufrag:")) {
      d.ufrag = std::string(line.substr(12));
    } else if (line.starts_with("a=ice-pwd:")) {
      d.pwd = std::string(line.substr(10));
    } else if (line.starts_with("a=candidate:")) {
      if (auto c = ice::parse_candidate(line)) d.candidates.push_back(std::move(*c));
      else d.bad_lines.emplace_back(line);
    }
  }
  return d;
}

std::vector<Description> descriptions(const TraceView& trace, bool sent) {
  std::vector<Description> out;
  for (const Json* r : trace.events({})) {
    const std::string e = json_string(*r, "event");
    const bool is_sent = e == "offer-sent" || e == "answer-sent";
    const bool is_received = e == "offer-received" || e == "answer-received";
    if (sent ? is_sent : is_received) out.push_back(parse_description_event(*r));
  }
  return out;
}

const sim::Session* only_session(const TraceView& trace, const std::string& agent) {
  const sim::Session* found = nullptr;
  for (const auto& s : trace.scenario().sessions) {
    if (s.controlling != agent && s.controlled != agent) continue;
    if (found) return nullptr;
    found = &s;
  }
  return found;
}

ServerResponses::ServerResponses(const TraceView& trace) {
  for (const StunOnWire& m : trace.received_stun()) {
    if (m.carrier != Carrier::Direct || m.message.cls != stun::Class::Success ||
        !trace.is_service_endpoint(m.packet->src))
      continue;
    const Time t = m.packet->t;
    if (m.message.method_enum() == stun::Method::Binding) {
      if (auto mapped = m.message.get<stun::XorMappedAddress>())
        binding_[{m.packet->dst, mapped->endpoint}].emplace_back(t, m.packet->src.address);
    } else if (m.message.method_enum() == stun::Method::Allocate) {
      auto relayed = m.message.get<stun::XorRelayedAddress>();
      if (!relayed) continue;
      auto mapped = m.message.get<stun::XorMappedAddress>();
      allocations_[relayed->endpoint].emplace_back(
          t, Allocation{m.packet->src.address, m.packet->dst,
                        mapped ? std::optional<Endpoint>(mapped->endpoint) : std::nullopt});
    }
  }
}

template <class V>
std::optional<V> ServerResponses::at(const Timeline<V>* timeline, Time until) {
  if (!timeline || timeline->empty()) return std::nullopt;
  const std::pair<Time, V>* best = &timeline->front();
  for (const auto& entry : *timeline)
    if (entry.first <= until) best = &entry;
  return best->second;
}

std::optional<IpAddress> ServerResponses::stun_server(const Endpoint& base, const Endpoint& mapped, Time until) const {
  auto it = binding_.find({base, mapped});
  return at(it == binding_.end() ? nullptr : &it->second, until);
}

std::optional<Allocation> ServerResponses::allocation(const Endpoint& relayed, Time until) const {
  auto it = allocations_.find(relayed);
  return at(it == allocations_.end() ? nullptr : &it->second, until);
}

void append_part(std::string& summary, const std::string& part) {
  if (!summary.empty()) summary += "; ";
  summary += part;
}

}  // namespace natlab::reports::checks::cand
