#include "reports/bench/bench_row.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "reports/bench/nomination_bound.h"
#include "reports/checks/ice_checks_sent.h"
#include "reports/checks/trace_view.h"

namespace natlab::reports::bench {
namespace {

double ms_of(Duration d) { return static_cast<double>(d.count()) / 1e6; }

Json opt(const std::optional<double>& v) { return v ? Json(*v) : Json(nullptr); }
std::optional<double> opt_from(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || !it->is_number()) return std::nullopt;
  return it->get<double>();
}

std::string number(const std::optional<double>& v) {
  if (!v) return "";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f", *v);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace

double percentile(std::vector<double> sample, double p) {
  std::sort(sample.begin(), sample.end());
  const double rank = std::ceil(p / 100.0 * static_cast<double>(sample.size()));
  const auto idx = static_cast<std::size_t>(std::clamp(rank, 1.0, static_cast<double>(sample.size()))) - 1;
  return sample[idx];
}

BenchRow measure(const sim::Scenario& scenario, const sim::ScenarioRun& run, std::vector<std::string> values,
                 std::uint64_t seed) {
  BenchRow row;
  row.values = std::move(values);
  row.seed = seed;
  if (!run.error.empty()) return error_row(row.values, seed, run.error);
  bool all = !run.sessions.empty();
  for (const auto& s : run.sessions) {
    SessionMeasure m;
    m.name = s.name;
    m.outcome = s.outcome;
    m.times_ms = s.times_ms;
    all = all && s.outcome == "connected";
    for (const auto& session : scenario.sessions) {
      if (session.name != s.name) continue;
      if (auto b = nomination_bound(scenario, session, s)) {
        m.bound_ms = ms_of(b->nominated);
        if (s.times_ms.nominated && b->nominated.count() > 0) m.ratio = *s.times_ms.nominated / *m.bound_ms;
      }
    }
    row.checks_sent += s.checks.sent;
    row.retransmits += s.checks.retransmits;
    row.sessions.push_back(std::move(m));
  }
  row.outcome = all ? "connected" : "failed";

  // Intervals between an agent's consecutive new checks, as on the wire.
  const checks::TraceView trace(scenario, run.trace.records());
  double sum = 0;
  std::size_t count = 0;
  for (const auto& [agent, sent] : checks::checks_by_agent(trace)) {
    std::vector<double>& iv = row.intervals_ms[agent];
    for (const auto& g : checks::new_check_gaps(sent)) {
      const double gap = ms_of(g.gap);
      iv.push_back(gap);
      sum += gap;
      ++count;
      if (!row.min_interval_ms || gap < *row.min_interval_ms) row.min_interval_ms = gap;
    }
  }
  if (count) row.mean_interval_ms = sum / static_cast<double>(count);
  for (const auto& a : scenario.agents) {
    row.ta_ms[a.name] = ms_of(a.ta);
  }
  return row;
}

BenchRow error_row(std::vector<std::string> values, std::uint64_t seed, std::string why) {
  BenchRow row;
  row.values = std::move(values);
  row.seed = seed;
  row.outcome = "error";
  row.error = std::move(why);
  return row;
}

Json to_json(const BenchRow& r) {
  Json j{{"values", r.values}, {"seed", r.seed}, {"outcome", r.outcome}};
  if (!r.error.empty()) j["error"] = r.error;
  j["sessions"] = Json::array();
  for (const auto& s : r.sessions) {
    j["sessions"].push_back({{"name", s.name},
                             {"outcome", s.outcome},
                             {"offer", opt(s.times_ms.offer)},
                             {"answer", opt(s.times_ms.answer)},
                             {"first_check", opt(s.times_ms.first_check)},
                             {"nominated", opt(s.times_ms.nominated)},
                             {"completed", opt(s.times_ms.completed)},
                             {"bound", opt(s.bound_ms)},
                             {"ratio", opt(s.ratio)}});
  }
  j["checks_sent"] = r.checks_sent;
  j["retransmits"] = r.retransmits;
  j["min_interval_ms"] = opt(r.min_interval_ms);
  j["mean_interval_ms"] = opt(r.mean_interval_ms);
  j["intervals_ms"] = r.intervals_ms;
  j["ta_ms"] = r.ta_ms;
  return j;
}

BenchRow row_from_json(const Json& j) {
  BenchRow r;
  r.values = j.value("values", std::vector<std::string>{});
  r.seed = j.value("seed", std::uint64_t{0});
  r.outcome = j.value("outcome", "error");
  r.error = j.value("error", "");
  for (const auto& s : j.value("sessions", Json::array())) {
    SessionMeasure m;
    m.name = s.value("name", "");
    m.outcome = s.value("outcome", "");
    m.times_ms.offer = opt_from(s, "offer");
    m.times_ms.answer = opt_from(s, "answer");
    m.times_ms.first_check = opt_from(s, "first_check");
    m.times_ms.nominated = opt_from(s, "nominated");
    m.times_ms.completed = opt_from(s, "completed");
    m.bound_ms = opt_from(s, "bound");
    m.ratio = opt_from(s, "ratio");
    r.sessions.push_back(std::move(m));
  }
  r.checks_sent = j.value("checks_sent", 0);
  r.retransmits = j.value("retransmits", 0);
  r.min_interval_ms = opt_from(j, "min_interval_ms");
  r.mean_interval_ms = opt_from(j, "mean_interval_ms");
  r.intervals_ms = j.value("intervals_ms", std::map<std::string, std::vector<double>>{});
  r.ta_ms = j.value("ta_ms", std::map<std::string, double>{});
  return r;
}

std::string to_csv(const std::vector<std::string>& keys, const std::vector<BenchRow>& rows) {
  std::vector<std::string> sessions;
  for (const auto& r : rows) {
    if (r.sessions.empty()) continue;
    for (const auto& s : r.sessions) sessions.push_back(s.name);
    break;
  }
  std::string out;
  for (const auto& k : keys) out += csv_field(k) + ",";
  out += "seed,outcome";
  for (const auto& s : sessions) {
    for (const char* f : {"offer_ms", "answer_ms", "first_check_ms", "nominated_ms", "completed_ms", "bound_ms",
                          "ratio"}) {
      out += "," + csv_field(s + "." + f);
    }
  }
  out += ",checks_sent,retransmits,min_check_interval_ms,mean_check_interval_ms\n";
  for (const auto& r : rows) {
    for (std::size_t i = 0; i < keys.size(); ++i) out += csv_field(i < r.values.size() ? r.values[i] : "") + ",";
    out += std::to_string(r.seed) + "," + csv_field(r.outcome == "error" ? "error: " + r.error : r.outcome);
    for (const auto& name : sessions) {
      const SessionMeasure* m = nullptr;
      for (const auto& s : r.sessions)
        if (s.name == name) m = &s;
      if (!m) {
        out += ",,,,,,,";
        continue;
      }
      for (const auto& v : {m->times_ms.offer, m->times_ms.answer, m->times_ms.first_check, m->times_ms.nominated,
                            m->times_ms.completed, m->bound_ms}) {
        out += "," + number(v);
      }
      char ratio[32] = "";
      if (m->ratio) std::snprintf(ratio, sizeof ratio, "%.4f", *m->ratio);
      out += std::string(",") + ratio;
    }
    out += "," + std::to_string(r.checks_sent) + "," + std::to_string(r.retransmits) + "," +
           number(r.min_interval_ms) + "," + number(r.mean_interval_ms) + "\n";
  }
  return out;
}

}  // namespace natlab::reports::bench
