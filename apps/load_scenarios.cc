#include "apps/load_scenarios.h"

#include <iostream>
#include <variant>

#include "sim/scenario_loader.h"

namespace natlab::apps {

LoadedScenarios load_scenarios(const std::vector<std::string>& files) {
  LoadedScenarios out;
  for (const auto& file : files) {
    auto result = sim::load_scenario_file(file);
    if (auto* errors = std::get_if<std::vector<sim::LoadError>>(&result)) {
      ++out.invalid;
      for (const auto& e : *errors) std::cerr << e.to_string() << '\n';
    } else {
      out.scenarios.push_back(std::move(std::get<sim::Scenario>(result)));
    }
  }
  return out;
}

}  // namespace natlab::apps
