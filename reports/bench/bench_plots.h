#pragma once
// gnuplot scripts and data for a sweep's pictures: bench.svg (nomination time
// against each varied key, one line per combination of the other keys and
// session: p50 with a p5-p95 band) and a check-pacing histogram per agent
// (intervals between consecutive new checks, each Ta of the sweep marked).
// Pure text: the caller writes the files and runs gnuplot on the scripts.
#include <string>
#include <vector>

#include "reports/bench/bench_summary.h"

namespace natlab::reports::bench {

struct PlotFile {
  std::string name;  // relative to the output folder
  std::string text;
};

struct Plot {
  std::string svg;               // the picture gnuplot will write, e.g. "bench.svg"
  std::string script;            // e.g. "bench.gp"
  std::vector<PlotFile> files;   // the script itself and its data
};

Plot nomination_plot(const Sweep& sweep);
// One per agent that sent checks: "pacing-<agent>.svg".
std::vector<Plot> pacing_plots(const Sweep& sweep);

// bench.html: the table and every picture inline (read from `svgs`, name ->
// SVG text; missing pictures are left out with a note).
std::string bench_html(const Sweep& sweep, const std::vector<std::pair<std::string, std::string>>& svgs);

}  // namespace natlab::reports::bench
