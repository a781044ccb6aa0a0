#include "reports/bench/bench_summary.h"

#include <algorithm>
#include <cstdio>
#include <numeric>

namespace natlab::reports::bench {
namespace {

Json stats(const std::vector<double>& v) {
  if (v.empty()) return Json(nullptr);
  const double mean = std::accumulate(v.begin(), v.end(), 0.0) / static_cast<double>(v.size());
  return Json{{"n", v.size()},
              {"mean", mean},
              {"p5", percentile(v, 5)},
              {"p50", percentile(v, 50)},
              {"p95", percentile(v, 95)},
              {"max", percentile(v, 100)}};
}

std::vector<std::string> session_names(const std::vector<const BenchRow*>& rows) {
  std::vector<std::string> names;
  for (const auto* r : rows)
    for (const auto& s : r->sessions)
      if (std::find(names.begin(), names.end(), s.name) == names.end()) names.push_back(s.name);
  return names;
}

struct SessionSample {
  int runs = 0, connected = 0;
  std::vector<double> nominated, completed, bound, ratio;
};

SessionSample sample(const std::vector<const BenchRow*>& rows, const std::string& name) {
  SessionSample s;
  for (const auto* r : rows) {
    ++s.runs;  // a run that errored counts as a failure of every session
    for (const auto& m : r->sessions) {
      if (m.name != name) continue;
      if (m.outcome == "connected") ++s.connected;
      if (m.times_ms.nominated) s.nominated.push_back(*m.times_ms.nominated);
      if (m.times_ms.completed) s.completed.push_back(*m.times_ms.completed);
      if (m.bound_ms) s.bound.push_back(*m.bound_ms);
      if (m.ratio) s.ratio.push_back(*m.ratio);
    }
  }
  return s;
}

std::string fmt(const std::vector<double>& v, double p) {
  if (v.empty()) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", percentile(v, p));
  return buf;
}

}  // namespace

std::vector<std::vector<const BenchRow*>> by_combination(const Sweep& sweep) {
  std::vector<std::vector<const BenchRow*>> groups;
  std::vector<std::vector<std::string>> seen;
  for (const auto& r : sweep.rows) {
    auto it = std::find(seen.begin(), seen.end(), r.values);
    if (it == seen.end()) {
      seen.push_back(r.values);
      groups.emplace_back();
      it = seen.end() - 1;
    }
    groups[static_cast<std::size_t>(it - seen.begin())].push_back(&r);
  }
  return groups;
}

Json summary_json(const Sweep& sweep) {
  Json j{{"natlab_bench", 1}, {"scenario", sweep.scenario}, {"seeds", sweep.seeds}, {"runs", sweep.rows.size()}};
  j["vary"] = Json::array();
  for (std::size_t i = 0; i < sweep.keys.size(); ++i) j["vary"].push_back({{"key", sweep.keys[i]}, {"values", sweep.values[i]}});
  j["combinations"] = Json::array();
  for (const auto& rows : by_combination(sweep)) {
    Json c;
    c["values"] = Json::object();
    for (std::size_t i = 0; i < sweep.keys.size(); ++i) c["values"][sweep.keys[i]] = rows.front()->values.at(i);
    c["runs"] = rows.size();
    c["errors"] = std::count_if(rows.begin(), rows.end(), [](const BenchRow* r) { return r->outcome == "error"; });
    std::vector<double> sent, interval;
    for (const auto* r : rows) {
      if (r->outcome == "error") continue;
      sent.push_back(r->checks_sent);
      if (r->mean_interval_ms) interval.push_back(*r->mean_interval_ms);
    }
    c["checks_sent"] = stats(sent);
    c["mean_check_interval_ms"] = stats(interval);
    c["sessions"] = Json::object();
    for (const auto& name : session_names(rows)) {
      const SessionSample s = sample(rows, name);
      c["sessions"][name] = {{"success_rate", s.runs ? static_cast<double>(s.connected) / s.runs : 0.0},
                             {"nominated_ms", stats(s.nominated)},
                             {"completed_ms", stats(s.completed)},
                             {"bound_ms", stats(s.bound)},
                             {"ratio", stats(s.ratio)}};
    }
    j["combinations"].push_back(std::move(c));
  }
  return j;
}

std::string summary_table(const Sweep& sweep) {
  std::vector<std::vector<std::string>> table;
  std::vector<std::string> head = sweep.keys;
  for (const char* h : {"session", "ok", "nominated p50", "p95", "max", "bound", "ratio p50", "completed p50",
                        "checks"})
    head.push_back(h);
  table.push_back(head);
  for (const auto& rows : by_combination(sweep)) {
    for (const auto& name : session_names(rows)) {
      const SessionSample s = sample(rows, name);
      std::vector<std::string> line = rows.front()->values;
      line.push_back(name);
      line.push_back(std::to_string(s.connected) + "/" + std::to_string(s.runs));
      line.push_back(fmt(s.nominated, 50));
      line.push_back(fmt(s.nominated, 95));
      line.push_back(fmt(s.nominated, 100));
      line.push_back(fmt(s.bound, 50));
      char ratio[32] = "-";
      if (!s.ratio.empty()) std::snprintf(ratio, sizeof ratio, "%.3f", percentile(s.ratio, 50));
      line.push_back(ratio);
      line.push_back(fmt(s.completed, 50));
      std::vector<double> sent;
      for (const auto* r : rows) sent.push_back(r->checks_sent);
      line.push_back(fmt(sent, 50));
      table.push_back(std::move(line));
    }
  }
  std::vector<std::size_t> width(head.size(), 0);
  for (const auto& line : table)
    for (std::size_t i = 0; i < line.size() && i < width.size(); ++i) width[i] = std::max(width[i], line[i].size());
  std::string out;
  for (const auto& line : table) {
    for (std::size_t i = 0; i < line.size() && i < width.size(); ++i) {
      out += line[i] + std::string(width[i] - line[i].size() + 2, ' ');
    }
    while (!out.empty() && out.back() == ' ') out.pop_back();
    out += '\n';
  }
  out += "times in simulated ms from the start of the run; bound: earliest nomination the network allows\n";
  return out;
}

}  // namespace natlab::reports::bench
