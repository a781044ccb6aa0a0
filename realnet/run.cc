#include "realnet/run.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace natlab::realnet {

bool run_until(asio::io_context& io, const std::function<bool()>& done, Duration limit) {
  using Steady = std::chrono::steady_clock;
  const auto deadline = Steady::now() + limit;
  while (!done()) {
    const auto now = Steady::now();
    if (now >= deadline) break;
    if (io.stopped()) io.restart();
    const auto slice = std::min<Steady::duration>(deadline - now, std::chrono::milliseconds(50));
    // With no work at all run_one_for returns at once; only time (or another
    // thread) can change done() then, so do not spin.
    if (io.run_one_for(slice) == 0 && io.stopped()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return done();
}

void run_for(asio::io_context& io, Duration d) {
  if (io.stopped()) io.restart();
  io.run_for(d);
}

}  // namespace natlab::realnet
