#pragma once
// natlab::Time on the real network: nanoseconds of std::chrono::steady_clock
// since a fixed start (the driver's, usually the start of the process's loop),
// so the sans-IO machines see the same kind of clock as in the simulator.
#include <chrono>

#include "common/time.h"

namespace natlab::realnet {

class Clock {
 public:
  using Steady = std::chrono::steady_clock;

  Clock() : start_(Steady::now()) {}
  explicit Clock(Steady::time_point start) : start_(start) {}

  Time now() const { return std::chrono::duration_cast<Time>(Steady::now() - start_); }
  Steady::time_point to_steady(Time t) const {
    return start_ + std::chrono::duration_cast<Steady::duration>(t);
  }
  Steady::time_point start() const { return start_; }

 private:
  Steady::time_point start_;
};

}  // namespace natlab::realnet
