#pragma once
// results.json (results-format.md): one entry per scenario and the document
// that wraps them. Nothing here reads a clock, so the same scenarios and seeds
// give the same bytes.
#include <cstdint>
#include <string>
#include <vector>

#include "reports/conformance.h"
#include "reports/expectations.h"
#include "reports/json.h"
#include "sim/runner.h"
#include "sim/scenario.h"

namespace natlab::reports {

// pass | fail | error, as results-format.md defines them.
std::string scenario_status(const std::string& run_error, const std::vector<ExpectationResult>& expectations);

Json session_json(const sim::SessionRun& session);
Json expectation_json(const ExpectationResult& e);
Json conformance_json(const ConformanceResult& c);

// The entry of a scenario that ran (run.error may still say it could not finish).
Json scenario_entry(const sim::Scenario& scenario, const sim::ScenarioRun& run, const Json& artifacts);

// The entry of a scenario whose run produced no result (its worker crashed).
Json error_entry(const sim::Scenario& scenario, std::uint64_t seed, const std::string& error, const Json& artifacts);

// {"natlab": 1, "summary": ..., "scenarios": [...]} with the summary counted
// from the entries, in the order given.
Json results_document(const std::vector<Json>& scenarios);

// Two-space indented, with a final newline.
std::string dump_results(const Json& document);

}  // namespace natlab::reports
