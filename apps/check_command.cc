// natlab check PATH...: validate scenario files; nothing is simulated.
#include <iostream>
#include <string>
#include <variant>
#include <vector>

#include "apps/commands.h"
#include "apps/load_scenarios.h"
#include "sim/scenario_loader.h"

namespace natlab::apps {
namespace {

// Every file is checked, not just up to the first bad one, so that one CI run
// lists every problem in the suite.
int check(const std::vector<std::string>& paths) {
  auto files = sim::expand_scenario_paths(paths);
  if (files.empty()) {
    std::cerr << "natlab check: no scenario files (*.yaml) found\n";
    return 2;
  }
  const std::size_t invalid = load_scenarios(files).invalid;
  if (invalid > 0) {
    std::cerr << invalid << " of " << files.size() << " scenario files invalid\n";
    return 2;
  }
  std::cerr << files.size() << " scenario files valid\n";
  return 0;
}

}  // namespace

void register_check(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "Validate scenario files; nothing is simulated");
  static std::vector<std::string> paths;
  cmd->add_option("PATH", paths, "Scenario files or folders")->required();
  cmd->callback([] { set_exit_status(check(paths)); });
}

}  // namespace natlab::apps
