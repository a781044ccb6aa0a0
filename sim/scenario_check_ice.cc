// The names agents, sessions and expectations refer to.
#include "sim/scenario_parse.h"

namespace natlab::sim::detail {
namespace {

template <typename T, typename Pred>
std::vector<std::string_view> names_where(const std::vector<T>& items, Pred pred) {
  std::vector<std::string_view> out;
  for (const auto& x : items) {
    if (pred(x)) out.push_back(x.name);
  }
  return out;
}

void check_agent(const ParsedScenario& in, const Agent& a, const Marks& m, Diagnostics& diag) {
  const Scenario& s = in.scenario;
  auto all = [](const auto&) { return true; };
  if (m.has("host") && !s.find_host(a.host)) {
    report_reference(diag, m.at("host"), s, "host", a.host, "host", names_where(s.hosts, all));
  }
  for (std::size_t i = 0; i < a.stun.size(); ++i) {
    std::string path = "stun[" + std::to_string(i) + "]";
    if (!m.has(path)) continue;
    const Server* server = s.find_server(a.stun[i]);
    if (!server) {
      report_reference(diag, m.at(path), s, "stun", a.stun[i], "server", names_where(s.servers, all));
    } else if (!server->stun) {
      diag.error(m.at(path), "server '" + server->name + "' offers no STUN; give it `stun:` or `turn:`");
    }
  }
  for (std::size_t i = 0; i < a.turn.size(); ++i) {
    std::string path = "turn[" + std::to_string(i) + "].server";
    if (!m.has(path)) continue;
    const Server* server = s.find_server(a.turn[i].server);
    if (!server) {
      report_reference(diag, m.at(path), s, "server", a.turn[i].server, "server", names_where(s.servers, all));
    } else if (!server->turn) {
      auto turn_servers = names_where(s.servers, [](const Server& x) { return x.turn.has_value(); });
      diag.error(m.at(path), "server '" + server->name + "' is not a TURN server (it has no `turn:`)" +
                                 (turn_servers.empty() ? std::string()
                                                       : "; TURN servers here: " + join(turn_servers)));
    }
  }
}

void check_session(const ParsedScenario& in, const Session& session, const Marks& m, Diagnostics& diag) {
  const Scenario& s = in.scenario;
  auto agents = names_where(s.agents, [](const Agent&) { return true; });
  for (const char* key : {"controlling", "controlled"}) {
    const std::string& name = std::string_view(key) == "controlling" ? session.controlling : session.controlled;
    if (m.has(key) && !s.find_agent(name)) report_reference(diag, m.at(key), s, key, name, "agent", agents);
  }
  if (m.has("controlling") && m.has("controlled") && session.controlling == session.controlled) {
    diag.error(m.at("controlled"), "session '" + session.name + "' needs two different agents; '" +
                                       session.controlled + "' is both controlling and controlled");
  }
}

void check_expectation(const ParsedScenario& in, const Expectation& e, const Marks& m, Diagnostics& diag) {
  const Scenario& s = in.scenario;
  if (!e.session || !m.has("session")) return;
  const Session* session = nullptr;
  for (const auto& x : s.sessions) {
    if (x.name == *e.session) session = &x;
  }
  if (!session) {
    report_reference(diag, m.at("session"), s, "session", *e.session, "session",
                     names_where(s.sessions, [](const Session&) { return true; }));
    return;
  }
  for (const auto& [agent, type] : e.selected) {
    if (agent == session->controlling || agent == session->controlled) continue;
    diag.error(m.at("selected." + agent), "agent '" + agent + "' is not in session '" + session->name +
                                              "'; expected " + session->controlling + " or " + session->controlled);
  }
}

}  // namespace

void check_ice(const ParsedScenario& in, Diagnostics& diag) {
  const Scenario& s = in.scenario;
  for (std::size_t i = 0; i < s.agents.size(); ++i) check_agent(in, s.agents[i], in.agent_marks[i], diag);
  for (std::size_t i = 0; i < s.sessions.size(); ++i) check_session(in, s.sessions[i], in.session_marks[i], diag);
  for (std::size_t i = 0; i < s.expect.size(); ++i) check_expectation(in, s.expect[i], in.expect_marks[i], diag);
}

}  // namespace natlab::sim::detail
