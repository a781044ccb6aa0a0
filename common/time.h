#pragma once
// Simulated (or real) time as seen by sans-IO code. The caller owns the clock and
// passes `now` in; protocol code never reads a clock of its own.
#include <chrono>
#include <cstdint>

namespace natlab {

// Nanoseconds since the start of the run: the same resolution as ns-3's default.
using Duration = std::chrono::nanoseconds;
using Time = std::chrono::nanoseconds;

using namespace std::chrono_literals;

constexpr double to_ms(Duration d) { return static_cast<double>(d.count()) / 1e6; }

}  // namespace natlab
