// natlab: the command line (../docs/commands.md).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>

#include "apps/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"natlab: NAT traversal simulator and ICE/STUN/TURN conformance harness"};
  app.set_version_flag("--version", std::string("natlab ") + NATLAB_VERSION);
  app.require_subcommand(0, 1);
  natlab::apps::register_commands(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForVersion& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return 2;  // results-format.md: usage error
  } catch (const std::exception& e) {
    std::cerr << "natlab: internal error: " << e.what() << "\n";
    return 3;  // results-format.md: an internal error
  }
  if (app.get_subcommands().empty()) {
    std::cout << app.help();
    return 0;
  }
  return natlab::apps::exit_status();
}
