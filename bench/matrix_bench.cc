// natlab's own speed on the NAT matrix (issue 7, item 5): wall time per
// scenario of scenarios/matrix, split where the time goes. MatrixRun is the
// simulation (ns-3 world, agents, trace); MatrixJudge is every conformance
// check of the catalogue over that run's trace. `natlab run` spends both, plus
// writing files. Benchmarks are registered at start-up, one per file, so a new
// matrix scenario is measured without editing this file;
// `--benchmark_filter=MatrixRun/symmetric` picks some.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>

#include "reports/conformance.h"
#include "sim/runner.h"
#include "sim/scenario_loader.h"

namespace natlab::bench {
namespace {

sim::RunOptions in_memory() { return sim::RunOptions{"", false, std::nullopt}; }

void MatrixRun(benchmark::State& state, const sim::Scenario& sc) {
  std::size_t records = 0;
  for (auto _ : state) {
    sim::ScenarioRun run = sim::run_scenario(sc, in_memory());
    records = run.trace.size();
    benchmark::DoNotOptimize(run.sessions.data());
  }
  state.counters["trace_records"] = static_cast<double>(records);
}

void MatrixJudge(benchmark::State& state, const sim::Scenario& sc) {
  const sim::ScenarioRun run = sim::run_scenario(sc, in_memory());  // not timed
  for (auto _ : state) {
    reports::ConformanceReport report = reports::evaluate_conformance(sc, run);
    benchmark::DoNotOptimize(report.results.data());
  }
}

int register_matrix() {
  namespace fs = std::filesystem;
  const fs::path dir = fs::path(NATLAB_SOURCE_DIR) / "scenarios" / "matrix";
  int registered = 0;
  for (const std::string& file : sim::expand_scenario_paths({dir.string()})) {
    auto loaded = sim::load_scenario_file(file);
    auto* sc = std::get_if<sim::Scenario>(&loaded);
    if (!sc) {
      std::fprintf(stderr, "matrix_bench: %s does not load; not measured\n", file.c_str());
      continue;
    }
    // Leaked on purpose: the benchmarks run after this registration returns.
    auto* scenario = new sim::Scenario(std::move(*sc));
    const std::string name = fs::path(file).stem().string();
    benchmark::RegisterBenchmark(("MatrixRun/" + name).c_str(), MatrixRun, *scenario)
        ->Unit(benchmark::kMillisecond);
    benchmark::RegisterBenchmark(("MatrixJudge/" + name).c_str(), MatrixJudge, *scenario)
        ->Unit(benchmark::kMillisecond);
    ++registered;
  }
  return registered;
}

const int kRegistered = register_matrix();

}  // namespace
}  // namespace natlab::bench
