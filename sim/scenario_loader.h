#pragma once
// YAML scenario files into a validated sim::Scenario. Every problem is reported
// as `file:line:col: error: message` (1-based line and column).
#include <string>
#include <variant>
#include <vector>

#include "sim/scenario.h"

namespace natlab::sim {

struct LoadError {
  std::string file;
  int line = 0;
  int column = 0;
  std::string message;
  std::string to_string() const;  // "file:line:col: error: message"
};

// Loads and validates; on failure returns at least one error (all that were
// found where that is meaningful, in file order).
std::variant<Scenario, std::vector<LoadError>> load_scenario_file(const std::string& path);
std::variant<Scenario, std::vector<LoadError>> load_scenario_text(const std::string& text,
                                                                  const std::string& file_name);

// Scenario files named by PATHs: a file as is, a folder as every *.yaml below
// it, in sorted order (results-format.md).
std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths);

}  // namespace natlab::sim
