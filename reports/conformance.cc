#include "reports/conformance.h"

#include <algorithm>
#include <cctype>

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

ConformanceReport evaluate_conformance(const sim::Scenario& scenario, const sim::ScenarioRun& /*run*/) {
  ConformanceReport report;
  for (const auto& e : scenario.expect) {
    for (const auto& id : e.conformance_ids) {
      bool seen = std::any_of(report.results.begin(), report.results.end(),
                              [&](const ConformanceResult& r) { return r.id == id; });
      if (seen) continue;
      ConformanceResult r = conformance_entry(id);
      r.status = "not-applicable";
      r.detail = kConformanceNotImplemented;
      report.results.push_back(std::move(r));
    }
  }
  return report;
}

}  // namespace natlab::reports
