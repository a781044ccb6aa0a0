#pragma once
// Running an io_context until a condition holds, for commands and tests that
// wait for an outcome: the wall-clock limit is a safety net, not a measurement.
#include <functional>

#include <asio/io_context.hpp>

#include "common/time.h"

namespace natlab::realnet {

// Runs handlers until done() is true (checked after each one) or `limit` of
// wall time has passed; returns done(). Restarts a stopped io_context.
bool run_until(asio::io_context& io, const std::function<bool()>& done, Duration limit);

// Runs handlers for `d` of wall time (a quiet period: nothing more expected).
void run_for(asio::io_context& io, Duration d);

}  // namespace natlab::realnet
