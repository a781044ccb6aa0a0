#pragma once
// A scenario file of this repository, loaded for a test; a load error is a
// test failure (and an empty scenario).
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "sim/scenario_loader.h"

namespace natlab::sim::testing {

inline Scenario load_repo_scenario(const std::string& path_in_repo) {
  auto r = load_scenario_file(std::string(NATLAB_SOURCE_DIR) + "/" + path_in_repo);
  if (auto* errs = std::get_if<std::vector<LoadError>>(&r)) {
    ADD_FAILURE() << errs->front().to_string();
    return {};
  }
  return std::get<Scenario>(r);
}

}  // namespace natlab::sim::testing
