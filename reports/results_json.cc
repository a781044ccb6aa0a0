#include "reports/results_json.h"

#include "reports/summary.h"

namespace natlab::reports {
namespace {

Json time_or_null(const std::optional<double>& t) { return t ? Json(*t) : Json(nullptr); }

Json candidate_json(const sim::CandidateSummary& c) {
  Json j;
  j["type"] = c.type;
  j["address"] = c.address;
  j["transport"] = c.transport;
  if (!c.tcptype.empty()) j["tcptype"] = c.tcptype;  // TCP candidates only (RFC 6544 4.5)
  if (!c.relay_transport.empty()) j["relay_transport"] = c.relay_transport;  // TURN over TCP (RFC 5766 2.1)
  return j;
}

Json header(const sim::Scenario& scenario, std::uint64_t seed, const std::string& status, const std::string& error) {
  Json j;
  j["file"] = scenario.file;
  j["name"] = scenario.name;
  j["seed"] = seed;
  j["status"] = status;
  if (!error.empty()) j["error"] = error;  // extension: why a scenario is "error"
  return j;
}

}  // namespace

std::string scenario_status(const std::string& run_error, const std::vector<ExpectationResult>& expectations) {
  if (!run_error.empty()) return "error";
  // Conformance checks count only through a `conformance:` expectation
  // (results-format.md: "a required conformance check"); every result is
  // still listed in the entry.
  for (const auto& e : expectations) {
    if (!e.passed) return "fail";
  }
  return "pass";
}

Json session_json(const sim::SessionRun& s) {
  Json j;
  j["name"] = s.name;
  j["outcome"] = s.outcome;
  Json selected = Json::object();
  for (const auto& [agent, pair] : s.selected) {  // std::map: agents in name order
    selected[agent]["local"] = candidate_json(pair.local);
    selected[agent]["remote"] = candidate_json(pair.remote);
  }
  j["selected"] = selected;
  const auto& t = s.times_ms;
  j["times_ms"] = Json{{"offer", time_or_null(t.offer)},         {"answer", time_or_null(t.answer)},
                       {"first_check", time_or_null(t.first_check)}, {"nominated", time_or_null(t.nominated)},
                       {"completed", time_or_null(t.completed)}};
  j["checks"] = Json{{"pairs", s.checks.pairs},
                     {"sent", s.checks.sent},
                     {"min_interval_ms", time_or_null(s.checks.min_interval_ms)},
                     {"retransmits", s.checks.retransmits}};
  if (!s.media.empty()) {  // extension: only sessions with `media:` have it
    Json media = Json::object();
    for (const auto& [agent, counts] : s.media) media[agent] = Json{{"sent", counts.first}, {"received", counts.second}};
    j["media"] = media;
  }
  return j;
}

Json expectation_json(const ExpectationResult& e) {
  Json j;
  j["what"] = e.what;
  j["status"] = e.passed ? "pass" : "fail";
  j["detail"] = e.detail;
  return j;
}

Json conformance_json(const ConformanceResult& c) {
  Json j;
  j["id"] = c.id;
  j["rfc"] = c.rfc ? Json(*c.rfc) : Json(nullptr);
  j["section"] = c.section;
  j["status"] = c.status;
  j["detail"] = c.detail;
  if (!c.requirement.empty()) j["requirement"] = c.requirement;
  return j;
}

Json scenario_entry(const sim::Scenario& scenario, const sim::ScenarioRun& run, const Json& artifacts) {
  ConformanceReport conformance = evaluate_conformance(scenario, run);
  std::vector<ExpectationResult> expectations = evaluate_expectations(scenario, run, conformance);
  Json j = header(scenario, run.seed, scenario_status(run.error, expectations), run.error);
  j["sessions"] = Json::array();
  for (const auto& s : run.sessions) j["sessions"].push_back(session_json(s));
  j["expectations"] = Json::array();
  for (const auto& e : expectations) j["expectations"].push_back(expectation_json(e));
  j["conformance"] = Json::array();
  for (const auto& c : conformance.results) j["conformance"].push_back(conformance_json(c));
  j["artifacts"] = artifacts;
  return j;
}

Json error_entry(const sim::Scenario& scenario, std::uint64_t seed, const std::string& error, const Json& artifacts) {
  Json j = header(scenario, seed, "error", error.empty() ? std::string("the run failed") : error);
  j["sessions"] = Json::array();
  j["expectations"] = Json::array();
  j["conformance"] = Json::array();
  j["artifacts"] = artifacts;
  return j;
}

Json results_document(const std::vector<Json>& scenarios) {
  Json list = Json::array();
  for (const auto& s : scenarios) list.push_back(s);
  Json doc;
  doc["natlab"] = 1;
  doc["summary"] = to_json(summarize(list));
  doc["scenarios"] = std::move(list);
  return doc;
}

// Invalid UTF-8 in a name from a file becomes U+FFFD instead of an exception.
std::string dump_results(const Json& document) {
  return document.dump(2, ' ', false, Json::error_handler_t::replace) + "\n";
}

}  // namespace natlab::reports
