#pragma once
// The `conformance` section of a scenario's results: every check of the
// catalogue (reports/checks/) judged against the run's trace. A run that
// ended in an error has no trace worth judging: `evaluated` is false, so an
// expectation on conformance can never pass on checks that did not run.
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
  std::string requirement;  // the requirement in one sentence ("" for unknown ids)
};

struct ConformanceReport {
  bool evaluated = false;   // false: the checks did not run, whatever `results` says
  std::vector<ConformanceResult> results;
};

inline constexpr const char* kConformanceNotEvaluated = "the run ended in an error; no trace to judge";

// "RFC5245-16-pacing" -> rfc 5245, section "16"; "RFC5389-10.2-x" -> section "10.2".
ConformanceResult conformance_entry(const std::string& id);

// Every check in the catalogue, in id order, judged against the run's trace.
ConformanceReport evaluate_conformance(const sim::Scenario& scenario, const sim::ScenarioRun& run);

// Ids named in `expect: - conformance: [...]` that the catalogue does not
// have, as `file:line:col: error: ...` lines.
std::vector<std::string> unknown_conformance_ids(const sim::Scenario& scenario);

}  // namespace natlab::reports
