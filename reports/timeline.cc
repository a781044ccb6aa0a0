#include "reports/timeline.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>

namespace natlab::reports {
namespace {

struct Moment {
  std::int64_t t_ns = 0;
  int kind = 0;   // index into kTimelineEvents
  int agent = 0;  // 0 controlling, 1 controlled
};

int kind_index(const std::string& name) {
  for (std::size_t i = 0; i < std::size(kTimelineEvents); ++i) {
    if (name == kTimelineEvents[i]) return static_cast<int>(i);
  }
  return -1;
}

std::string text(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// What one agent did, first occurrence of each moment.
struct AgentMoments {
  std::map<int, std::int64_t> first;               // kind -> t_ns
  std::map<std::int64_t, std::int64_t> nominated;  // component -> first nomination t_ns
  void note(const std::string& event, std::int64_t t) { first.emplace(kind_index(event), t); }
};

// The timeline kind an agent record stands for, or "" when none.
std::string kind_of(const nlohmann::json& r) {
  const std::string event = text(r, "event");
  if (event == "candidate-gathered") return "gathering-start";
  if (event == "gathering-complete") return event;
  if (event == "check-sent") {
    auto re = r.find("retransmit");
    return re != r.end() && re->is_boolean() && re->get<bool>() ? "" : "first-check";
  }
  if (event == "ice-state") {
    const std::string state = text(r, "state");
    return state == "completed" || state == "failed" ? state : "";
  }
  return "";
}

}  // namespace

Json session_timelines(const sim::Scenario& scenario, const std::vector<nlohmann::json>& trace_records) {
  // agent name -> its moments outside any session's signalling
  std::map<std::string, AgentMoments> by_agent;
  // (session, agent) -> offer/answer moments
  std::map<std::pair<std::string, std::string>, AgentMoments> signalling;
  for (const auto& r : trace_records) {
    if (text(r, "kind") != "agent") continue;
    auto t_it = r.find("t_ns");
    if (t_it == r.end() || !t_it->is_number_integer()) continue;
    const std::int64_t t = t_it->get<std::int64_t>();
    const std::string agent = text(r, "agent");
    const std::string event = text(r, "event");
    if (event == "offer-sent" || event == "offer-received" || event == "answer-sent" || event == "answer-received") {
      signalling[{text(r, "session"), agent}].note(event, t);
      continue;
    }
    if (event == "nominated") {
      auto c = r.find("component");
      std::int64_t component = c != r.end() && c->is_number_integer() ? c->get<std::int64_t>() : 1;
      by_agent[agent].nominated.emplace(component, t);
      continue;
    }
    const std::string kind = kind_of(r);
    if (!kind.empty()) by_agent[agent].note(kind, t);
  }

  Json sessions = Json::array();
  for (const auto& session : scenario.sessions) {
    std::vector<Moment> moments;
    const std::string agents[2] = {session.controlling, session.controlled};
    for (int a = 0; a < 2; ++a) {
      const sim::Agent* config = scenario.find_agent(agents[a]);
      const int components = config ? config->components : 1;
      auto own = by_agent.find(agents[a]);
      if (own != by_agent.end()) {
        for (const auto& [kind, t] : own->second.first) moments.push_back({t, kind, a});
        // RFC 5245 8.1.1: ICE is done for an agent once every component is nominated.
        const auto& nominated = own->second.nominated;
        if (static_cast<int>(nominated.size()) >= components) {
          std::int64_t last = 0;
          for (const auto& [component, t] : nominated) last = std::max(last, t);
          moments.push_back({last, kind_index("nominated"), a});
        }
      }
      auto sig = signalling.find({session.name, agents[a]});
      if (sig != signalling.end()) {
        for (const auto& [kind, t] : sig->second.first) moments.push_back({t, kind, a});
      }
    }
    std::sort(moments.begin(), moments.end(), [](const Moment& x, const Moment& y) {
      if (x.t_ns != y.t_ns) return x.t_ns < y.t_ns;
      if (x.kind != y.kind) return x.kind < y.kind;
      return x.agent < y.agent;
    });
    Json events = Json::array();
    for (const auto& m : moments) {
      Json e;
      e["t_ms"] = static_cast<double>(m.t_ns) / 1e6;
      e["agent"] = agents[m.agent];
      e["event"] = kTimelineEvents[m.kind];
      events.push_back(std::move(e));
    }
    Json s;
    s["name"] = session.name;
    s["controlling"] = session.controlling;
    s["controlled"] = session.controlled;
    s["events"] = std::move(events);
    sessions.push_back(std::move(s));
  }
  Json doc;
  doc["sessions"] = std::move(sessions);
  return doc;
}

}  // namespace natlab::reports
