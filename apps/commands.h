#pragma once
#include <CLI/CLI.hpp>

namespace natlab::apps {
// Adds every subcommand; the one that runs records its exit status.
void register_commands(CLI::App& app);
int exit_status();
void set_exit_status(int status);
}  // namespace natlab::apps
