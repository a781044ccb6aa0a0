#include "reports/expectations.h"

#include <cmath>
#include <cstdio>
#include <optional>

namespace natlab::reports {
namespace {

// Times are whole nanoseconds turned into ms doubles; one nanosecond of slack
// keeps "exactly at the limit" from failing on rounding.
constexpr double kSlackMs = 1e-6;

const sim::SessionRun* find_session(const sim::ScenarioRun& run, const std::string& name) {
  for (const auto& s : run.sessions) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

void append(std::string& detail, const std::string& part) {
  if (!detail.empty()) detail += "; ";
  detail += part;
}

ExpectationResult outcome_line(const std::string& session, const std::string& expected, const sim::SessionRun& s) {
  ExpectationResult r{session + " outcome " + expected, s.outcome == expected, ""};
  if (!r.passed) r.detail = "outcome " + (s.outcome.empty() ? std::string("unknown") : s.outcome) + ", expected " + expected;
  return r;
}

ExpectationResult selected_line(const std::string& session, const std::map<std::string, sim::CandidateType>& expected,
                                const sim::SessionRun& s) {
  ExpectationResult r{session + " selected", true, ""};
  for (const auto& [agent, type] : expected) {
    std::string want = sim::to_string(type);
    r.what += " " + agent + "=" + want;
    auto it = s.selected.find(agent);
    if (it == s.selected.end()) {
      r.passed = false;
      append(r.detail, agent + " selected no pair, expected " + want);
    } else if (it->second.local.type != want) {
      r.passed = false;
      append(r.detail, agent + " selected " + it->second.local.type + ", expected " + want);
    }
  }
  return r;
}

// Both agents' selected pairs, every component, over `want` (udp | tcp).
ExpectationResult transport_line(const std::string& session, const std::string& want, const sim::SessionRun& s) {
  ExpectationResult r{session + " transport " + want, true, ""};
  if (s.selected.empty()) {
    r.passed = false;
    r.detail = "no agent selected a pair";
  }
  for (const auto& [agent, pair] : s.selected) {
    if (pair.local.transport == want) continue;
    r.passed = false;
    append(r.detail, agent + " selected a " + pair.local.transport + " pair, expected " + want);
  }
  return r;
}

ExpectationResult nominated_line(const std::string& session, Duration limit, const sim::SessionRun& s) {
  double limit_ms = to_ms(limit);
  ExpectationResult r{session + " nominated within " + format_ms(limit_ms) + " ms", false, ""};
  const auto& t = s.times_ms;
  if (!t.offer) {
    r.detail = "no offer was sent";
  } else if (!t.nominated) {
    r.detail = "no pair was nominated";
  } else {
    double took = *t.nominated - *t.offer;
    r.passed = took <= limit_ms + kSlackMs;
    if (!r.passed) r.detail = "nominated " + format_ms(took) + " ms after the offer, limit " + format_ms(limit_ms) + " ms";
  }
  return r;
}

void session_lines(const sim::Expectation& e, const sim::ScenarioRun& run, std::vector<ExpectationResult>& out) {
  const std::string& name = *e.session;
  const sim::SessionRun* s = find_session(run, name);
  std::vector<ExpectationResult> lines;
  sim::SessionRun none;
  const sim::SessionRun& observed = s ? *s : none;
  if (e.outcome) lines.push_back(outcome_line(name, *e.outcome, observed));
  if (!e.selected.empty()) lines.push_back(selected_line(name, e.selected, observed));
  if (e.nominated_within) lines.push_back(nominated_line(name, *e.nominated_within, observed));
  if (e.transport) lines.push_back(transport_line(name, natlab::to_string(*e.transport), observed));
  for (auto& l : lines) {
    if (!s) {
      l.passed = false;
      l.detail = "session " + name + " has no result in this run";
    }
    out.push_back(std::move(l));
  }
}

const ConformanceResult* find_check(const ConformanceReport& c, const std::string& id) {
  for (const auto& r : c.results) {
    if (r.id == id) return &r;
  }
  return nullptr;
}

// `all`: every check that applies passes; a list: each named check passes.
// Either way nothing passes on checks that were never evaluated.
ExpectationResult conformance_line(const sim::Expectation& e, const ConformanceReport& c) {
  ExpectationResult r{"conformance", true, ""};
  if (e.conformance_all) {
    r.what += " all";
  } else {
    for (std::size_t i = 0; i < e.conformance_ids.size(); ++i) r.what += (i ? ", " : " ") + e.conformance_ids[i];
  }
  if (!c.evaluated) {
    r.passed = false;
    r.detail = std::string("not evaluated: ") + kConformanceNotEvaluated;
    return r;
  }
  if (e.conformance_all) {
    for (const auto& check : c.results) {
      if (check.status == "fail") {
        r.passed = false;
        append(r.detail, check.id + " failed" + (check.detail.empty() ? "" : ": " + check.detail));
      }
    }
    return r;
  }
  for (const auto& id : e.conformance_ids) {
    const ConformanceResult* check = find_check(c, id);
    if (check && check->status == "pass") continue;
    r.passed = false;
    append(r.detail, id + (check ? " " + check->status + (check->detail.empty() ? "" : ": " + check->detail)
                                 : " was not checked"));
  }
  return r;
}

}  // namespace

std::string format_ms(double ms) {
  long long us = std::llround(ms * 1000.0);
  bool negative = us < 0;
  if (negative) us = -us;
  std::string text = std::to_string(us / 1000);
  if (long long frac = us % 1000) {
    char buf[8];
    std::snprintf(buf, sizeof buf, ".%03lld", frac);
    text += buf;
    while (text.back() == '0') text.pop_back();
  }
  return negative ? "-" + text : text;
}

std::vector<ExpectationResult> evaluate_expectations(const sim::Scenario& scenario, const sim::ScenarioRun& run,
                                                     const ConformanceReport& conformance) {
  std::vector<ExpectationResult> out;
  for (const auto& e : scenario.expect) {
    if (e.session) {
      session_lines(e, run, out);
    } else {
      out.push_back(conformance_line(e, conformance));
    }
  }
  return out;
}

}  // namespace natlab::reports
