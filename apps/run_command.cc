// natlab run PATH...: simulate scenarios and write results.json, junit.xml and
// report.html (results-format.md).
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include "apps/commands.h"
#include "apps/load_scenarios.h"
#include "apps/progress.h"
#include "apps/workers.h"
#include "reports/artifacts.h"
#include "reports/graphs/graph_files.h"
#include "reports/output_files.h"
#include "reports/results_json.h"
#include "reports/scenario_ids.h"
#include "reports/shard.h"
#include "reports/shard_auto.h"
#include "reports/summary.h"
#include "reports/timeline.h"
#include "sim/runner.h"
#include "sim/scenario_loader.h"

namespace natlab::apps {
namespace {

namespace fs = std::filesystem;
using reports::Json;

struct RunArgs {
  std::vector<std::string> paths;
  std::string out = "natlab-out";
  std::uint64_t seed = 0;
  bool seed_given = false;
  unsigned jobs = 0;
  std::string shard;
  std::string junit, json;
  bool pcap = false, no_graphs = false, quiet = false;
};

// What a child hands its parent: the scenario's finished results.json entry,
// in a hidden file of the scenario's folder.
fs::path handoff_file(const fs::path& scenario_dir) { return scenario_dir / ".natlab-result.json"; }

// Files an earlier run left would otherwise be listed as this run's artifacts.
// Only natlab's own files go: with `--out .` a scenario folder may be one of
// the user's folders.
void clear_artifacts(const fs::path& dir) {
  std::error_code ec;
  for (const char* name : {"trace.jsonl", "timeline.json", "graph.svg", "graph.dot", ".natlab-result.json"}) {
    fs::remove(dir / name, ec);
  }
  std::vector<fs::path> pcaps;
  for (fs::directory_iterator it(dir / "pcap", ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".pcap") pcaps.push_back(it->path());
  }
  for (const auto& p : pcaps) fs::remove(p, ec);
  fs::remove(dir / "pcap", ec);  // only if now empty
}

struct Planned {
  const sim::Scenario* scenario;
  std::string id;
  fs::path dir;
};

// Graph files of an earlier run, including per-session ones of this scenario's sessions.
void clear_graphs(const Planned& p) {
  std::error_code ec;
  for (const auto& name : reports::graphs::graph_file_names(*p.scenario)) fs::remove(p.dir / name, ec);
}

// The path-selection graphs (docs/graphs.md). A graph that cannot be drawn
// leaves the scenario's status alone: the run says so on stderr and the
// results list no graph.
void draw_graphs(const Planned& p, const sim::ScenarioRun& run) {
  if (run.trace.size() == 0) return;
  const std::string why = reports::graphs::write_graphs(p.dir.string(), *p.scenario, run.trace.records());
  if (!why.empty()) std::cerr << "natlab run: warning: " << p.id << ": no path-selection graph: " << why << '\n';
}

reports::Json artifacts_of(const Planned& p, const RunArgs& a, const std::vector<std::string>& pcap_files) {
  return reports::find_artifacts(a.out, p.id, pcap_files, reports::graphs::session_svg_files(*p.scenario));
}

int usage_error(const std::string& message) {
  std::cerr << "natlab run: error: " << message << '\n';
  return 2;
}

// Every file is loaded and checked before anything runs: one bad file stops
// the whole run with status 2, listing every problem.
std::optional<std::vector<sim::Scenario>> load_all(const std::vector<std::string>& files) {
  LoadedScenarios loaded = load_scenarios(files);
  if (loaded.invalid == 0) return std::move(loaded.scenarios);
  std::cerr << loaded.invalid << " of " << files.size() << " scenario files invalid; nothing was run\n";
  return std::nullopt;
}

// The sessions' timelines for report.html, read from the trace (reports/timeline.h).
void write_timeline(const Planned& p, const sim::ScenarioRun& run) {
  if (run.trace.size() == 0) return;
  reports::write_text_file((p.dir / "timeline.json").string(),
                           reports::session_timelines(*p.scenario, run.trace.records()).dump(2) + "\n");
}

// Runs in the child process.
int run_one(const Planned& p, const RunArgs& a) {
  sim::RunOptions options;
  options.scenario_dir = p.dir.string();
  options.pcap = a.pcap;
  if (a.seed_given) options.seed = a.seed;
  Json entry;
  try {
    sim::ScenarioRun run = sim::run_scenario(*p.scenario, options);
    if (!a.no_graphs) draw_graphs(p, run);
    write_timeline(p, run);
    entry = reports::scenario_entry(*p.scenario, run, artifacts_of(p, a, run.pcap_files));
  } catch (const std::exception& e) {
    entry = reports::error_entry(*p.scenario, options.seed.value_or(p.scenario->seed),
                                 std::string("the simulator threw: ") + e.what(),
                                 artifacts_of(p, a, {}));
  }
  reports::write_text_file(handoff_file(p.dir).string(), entry.dump());
  return 0;
}

// Runs in the parent: the child's entry, or an "error" entry saying why there is none.
Json collect(const Planned& p, const RunArgs& a, int raw_status) {
  fs::path file = handoff_file(p.dir);
  std::string why = describe_exit(raw_status);
  Json entry;
  if (why.empty()) {
    std::ifstream in(file);
    entry = Json::parse(in, nullptr, false);
    if (entry.is_discarded() || !entry.is_object()) why = "worker wrote no result";
  }
  std::error_code ec;
  fs::remove(file, ec);
  if (!why.empty()) {
    entry = reports::error_entry(*p.scenario, a.seed_given ? a.seed : p.scenario->seed, why,
                                 artifacts_of(p, a, {}));
  }
  return entry;
}

int run(const RunArgs& a) {
  std::optional<reports::Shard> shard = reports::Shard{};
  if (a.shard == "auto") {
    auto from_env = reports::shard_from_environment([](const char* name) { return std::getenv(name); });
    if (auto* message = std::get_if<std::string>(&from_env)) return usage_error(*message);
    const auto& chosen = std::get<reports::AutoShard>(from_env);
    shard = chosen.shard;
    if (!a.quiet) {
      std::cerr << "shard " << shard->k << "/" << shard->n << " from " << chosen.source << '\n';
    }
  } else if (!a.shard.empty()) {
    shard = reports::parse_shard(a.shard);
    if (!shard) {
      return usage_error("--shard must be K/N with 1 <= K <= N, e.g. 2/4, or auto; got '" + a.shard + "'");
    }
  }
  std::vector<std::string> files = sim::expand_scenario_paths(a.paths);
  if (files.empty()) return usage_error("no scenario files (*.yaml) found");
  auto scenarios = load_all(files);
  if (!scenarios) return 2;
  auto ids = reports::scenario_ids(files);
  if (auto* message = std::get_if<std::string>(&ids)) return usage_error(*message);
  const auto& id_list = std::get<std::vector<std::string>>(ids);

  std::vector<Planned> plan;
  for (std::size_t i = 0; i < files.size(); ++i) {
    if (!shard->selects(i)) continue;
    fs::path dir = fs::path(a.out) / id_list[i];
    clear_artifacts(dir);
    fs::create_directories(dir);
    plan.push_back({&(*scenarios)[i], id_list[i], dir});
    clear_graphs(plan.back());
  }

  Progress progress(plan.size(), a.quiet, isatty(STDERR_FILENO) == 1);
  std::vector<Json> entries(plan.size());
  unsigned jobs = a.jobs ? a.jobs : std::max(1u, std::thread::hardware_concurrency());
  run_in_workers(
      plan.size(), jobs, [&](std::size_t j) { return run_one(plan[j], a); },
      [&](const WorkerExit& done) {
        entries[done.index] = collect(plan[done.index], a, done.raw_status);
        progress.finished(plan[done.index].id, entries[done.index].value("status", ""), done.seconds);
      });

  Json results = reports::results_document(entries);
  reports::write_outputs(results, reports::output_paths(a.out, a.json, a.junit));
  reports::Summary summary = reports::summarize(results["scenarios"]);
  progress.done(reports::summary_line(summary));
  return reports::exit_status_for(summary);
}

}  // namespace

void register_run(CLI::App& app) {
  auto* cmd = app.add_subcommand("run", "Simulate scenarios; write results.json, junit.xml and report.html");
  static RunArgs a;
  cmd->add_option("PATH", a.paths, "Scenario files or folders (every *.yaml below, sorted)")->required();
  cmd->add_option("--out", a.out, "Output folder")->capture_default_str();
  auto* seed = cmd->add_option("--seed", a.seed, "Seed for every scenario, instead of each file's own");
  cmd->add_option("--jobs,-j", a.jobs, "Worker processes (default: number of cores)")->check(CLI::PositiveNumber);
  cmd->add_option("--shard", a.shard,
                  "Run only share K of N of the sorted scenarios, e.g. 2/4; auto: K and N from GitLab CI "
                  "parallel, a Kubernetes Indexed Job or a Slurm job array");
  cmd->add_option("--junit", a.junit, "Write JUnit XML here instead of <out>/junit.xml");
  cmd->add_option("--json", a.json, "Write results JSON here instead of <out>/results.json");
  cmd->add_flag("--pcap", a.pcap, "Also write a pcap file per wire into each scenario's folder");
  cmd->add_flag("--no-graphs", a.no_graphs, "Do not draw path-selection graphs");
  cmd->add_flag("--quiet,-q", a.quiet, "No per-scenario progress lines, only the summary");
  cmd->callback([seed] {
    a.seed_given = seed->count() > 0;
    try {
      set_exit_status(run(a));
    } catch (const std::exception& e) {
      std::cerr << "natlab run: internal error: " << e.what() << '\n';
      set_exit_status(3);
    }
  });
}

}  // namespace natlab::apps
