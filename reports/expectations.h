#pragma once
// A scenario's `expect` items judged against what the run did. Each checked
// key of a session item is its own line (`call1 outcome connected`,
// `call1 selected A=relay B=srflx`, `call1 nominated within 3000 ms`), so a
// failure says exactly which promise broke; a `conformance` item is one line.
#include <string>
#include <vector>

#include "reports/conformance.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace natlab::reports {

struct ExpectationResult {
  std::string what;
  bool passed = false;
  std::string detail;  // "" when passed; else the observed values
};

std::vector<ExpectationResult> evaluate_expectations(const sim::Scenario& scenario, const sim::ScenarioRun& run,
                                                     const ConformanceReport& conformance);

// "3000", "1500", "0.5": milliseconds as short as they are exact (to 1 us).
std::string format_ms(double ms);

}  // namespace natlab::reports
