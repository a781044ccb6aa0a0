// natlab check PATH...: validate scenario files; nothing is simulated.
#include <iostream>
#include <string>
#include <vector>

#include "apps/commands.h"

namespace natlab::apps {

void register_check(CLI::App& app) {
  auto* cmd = app.add_subcommand("check", "Validate scenario files; nothing is simulated");
  static std::vector<std::string> paths;
  cmd->add_option("PATH", paths, "Scenario files or folders")->required();
  cmd->callback([] {
    std::cerr << "natlab check: not implemented yet\n";
    set_exit_status(3);
  });
}

}  // namespace natlab::apps
