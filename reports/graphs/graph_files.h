#pragma once
// The path-selection graph files of a scenario (docs/graphs.md), in its
// folder of the output: graph.dot and graph.svg for the whole scenario (one
// cluster per session when there are several), and with several sessions
// also graph-<session>.dot and graph-<session>.svg for each.
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/scenario.h"

namespace natlab::reports::graphs {

// Session name -> file stem ("graph-call1"), in file order; empty with one
// session. Characters other than letters, digits, '.', '_' and '-' become
// '_'; a stem already taken gets "-2", "-3", ...
std::vector<std::pair<std::string, std::string>> session_file_stems(const sim::Scenario& scenario);

// Every file name write_graphs may write for this scenario, for clearing a
// folder before a run.
std::vector<std::string> graph_file_names(const sim::Scenario& scenario);

// Session name -> "<stem>.svg", relative to the scenario folder: what
// results.json lists under artifacts.graphs.
std::vector<std::pair<std::string, std::string>> session_svg_files(const sim::Scenario& scenario);

// Builds the graphs from the run's trace records and writes them into
// `scenario_dir`. Returns an empty string, or why nothing (or not
// everything) was drawn; files of a graph that failed are not left behind.
std::string write_graphs(const std::string& scenario_dir, const sim::Scenario& scenario,
                         const std::vector<nlohmann::json>& records);

}  // namespace natlab::reports::graphs
