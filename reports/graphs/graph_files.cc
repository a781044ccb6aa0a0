#include "reports/graphs/graph_files.h"

#include <filesystem>
#include <set>

#include "reports/checks/trace_view.h"
#include "reports/graphs/graph_builder.h"
#include "reports/graphs/graph_render.h"
#include "reports/output_files.h"

namespace natlab::reports::graphs {

namespace {

std::string safe_stem(const std::string& session) {
  std::string out = "graph-";
  for (char c : session) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
                    c == '_' || c == '-';
    out += ok ? c : '_';
  }
  return out;
}

}  // namespace

std::vector<std::pair<std::string, std::string>> session_file_stems(const sim::Scenario& scenario) {
  std::vector<std::pair<std::string, std::string>> out;
  if (scenario.sessions.size() < 2) return out;
  std::set<std::string> taken{"graph"};
  for (const auto& s : scenario.sessions) {
    const std::string base = safe_stem(s.name);
    std::string stem = base;
    for (int n = 2; !taken.insert(stem).second; ++n) stem = base + "-" + std::to_string(n);
    out.emplace_back(s.name, stem);
  }
  return out;
}

std::vector<std::string> graph_file_names(const sim::Scenario& scenario) {
  std::vector<std::string> out{"graph.dot", "graph.svg"};
  for (const auto& [session, stem] : session_file_stems(scenario)) {
    out.push_back(stem + ".dot");
    out.push_back(stem + ".svg");
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> session_svg_files(const sim::Scenario& scenario) {
  auto out = session_file_stems(scenario);
  for (auto& entry : out) entry.second += ".svg";
  return out;
}

std::string write_graphs(const std::string& scenario_dir, const sim::Scenario& scenario,
                         const std::vector<nlohmann::json>& records) {
  namespace fs = std::filesystem;
  std::vector<std::pair<std::string, Rendered>> drawn;  // stem -> files
  try {
    checks::TraceView trace(scenario, records);
    const ScenarioGraph graph = build_scenario_graph(trace);
    drawn.emplace_back("graph", render_scenario(graph));
    const auto stems = session_file_stems(scenario);
    for (std::size_t i = 0; i < stems.size() && i < graph.sessions.size(); ++i) {
      drawn.emplace_back(stems[i].second, render_session(graph.scenario, graph.sessions[i]));
    }
  } catch (const std::exception& e) {
    return e.what();
  }
  try {
    for (const auto& [stem, files] : drawn) {
      write_text_file((fs::path(scenario_dir) / (stem + ".dot")).string(), files.dot);
      write_text_file((fs::path(scenario_dir) / (stem + ".svg")).string(), files.svg);
    }
  } catch (const std::exception& e) {
    std::error_code ec;
    for (const auto& name : graph_file_names(scenario)) fs::remove(fs::path(scenario_dir) / name, ec);
    return e.what();
  }
  return {};
}

}  // namespace natlab::reports::graphs
