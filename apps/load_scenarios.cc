#include "apps/load_scenarios.h"

#include <iostream>
#include <variant>

#include "reports/conformance.h"
#include "sim/scenario_loader.h"

namespace natlab::apps {

LoadedScenarios load_scenarios(const std::vector<std::string>& files) {
  LoadedScenarios out;
  for (const auto& file : files) {
    auto result = sim::load_scenario_file(file);
    if (auto* errors = std::get_if<std::vector<sim::LoadError>>(&result)) {
      ++out.invalid;
      for (const auto& e : *errors) std::cerr << e.to_string() << '\n';
      continue;
    }
    auto& scenario = std::get<sim::Scenario>(result);
    // The loader knows the format, not the catalogue of checks: ids are
    // checked here so that a typo fails before anything runs.
    if (auto unknown = reports::unknown_conformance_ids(scenario); !unknown.empty()) {
      ++out.invalid;
      for (const auto& line : unknown) std::cerr << line << '\n';
      continue;
    }
    out.scenarios.push_back(std::move(scenario));
  }
  return out;
}

}  // namespace natlab::apps
