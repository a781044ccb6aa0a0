// natlab bench SCENARIO --vary KEY=V1,V2 [--vary ...] --seeds N: the scenario
// run for every combination of the varied values and every seed, in worker
// processes; bench.csv, bench.json, bench.svg, pacing histograms and
// bench.html under --out, and a summary table on standard output.
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>
#include <variant>

#include "apps/commands.h"
#include "apps/progress.h"
#include "apps/workers.h"
#include "reports/bench/bench_plots.h"
#include "reports/bench/bench_row.h"
#include "reports/bench/bench_summary.h"
#include "reports/output_files.h"
#include "sim/runner.h"
#include "sim/scenario_vary.h"

namespace natlab::apps {
namespace {

namespace fs = std::filesystem;
using reports::bench::BenchRow;

struct BenchArgs {
  std::string scenario;
  std::vector<std::string> vary;
  int seeds = 1;
  std::string out = "natlab-bench";
  unsigned jobs = 0;
  bool quiet = false;
};

struct Job {
  std::size_t combination;
  std::uint64_t seed;
};

int usage_error(const std::string& message) {
  std::cerr << "natlab bench: error: " << message << '\n';
  return 2;
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every combination, the first key varying slowest.
std::vector<std::vector<std::string>> combinations(const std::vector<sim::VarySpec>& specs) {
  std::vector<std::vector<std::string>> out{{}};
  for (const auto& spec : specs) {
    std::vector<std::vector<std::string>> next;
    for (const auto& prefix : out) {
      for (const auto& v : spec.values) {
        next.push_back(prefix);
        next.back().push_back(v);
      }
    }
    out = std::move(next);
  }
  return out;
}

// gnuplot draws the pictures; without it the numbers are still all there.
bool run_gnuplot(const fs::path& dir, const std::string& script) {
  const std::string cmd = "cd '" + dir.string() + "' && gnuplot '" + script + "' 2>'" + script + ".log'";
  const int raw = std::system(cmd.c_str());
  const bool ok = WIFEXITED(raw) && WEXITSTATUS(raw) == 0;
  std::error_code ec;
  if (ok) fs::remove(dir / (script + ".log"), ec);
  return ok;
}

int bench(const BenchArgs& a) {
  if (a.seeds < 1) return usage_error("--seeds must be at least 1");
  std::vector<sim::VarySpec> specs;
  for (const auto& text : a.vary) {
    auto parsed = sim::parse_vary(text);
    if (auto* message = std::get_if<std::string>(&parsed)) return usage_error(*message);
    specs.push_back(std::get<sim::VarySpec>(parsed));
  }
  reports::bench::Sweep sweep;
  sweep.scenario = a.scenario;
  sweep.seeds = a.seeds;
  for (const auto& s : specs) {
    sweep.keys.push_back(s.key);
    sweep.values.push_back(s.values);
  }

  // Every combination is loaded and validated before anything runs.
  const auto combos = combinations(specs);
  std::vector<sim::Scenario> scenarios;
  bool invalid = false;
  for (const auto& values : combos) {
    std::vector<sim::Override> overrides;
    for (std::size_t i = 0; i < specs.size(); ++i) overrides.push_back({specs[i].key, values[i]});
    auto loaded = sim::load_with_overrides(a.scenario, overrides);
    if (auto* errors = std::get_if<std::vector<std::string>>(&loaded)) {
      for (const auto& e : *errors) std::cerr << e << '\n';
      invalid = true;
      continue;
    }
    scenarios.push_back(std::get<sim::Scenario>(std::move(loaded)));
  }
  if (invalid) return usage_error("invalid scenario or --vary value; nothing was run");

  std::vector<Job> jobs;
  for (std::size_t c = 0; c < combos.size(); ++c)
    for (int s = 1; s <= a.seeds; ++s) jobs.push_back({c, static_cast<std::uint64_t>(s)});

  const fs::path out(a.out);
  const fs::path handoff = out / ".runs";
  fs::create_directories(handoff);
  auto handoff_file = [&](std::size_t i) { return handoff / (std::to_string(i) + ".json"); };

  std::vector<BenchRow> rows(jobs.size());
  Progress progress(jobs.size(), a.quiet, isatty(STDERR_FILENO) == 1);
  const unsigned parallel = a.jobs ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  // natlab's own speed, for the terminal only: the files stay byte-identical.
  const auto started = std::chrono::steady_clock::now();
  run_in_workers(
      jobs.size(), parallel,
      [&](std::size_t i) {
        const Job& job = jobs[i];
        const sim::Scenario& sc = scenarios[job.combination];
        BenchRow row;
        try {
          sim::ScenarioRun run = sim::run_scenario(sc, sim::RunOptions{"", false, job.seed});
          row = reports::bench::measure(sc, run, combos[job.combination], job.seed);
        } catch (const std::exception& e) {
          row = reports::bench::error_row(combos[job.combination], job.seed, std::string("the simulator threw: ") + e.what());
        }
        reports::write_text_file(handoff_file(i).string(), reports::bench::to_json(row).dump());
        return 0;
      },
      [&](const WorkerExit& done) {
        const Job& job = jobs[done.index];
        std::string why = describe_exit(done.raw_status);
        if (why.empty()) {
          auto j = reports::bench::Json::parse(slurp(handoff_file(done.index)), nullptr, false);
          if (j.is_object()) {
            rows[done.index] = reports::bench::row_from_json(j);
          } else {
            why = "worker wrote no result";
          }
        }
        if (!why.empty()) rows[done.index] = reports::bench::error_row(combos[job.combination], job.seed, why);
        std::error_code ec;
        fs::remove(handoff_file(done.index), ec);
        std::string label;
        for (std::size_t k = 0; k < specs.size(); ++k) label += specs[k].key + "=" + combos[job.combination][k] + " ";
        const std::string& outcome = rows[done.index].outcome;
        progress.finished(label + "seed " + std::to_string(job.seed), outcome == "connected" ? "pass" : outcome,
                          done.seconds);
      });
  const double wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::error_code ec;
  fs::remove_all(handoff, ec);

  sweep.rows = std::move(rows);
  reports::write_text_file((out / "bench.csv").string(), reports::bench::to_csv(sweep.keys, sweep.rows));
  reports::write_text_file((out / "bench.json").string(), reports::bench::summary_json(sweep).dump(2) + "\n");

  std::vector<reports::bench::Plot> plots{reports::bench::nomination_plot(sweep)};
  for (auto& p : reports::bench::pacing_plots(sweep)) plots.push_back(std::move(p));
  std::vector<std::pair<std::string, std::string>> svgs;
  for (const auto& p : plots) {
    for (const auto& f : p.files) reports::write_text_file((out / f.name).string(), f.text);
    fs::remove(out / p.svg, ec);
    const bool drawn = run_gnuplot(out, p.script);
    if (!drawn) std::cerr << "natlab bench: warning: gnuplot could not draw " << p.svg << " (see " << (out / (p.script + ".log")).string() << ")\n";
    svgs.emplace_back(p.svg, drawn ? slurp(out / p.svg) : std::string());
  }
  reports::write_text_file((out / "bench.html").string(), reports::bench::bench_html(sweep, svgs));

  std::cout << reports::bench::summary_table(sweep);
  std::size_t errors = 0;
  for (const auto& r : sweep.rows) errors += r.outcome == "error";
  char speed[96];
  std::snprintf(speed, sizeof speed, " in %.1f s wall (%.1f runs/s, %u workers)", wall_s,
                wall_s > 0 ? static_cast<double>(sweep.rows.size()) / wall_s : 0.0, parallel);
  progress.done(std::to_string(sweep.rows.size()) + " runs" + speed + ", " + std::to_string(errors) + " errors; wrote " +
                (out / "bench.csv").string() + ", bench.json, bench.svg, bench.html");
  return errors ? 1 : 0;
}

}  // namespace

void register_bench(CLI::App& app) {
  auto* cmd = app.add_subcommand("bench", "Sweep a scenario over varied values and seeds; measure nomination and pacing");
  static BenchArgs a;
  cmd->add_option("SCENARIO", a.scenario, "Scenario file")->required()->check(CLI::ExistingFile);
  cmd->add_option("--vary", a.vary, "KEY=V1,V2,...: a dotted path into the file (agents.A.ta, agents.*.nomination, "
                                    "links.delay, nats.nat-a.type) and its values; repeatable");
  cmd->add_option("--seeds", a.seeds, "Seeds 1..N per combination")->capture_default_str();
  cmd->add_option("--out", a.out, "Output folder")->capture_default_str();
  cmd->add_option("--jobs,-j", a.jobs, "Worker processes (default: number of cores)")->check(CLI::PositiveNumber);
  cmd->add_flag("--quiet,-q", a.quiet, "No per-run progress lines");
  cmd->callback([] {
    try {
      set_exit_status(bench(a));
    } catch (const std::exception& e) {
      std::cerr << "natlab bench: internal error: " << e.what() << '\n';
      set_exit_status(3);
    }
  });
}

}  // namespace natlab::apps
