#pragma once
// Real simulated runs for graph tests, one per scenario file per test process.
#include <map>
#include <memory>
#include <string>

#include "reports/checks/trace_view.h"
#include "reports/graphs/graph_builder.h"
#include "tests/checks/trace_builder.h"

namespace natlab::reports::graphs::testing {

struct RealRun {
  checks::testing::TraceBuilder built;
  std::unique_ptr<checks::TraceView> trace;
  ScenarioGraph graph;
};

// `relative_path` is below the source tree, e.g. "scenarios/matrix/port-restricted-vs-symmetric.yaml".
inline const RealRun& real_run(const std::string& relative_path) {
  static std::map<std::string, std::unique_ptr<RealRun>> runs;
  auto& slot = runs[relative_path];
  if (!slot) {
    auto built = checks::testing::TraceBuilder::from_run(relative_path);
    slot = std::make_unique<RealRun>(RealRun{std::move(built), nullptr, {}});
    slot->trace = std::make_unique<checks::TraceView>(slot->built.scenario(), slot->built.records());
    slot->graph = build_scenario_graph(*slot->trace);
  }
  return *slot;
}

inline const char* kPrcSym = "scenarios/matrix/port-restricted-vs-symmetric.yaml";

}  // namespace natlab::reports::graphs::testing
