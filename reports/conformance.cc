#include "reports/conformance.h"

#include <cctype>
#include <exception>

#include "reports/checks/check.h"
#include "reports/checks/trace_view.h"

namespace natlab::reports {

ConformanceResult conformance_entry(const std::string& id) {
  ConformanceResult r;
  r.id = id;
  if (id.size() > 3 && id.compare(0, 3, "RFC") == 0) {
    std::size_t i = 3;
    int rfc = 0;
    while (i < id.size() && std::isdigit(static_cast<unsigned char>(id[i])) && rfc < 100000) {
      rfc = rfc * 10 + (id[i++] - '0');
    }
    if (i > 3) r.rfc = rfc;
    if (i < id.size() && id[i] == '-') {
      std::size_t start = ++i;
      while (i < id.size() && (std::isdigit(static_cast<unsigned char>(id[i])) || id[i] == '.')) ++i;
      r.section = id.substr(start, i - start);
    }
  }
  return r;
}

ConformanceReport evaluate_conformance(const sim::Scenario& scenario, const sim::ScenarioRun& run) {
  ConformanceReport report;
  if (!run.error.empty()) return report;
  report.evaluated = true;
  const checks::TraceView trace(scenario, run.trace.records());
  for (const checks::Check& check : checks::catalogue()) {
    ConformanceResult r = conformance_entry(check.id);
    r.requirement = check.requirement;
    checks::Verdict v;
    try {
      v = check.judge(trace);
    } catch (const std::exception& e) {
      // A check that cannot judge this trace must not pass it quietly.
      v = checks::Verdict::fail(std::string("the check could not judge this trace: ") + e.what());
    }
    r.status = checks::to_string(v.status);
    r.detail = std::move(v.detail);
    report.results.push_back(std::move(r));
  }
  return report;
}

std::vector<std::string> unknown_conformance_ids(const sim::Scenario& scenario) {
  std::vector<std::string> out;
  for (const auto& e : scenario.expect) {
    for (const auto& id : e.conformance_ids) {
      if (checks::find_check(id)) continue;
      out.push_back(scenario.file + ":" + std::to_string(e.pos.line) + ":" + std::to_string(e.pos.column) +
                    ": error: unknown conformance check '" + id + "' (`natlab conformance` lists them)");
    }
  }
  return out;
}

}  // namespace natlab::reports
