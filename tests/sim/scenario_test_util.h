#pragma once
// Loading scenario text in tests: the model when valid, else the errors,
// with the errors printed on an unexpected outcome so a failure explains itself.
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "sim/scenario_loader.h"

namespace natlab::sim::testing {

inline std::string describe(const std::vector<LoadError>& errors) {
  std::string out;
  for (const auto& e : errors) out += e.to_string() + "\n";
  return out;
}

inline Scenario load_ok(const std::string& text, const std::string& file = "test.yaml") {
  auto result = load_scenario_text(text, file);
  if (auto* errors = std::get_if<std::vector<LoadError>>(&result)) {
    ADD_FAILURE() << "expected a valid scenario, got:\n" << describe(*errors);
    return Scenario{};
  }
  return std::get<Scenario>(std::move(result));
}

inline std::vector<LoadError> load_errors(const std::string& text, const std::string& file = "test.yaml") {
  auto result = load_scenario_text(text, file);
  if (std::holds_alternative<Scenario>(result)) {
    ADD_FAILURE() << "expected errors, but the scenario loaded";
    return {};
  }
  return std::get<std::vector<LoadError>>(std::move(result));
}

}  // namespace natlab::sim::testing
