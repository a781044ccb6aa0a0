#include "reports/timeline.h"

#include <algorithm>
#include <cstdint>
#include <iterator>
#include <map>
#include <optional>
#include <string>

#include "sim/units.h"

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

// An agent's sessions by start time. A record of the agent belongs to the
// sessions with the latest start at or before it (several when they start
// together; the earliest ones when it comes before all of them): each
// session runs a fresh ICE agent, placed at the session's start.
class SessionStarts {
 public:
  explicit SessionStarts(const sim::Scenario& scenario) {
    for (const auto& s : scenario.sessions) {
      const std::int64_t start = std::chrono::duration_cast<std::chrono::nanoseconds>(s.start).count();
      starts_[s.controlling].push_back(start);
      starts_[s.controlled].push_back(start);
    }
    for (auto& [agent, v] : starts_) std::sort(v.begin(), v.end());
  }
  std::int64_t of(const std::string& agent, std::int64_t t) const {
    auto it = starts_.find(agent);
    if (it == starts_.end() || it->second.empty()) return 0;
    std::int64_t chosen = it->second.front();
    for (std::int64_t start : it->second)
      if (start <= t) chosen = start;
    return chosen;
  }

 private:
  std::map<std::string, std::vector<std::int64_t>> starts_;
};

// The fields of a "socket" record the timeline keeps (trace-format.md).
constexpr const char* kSocketFields[] = {"local", "remote", "mode", "duration", "reason", "direction"};

Json socket_entry(const nlohmann::json& r, std::int64_t t) {
  Json e;
  e["t_ms"] = static_cast<double>(t) / 1e6;
  e["agent"] = text(r, "agent");
  e["event"] = text(r, "event");
  for (const char* key : kSocketFields) {
    const std::string v = text(r, key);
    if (!v.empty()) e[key] = v;
  }
  if (auto d = sim::parse_duration(text(r, "duration")))
    e["duration_ms"] = static_cast<double>(std::chrono::duration_cast<std::chrono::nanoseconds>(*d).count()) / 1e6;
  return e;
}

}  // namespace

Json session_timelines(const sim::Scenario& scenario, const std::vector<nlohmann::json>& trace_records) {
  const SessionStarts starts(scenario);
  // (agent name, session start) -> its moments outside any session's signalling
  std::map<std::pair<std::string, std::int64_t>, AgentMoments> by_agent;
  // (session, agent) -> offer/answer moments
  std::map<std::pair<std::string, std::string>, AgentMoments> signalling;
  // (agent name, session start) -> its TCP socket records
  std::map<std::pair<std::string, std::int64_t>, Json> sockets;
  for (const auto& r : trace_records) {
    const std::string record_kind = text(r, "kind");
    if (record_kind != "agent" && record_kind != "socket") continue;
    auto t_it = r.find("t_ns");
    if (t_it == r.end() || !t_it->is_number_integer()) continue;
    const std::int64_t t = t_it->get<std::int64_t>();
    const std::string agent = text(r, "agent");
    const std::pair<std::string, std::int64_t> key{agent, starts.of(agent, t)};
    if (record_kind == "socket") {
      auto [it, added] = sockets.try_emplace(key, Json::array());
      it->second.push_back(socket_entry(r, t));
      continue;
    }
    const std::string event = text(r, "event");
    if (event == "offer-sent" || event == "offer-received" || event == "answer-sent" || event == "answer-received") {
      signalling[{text(r, "session"), agent}].note(event, t);
      continue;
    }
    if (event == "nominated") {
      auto c = r.find("component");
      std::int64_t component = c != r.end() && c->is_number_integer() ? c->get<std::int64_t>() : 1;
      by_agent[key].nominated.emplace(component, t);
      continue;
    }
    const std::string kind = kind_of(r);
    if (!kind.empty()) by_agent[key].note(kind, t);
  }

  Json sessions = Json::array();
  for (const auto& session : scenario.sessions) {
    std::vector<Moment> moments;
    const std::string agents[2] = {session.controlling, session.controlled};
    const std::int64_t start = std::chrono::duration_cast<std::chrono::nanoseconds>(session.start).count();
    for (int a = 0; a < 2; ++a) {
      const sim::Agent* config = scenario.find_agent(agents[a]);
      const int components = config ? config->components : 1;
      auto own = by_agent.find({agents[a], start});
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
    // TCP socket records of both agents in time order (controlling agent
    // first at equal times); no key when the agents used no TCP.
    std::vector<std::pair<std::pair<double, int>, Json>> socket_rows;
    for (int a = 0; a < 2; ++a) {
      auto own = sockets.find({agents[a], start});
      if (own == sockets.end()) continue;
      for (const auto& e : own->second) socket_rows.push_back({{e["t_ms"].get<double>(), a}, e});
    }
    std::stable_sort(socket_rows.begin(), socket_rows.end(),
                     [](const auto& x, const auto& y) { return x.first < y.first; });
    if (!socket_rows.empty()) {
      Json list = Json::array();
      for (auto& [order, e] : socket_rows) list.push_back(std::move(e));
      s["sockets"] = std::move(list);
    }
    sessions.push_back(std::move(s));
  }
  Json doc;
  doc["sessions"] = std::move(sessions);
  return doc;
}

}  // namespace natlab::reports
