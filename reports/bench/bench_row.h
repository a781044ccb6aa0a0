#pragma once
// One run of a `natlab bench` sweep, measured: what bench.csv has one row of
// and what bench.json summarises.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/runner.h"
#include "sim/scenario.h"

namespace natlab::reports::bench {

using Json = nlohmann::json;

struct SessionMeasure {
  std::string name;
  std::string outcome;                    // connected | failed
  sim::SessionTimes times_ms;             // from the start of the run
  std::optional<double> bound_ms;         // nomination_bound().nominated
  std::optional<double> ratio;            // nominated / bound
};

struct BenchRow {
  std::vector<std::string> values;        // one per --vary key, in key order
  std::uint64_t seed = 1;
  std::string outcome;                    // connected (every session) | failed | error
  std::string error;                      // why, for outcome error
  std::vector<SessionMeasure> sessions;
  int checks_sent = 0;                    // connectivity checks on the wire, retransmissions included
  int retransmits = 0;
  std::optional<double> min_interval_ms;  // between consecutive new checks of one agent
  std::optional<double> mean_interval_ms;
  std::map<std::string, std::vector<double>> intervals_ms;  // agent -> every such interval
  std::map<std::string, double> ta_ms;                      // agent -> its Ta in this run
};

// Measures a finished run (its sessions, and its trace for check intervals).
BenchRow measure(const sim::Scenario& scenario, const sim::ScenarioRun& run, std::vector<std::string> values,
                 std::uint64_t seed);
BenchRow error_row(std::vector<std::string> values, std::uint64_t seed, std::string why);

Json to_json(const BenchRow& row);
BenchRow row_from_json(const Json& j);

// bench.csv: header and one line per row; sessions by name, in the order the
// first row lists them.
std::string to_csv(const std::vector<std::string>& keys, const std::vector<BenchRow>& rows);

// Nearest-rank percentile (p in 0..100) of a non-empty sample.
double percentile(std::vector<double> sample, double p);

}  // namespace natlab::reports::bench
