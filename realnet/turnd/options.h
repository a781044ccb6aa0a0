#pragma once
// natlab-turnd's command line, parsed into a TurnServerConfig and the
// daemon's own settings. Parsing is separate from running so that tests can
// check every option without a socket.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agents/turn/server_config.h"
#include "realnet/turnd/log.h"

namespace natlab::turnd {

struct Options {
  turn::TurnServerConfig server;
  LogLevel log_level = LogLevel::Info;
  // SO_RCVBUF/SO_SNDBUF of every socket (0: the system's default). A relay
  // under load is descheduled now and then; the buffer is what it can take
  // meanwhile without dropping (coturn uses 2 MiB too).
  int socket_buffer_bytes = 2 << 20;
  // RFC 5766 2.1: also accept clients over TCP, on each --listen address
  // and port (as coturn does by default).
  bool tcp = true;
};

struct ParseResult {
  std::optional<Options> options;  // nullopt: exit with `exit_code`
  int exit_code = 0;               // 0 after --help/--version, 2 on a usage error
  std::string output;              // what to print: help text, or the error
};

// argv[0] is skipped.
ParseResult parse_options(int argc, const char* const* argv);

}  // namespace natlab::turnd
