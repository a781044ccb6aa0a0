#pragma once
// Loads every scenario file, printing each error as file:line:col, so that
// one CI run lists every problem in the suite, not just the first.
#include <string>
#include <vector>

#include "sim/scenario.h"

namespace natlab::apps {

struct LoadedScenarios {
  std::vector<sim::Scenario> scenarios;  // the valid ones, in file order
  std::size_t invalid = 0;
};

LoadedScenarios load_scenarios(const std::vector<std::string>& files);

}  // namespace natlab::apps
