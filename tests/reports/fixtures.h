#pragma once
// A hand-built scenario and the run it "produced", so that report code is
// tested without the simulator.
#include <chrono>

#include "sim/runner.h"
#include "sim/scenario.h"

namespace natlab::reports::testing {

inline sim::Expectation session_expect(std::optional<std::string> outcome,
                                       std::map<std::string, sim::CandidateType> selected,
                                       std::optional<Duration> nominated_within) {
  sim::Expectation e;
  e.session = "call1";
  e.outcome = std::move(outcome);
  e.selected = std::move(selected);
  e.nominated_within = nominated_within;
  return e;
}

inline sim::Scenario prc_sym_scenario() {
  sim::Scenario s;
  s.file = "scenarios/matrix/prc-sym.yaml";
  s.name = "port-restricted vs symmetric falls back to TURN";
  s.seed = 1;
  s.expect.push_back(session_expect("connected",
                                    {{"A", sim::CandidateType::Relay}, {"B", sim::CandidateType::Srflx}},
                                    std::chrono::seconds(3)));
  return s;
}

inline sim::ScenarioRun prc_sym_run() {
  sim::ScenarioRun run;
  run.seed = 1;
  sim::SessionRun& s = run.sessions.emplace_back();
  s.name = "call1";
  s.outcome = "connected";
  s.selected["B"] = {{"srflx", "198.51.100.2:40001", "udp"}, {"relay", "203.0.113.10:49152", "udp"}};
  s.selected["A"] = {{"relay", "203.0.113.10:49152", "udp"}, {"prflx", "198.51.100.2:40001", "udp"}};
  s.times_ms.offer = 120.0;
  s.times_ms.answer = 170.0;
  s.times_ms.first_check = 190.0;
  s.times_ms.nominated = 412.5;
  s.checks = {9, 14, 20.0, 3};
  return run;
}

}  // namespace natlab::reports::testing
