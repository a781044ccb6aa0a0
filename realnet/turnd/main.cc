// natlab-turnd: natlab's TurnServer on the real network (docs/commands.md).
#include <iostream>

#include "realnet/turnd/daemon.h"
#include "realnet/turnd/options.h"

int main(int argc, char** argv) {
  auto parsed = natlab::turnd::parse_options(argc, argv);
  if (!parsed.options) {
    (parsed.exit_code == 0 ? std::cout : std::cerr) << parsed.output;
    return parsed.exit_code;
  }
  return natlab::turnd::run(*parsed.options, std::cerr);
}
