#include "apps/commands.h"

#include <vector>

namespace natlab::apps {
namespace {
int g_status = 0;
}

// Each subcommand file defines one of these; listed here so the order of
// `natlab --help` is stable.
void register_run(CLI::App& app);
void register_check(CLI::App& app);
void register_merge(CLI::App& app);
void register_nat_test(CLI::App& app);
void register_conformance(CLI::App& app);
void register_bench(CLI::App& app);
void register_turn_probe(CLI::App& app);
void register_turn_client(CLI::App& app);
void register_ice_agent(CLI::App& app);
void register_stun_server(CLI::App& app);
void register_nat_discover(CLI::App& app);

void register_commands(CLI::App& app) {
  register_run(app);
  register_check(app);
  register_merge(app);
  register_nat_test(app);
  register_bench(app);
  register_conformance(app);
  register_turn_probe(app);
  register_turn_client(app);
  register_ice_agent(app);
  register_stun_server(app);
  register_nat_discover(app);
}

int exit_status() { return g_status; }
void set_exit_status(int status) { g_status = status; }

}  // namespace natlab::apps
