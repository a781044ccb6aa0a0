#pragma once
// Per-combination summaries of a sweep: bench.json and the terminal table.
#include <string>
#include <vector>

#include "reports/bench/bench_row.h"

namespace natlab::reports::bench {

struct Sweep {
  std::string scenario;                          // the file
  std::vector<std::string> keys;                 // --vary keys, in order
  std::vector<std::vector<std::string>> values;  // each key's values, in order
  int seeds = 1;
  std::vector<BenchRow> rows;                    // combinations in order, seeds within
};

// Rows grouped by combination (in the order combinations were enumerated).
std::vector<std::vector<const BenchRow*>> by_combination(const Sweep& sweep);

// bench.json: the sweep, and per combination and session: success rate and
// p50 / p95 / max of nomination and completion time, bound and ratio, and
// checks sent.
Json summary_json(const Sweep& sweep);

// A fixed-width table for the terminal, one line per combination and session.
std::string summary_table(const Sweep& sweep);

}  // namespace natlab::reports::bench
