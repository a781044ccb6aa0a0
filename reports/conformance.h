#pragma once
// The `conformance` section of a scenario's results. No conformance check is
// implemented yet: every id a scenario asks for is reported `not-applicable`
// with a detail that says so, and `evaluated` is false so that an expectation
// on conformance can never pass on checks that did not run.
#include <optional>
#include <string>
#include <vector>

#include "sim/runner.h"
#include "sim/scenario.h"

namespace natlab::reports {

struct ConformanceResult {
  std::string id;           // e.g. RFC5245-16-pacing
  std::optional<int> rfc;   // from the id; nullopt if it names no RFC
  std::string section;      // from the id; "" if it names none
  std::string status;       // pass | fail | not-applicable
  std::string detail;
};

struct ConformanceReport {
  bool evaluated = false;   // false: the checks did not run, whatever `results` says
  std::vector<ConformanceResult> results;
};

inline constexpr const char* kConformanceNotImplemented = "conformance checks not implemented yet";

// "RFC5245-16-pacing" -> rfc 5245, section "16"; "RFC5389-10.2-x" -> section "10.2".
ConformanceResult conformance_entry(const std::string& id);

// Every id requested by the scenario's `conformance:` expectations, once each,
// in the order first requested.
ConformanceReport evaluate_conformance(const sim::Scenario& scenario, const sim::ScenarioRun& run);

}  // namespace natlab::reports
