#include "apps/turn_probe_results.h"

#include <algorithm>

#include "reports/results_json.h"

namespace natlab::apps {

using turn::probe::CaseResult;
using turn::probe::CaseStatus;

reports::Json turn_probe_entry(const std::string& server, const std::string& user, std::uint64_t seed,
                               const std::vector<CaseResult>& results) {
  std::string failed;
  reports::Json conformance = reports::Json::array();
  // In id order, as `natlab run` lists its checks.
  std::vector<const CaseResult*> sorted;
  for (const auto& r : results) sorted.push_back(&r);
  std::stable_sort(sorted.begin(), sorted.end(),
                   [](const CaseResult* a, const CaseResult* b) { return a->info.id < b->info.id; });
  for (const CaseResult* rp : sorted) {
    const CaseResult& r = *rp;
    reports::ConformanceResult c = reports::conformance_entry(r.info.id);
    c.requirement = r.info.requirement;
    // results.json knows pass, fail and not-applicable; a skipped case did
    // not apply to this run, and says so.
    c.status = r.status == CaseStatus::Skipped ? "not-applicable" : to_string(r.status);
    c.detail = r.status == CaseStatus::Skipped ? "skipped: " + r.detail : r.detail;
    if (r.status == CaseStatus::Fail) failed += (failed.empty() ? "" : ", ") + r.info.id;
    conformance.push_back(reports::conformance_json(c));
  }
  reports::ExpectationResult all{"conformance all", failed.empty(), failed.empty() ? "" : "failed: " + failed};
  reports::Json j;
  j["file"] = "turn-probe/" + server;
  j["name"] = "TURN probe of " + server + " as " + user;
  j["seed"] = seed;
  j["status"] = reports::scenario_status("", {all});
  j["sessions"] = reports::Json::array();
  j["expectations"] = reports::Json::array({reports::expectation_json(all)});
  j["conformance"] = std::move(conformance);
  j["artifacts"] = reports::Json::object();
  return j;
}

}  // namespace natlab::apps
