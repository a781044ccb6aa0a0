// natlab's own scale (issue 7, item 5): N concurrent sessions through one
// TURN server (bench/scale_scenario.h), N = 10, 100, 1,000. Each size runs in
// a child process so that its peak memory is its own. Counters: wall and CPU
// seconds, peak resident memory, packets put on simulated wires, packets per
// wall second, and how many sessions connected. One iteration per size;
// `--benchmark_filter=Scale/10` picks one.
#include <benchmark/benchmark.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <variant>

#include "bench/scale_scenario.h"
#include "sim/runner.h"
#include "sim/scenario_loader.h"

namespace natlab::bench {
namespace {

struct Measured {
  double wall_s = 0;
  double cpu_s = 0;  // user + system: comparable even on a shared machine
  double peak_rss_mb = 0;
  double packets = 0;
  double connected = 0;
  int ok = 0;
};

Measured run_in_child(int sessions) {
  int fds[2];
  if (pipe(fds) != 0) return {};
  const pid_t pid = fork();
  if (pid == 0) {
    close(fds[0]);
    Measured m;
    auto loaded = sim::load_scenario_text(scale_scenario_yaml(sessions), "scale.yaml");
    if (auto* sc = std::get_if<sim::Scenario>(&loaded)) {
      const auto start = std::chrono::steady_clock::now();
      sim::ScenarioRun run = sim::run_scenario(*sc, sim::RunOptions{"", false, std::nullopt});
      m.wall_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      for (const auto& r : run.trace.records())
        if (r["kind"] == "packet") ++m.packets;
      for (const auto& s : run.sessions) m.connected += s.outcome == "connected";
      m.ok = run.error.empty();
    }
    rusage ru{};
    getrusage(RUSAGE_SELF, &ru);
    m.peak_rss_mb = static_cast<double>(ru.ru_maxrss) / 1024.0;  // Linux: kilobytes
    auto seconds = [](const timeval& tv) { return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6; };
    m.cpu_s = seconds(ru.ru_utime) + seconds(ru.ru_stime);
    if (write(fds[1], &m, sizeof m) != static_cast<ssize_t>(sizeof m)) _exit(1);
    _exit(0);
  }
  close(fds[1]);
  Measured m;
  if (read(fds[0], &m, sizeof m) != static_cast<ssize_t>(sizeof m)) m.ok = 0;
  close(fds[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  return m;
}

void Scale(benchmark::State& state) {
  const int sessions = static_cast<int>(state.range(0));
  Measured m;
  for (auto _ : state) {
    m = run_in_child(sessions);
    state.SetIterationTime(m.wall_s);
  }
  if (!m.ok) state.SkipWithError("the scale run failed");
  state.counters["wall_s"] = m.wall_s;
  state.counters["cpu_s"] = m.cpu_s;
  state.counters["peak_rss_MB"] = m.peak_rss_mb;
  state.counters["sim_packets"] = m.packets;
  state.counters["packets_per_wall_s"] = m.wall_s > 0 ? m.packets / m.wall_s : 0;
  state.counters["connected"] = m.connected;
}
BENCHMARK(Scale)->Arg(10)->Arg(100)->Arg(1000)->Iterations(1)->UseManualTime()->Unit(benchmark::kSecond);

}  // namespace
}  // namespace natlab::bench
