#include "reports/html_report.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <vector>

#include "reports/html_conformance.h"
#include "reports/html_inline_svg.h"
#include "reports/html_parts.h"
#include "reports/html_timeline.h"

namespace natlab::reports {
namespace {

using html::badge;
using html::esc;
using html::text;

constexpr const char* kStyle = R"(body{font:14px/1.45 system-ui,sans-serif;margin:1.5em auto;max-width:80em}
body{padding:0 1em;color:#222}
h1{font-size:1.5em}h2{font-size:1.25em;margin-top:2.2em;border-top:2px solid #ddd;padding-top:.8em}
h3{font-size:1.05em;margin:1.4em 0 .5em}h4{font-size:1em;margin:1em 0 .4em}
table{border-collapse:collapse;margin-bottom:1em}
th,td{border:1px solid #ccc;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}code{font-size:.95em}.detail{white-space:pre-wrap;word-break:break-word}
.badge{display:inline-block;min-width:4.5em;text-align:center;border-radius:3px;padding:0 4px;font-weight:600}
.badge{font-size:.9em}
.badge.pass{background:#d9f2df;color:#176f2c}.badge.fail{background:#fadadd;color:#b00020}
.badge.error{background:#fde8c8;color:#8a4b00}.badge.not-applicable,.badge.unknown{background:#eee;color:#555}
tr.row-fail td{background:#fff5f5}.counts{font-weight:normal;color:#555;font-size:.9em}.none{color:#666}
details{margin:0 0 1em}summary{cursor:pointer;color:#555}.meta{color:#555}.error-text{color:#8a4b00}
.figure,.graph{overflow-x:auto}.graph svg{max-width:100%;height:auto}
svg.tl{font:11px system-ui,sans-serif}svg.tl .lane{stroke:#ddd}svg.tl .axis{stroke:#888}
svg.tl .tick{fill:#555;text-anchor:middle}svg.tl .agent{font-weight:600}svg.tl .role{fill:#777}
svg.tl .gather{fill:#9ecae1}svg.tl .checks{fill:#fdae6b}svg.tl .sig line{stroke:#555}svg.tl .sig polygon{fill:#555}
svg.tl .sig text{fill:#333}svg.tl .nom polygon{fill:#6a3d9a}svg.tl .done circle{fill:#2ca25f}
svg.tl .failed circle{fill:#d7301f}
.key span{display:inline-block;width:1em;height:.8em;margin:0 .25em 0 .8em;vertical-align:middle}
table.index td:nth-child(n+3){white-space:nowrap})";

std::string count_of(const Json& summary, const char* key) { return std::to_string(summary.value(key, 0)); }

struct Tally {
  int pass = 0, fail = 0, na = 0;
  void add(const std::string& status) { (status == "pass" ? pass : status == "not-applicable" ? na : fail) += 1; }
};

Tally tally(const Json& list) {
  Tally t;
  if (list.is_array()) {
    for (const auto& item : list) t.add(text(item, "status"));
  }
  return t;
}

std::string anchor(std::size_t index) { return "scenario-" + std::to_string(index + 1); }

// Artifact paths of one kind: a string or an array of strings.
std::vector<std::string> artifact_paths(const Json& scenario, const char* kind) {
  std::vector<std::string> out;
  auto artifacts = scenario.find("artifacts");
  if (artifacts == scenario.end() || !artifacts->is_object()) return out;
  auto it = artifacts->find(kind);
  if (it == artifacts->end()) return out;
  if (it->is_string()) out.push_back(it->get<std::string>());
  if (it->is_array()) {
    for (const auto& v : *it) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
  }
  return out;
}

std::string summary_block(const Json& results) {
  const Json summary = results.value("summary", Json::object());
  Tally expectations, conformance;
  for (const auto& s : results.value("scenarios", Json::array())) {
    for (const auto& e : s.value("expectations", Json::array())) expectations.add(text(e, "status"));
    for (const auto& c : s.value("conformance", Json::array())) conformance.add(text(c, "status"));
  }
  std::string out = "<p class=\"summary\"><b>" + count_of(summary, "scenarios") + " scenarios:</b> " +
                    count_of(summary, "passed") + " passed, " + count_of(summary, "failed") + " failed, " +
                    count_of(summary, "errors") + " errors.</p>\n";
  out += "<p class=\"meta\">Expectations: " + std::to_string(expectations.pass) + " passed, " +
         std::to_string(expectations.fail) + " failed. Conformance checks: " + std::to_string(conformance.pass) +
         " passed, " + std::to_string(conformance.fail) + " failed, " + std::to_string(conformance.na) +
         " not applicable.</p>\n";
  out += "<p class=\"meta key\">Timelines:<span style=\"background:#9ecae1\"></span>gathering"
         "<span style=\"background:#fdae6b\"></span>connectivity checks until ICE completed"
         "<span style=\"background:#6a3d9a\"></span>nominated<span style=\"background:#2ca25f\"></span>completed"
         "<span style=\"background:#d7301f\"></span>failed; arrows are the offer and the answer.</p>\n";
  return out;
}

std::string index_table(const Json& scenarios) {
  std::string out =
      "<table class=\"index\">\n<tr><th>Scenario</th><th>File</th><th>Status</th><th>Expectations</th>"
      "<th>Conformance</th><th>Sessions</th></tr>\n";
  for (std::size_t i = 0; i < scenarios.size(); ++i) {
    const Json& s = scenarios[i];
    Tally e = tally(s.value("expectations", Json::array()));
    Tally c = tally(s.value("conformance", Json::array()));
    std::string sessions;
    for (const auto& session : s.value("sessions", Json::array())) {
      if (!sessions.empty()) sessions += ", ";
      sessions += esc(text(session, "name")) + " " + esc(text(session, "outcome"));
    }
    out += "<tr><td><a href=\"#" + anchor(i) + "\">" + esc(text(s, "name")) + "</a></td><td><code>" +
           esc(text(s, "file")) + "</code></td><td>" + badge(text(s, "status")) + "</td><td>" +
           std::to_string(e.pass) + "/" + std::to_string(e.pass + e.fail) + " passed</td><td>" +
           std::to_string(c.fail) + " failed, " + std::to_string(c.pass) + " passed, " + std::to_string(c.na) +
           " n/a</td><td>" + (sessions.empty() ? "&#8211;" : sessions) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

std::string expectations_table(const Json& scenario) {
  const Json list = scenario.value("expectations", Json::array());
  if (list.empty()) return "<p class=\"none\">This scenario has no expectations.</p>\n";
  std::string out = "<table class=\"expectations\">\n<tr><th>Status</th><th>Expectation</th><th>Detail</th></tr>\n";
  for (const auto& e : list) {
    out += "<tr" + std::string(text(e, "status") == "fail" ? " class=\"row-fail\"" : "") + "><td>" +
           badge(text(e, "status")) + "</td><td>" + esc(text(e, "what")) + "</td><td class=\"detail\">" +
           esc(text(e, "detail")) + "</td></tr>\n";
  }
  return out + "</table>\n";
}

std::string candidate(const Json& c) {
  return esc(text(c, "type")) + " <code>" + esc(text(c, "address")) + "</code>";
}

// The session's entry in timeline.json, or null.
Json timeline_of(const Json& timelines, const std::string& session) {
  for (const auto& t : timelines.value("sessions", Json::array())) {
    if (text(t, "name") == session) return t;
  }
  return nullptr;
}

Json read_json(const ReadArtifact& read, const std::string& path) {
  if (!read) return nullptr;
  auto contents = read(path);
  if (!contents) return nullptr;
  Json j = Json::parse(*contents, nullptr, false);
  return j.is_discarded() ? Json(nullptr) : j;
}

std::string session_block(const Json& session, const Json& timelines, const std::string& graph) {
  const std::string name = text(session, "name");
  std::string out = "<h4>Session " + esc(name) + ": " + esc(text(session, "outcome")) + "</h4>\n<ul>\n";
  const Json selected = session.value("selected", Json::object());
  for (const auto& [agent, pair] : selected.items()) {
    out += "<li>" + esc(agent) + " selected " + candidate(pair.value("local", Json::object())) + " &#8594; " +
           candidate(pair.value("remote", Json::object())) + "</li>\n";
  }
  const Json checks = session.value("checks", Json::object());
  if (!checks.empty()) {
    out += "<li>" + std::to_string(checks.value("sent", 0)) + " checks sent on " +
           std::to_string(checks.value("pairs", 0)) + " pairs, " + std::to_string(checks.value("retransmits", 0)) +
           " retransmissions, closest two checks of one agent " + html::ms(checks.value("min_interval_ms", Json())) +
           " apart</li>\n";
  }
  out += "</ul>\n";
  Json timeline = timeline_of(timelines, name);
  if (timeline.is_object()) {
    out += html::timeline_figure(timeline);
  } else {
    const Json t = session.value("times_ms", Json::object());
    out += "<p class=\"meta\">offer " + html::ms(t.value("offer", Json())) + ", answer " +
           html::ms(t.value("answer", Json())) + ", first check " + html::ms(t.value("first_check", Json())) +
           ", nominated " + html::ms(t.value("nominated", Json())) + ", completed " +
           html::ms(t.value("completed", Json())) + " (no timeline.json)</p>\n";
  }
  return out + graph;
}

// A graph's SVG inline, or a link to the file when it cannot be inlined.
// id_prefix keeps the ids of several graphs on the page apart.
std::string graph_figure(const std::string& path, const std::string& id_prefix, const ReadArtifact& read) {
  std::optional<std::string> svg;
  if (read) {
    if (auto file = read(path)) svg = html::inline_svg(*file, id_prefix);
  }
  if (svg) return "<div class=\"graph\">\n" + *svg + "\n</div>\n";
  return "<p>Path-selection graph: <a href=\"" + esc(path) + "\">" + esc(path) + "</a></p>\n";
}

// Which graph belongs to which session: artifacts.graphs names one per
// session (scenarios with several sessions); with a single session the
// scenario's graph.svg is that session's graph.
struct GraphPlan {
  std::map<std::string, std::string> per_session;  // session -> path
  std::vector<std::string> whole;                  // drawn after the sessions
};

GraphPlan plan_graphs(const Json& scenario) {
  GraphPlan plan;
  const Json artifacts = scenario.value("artifacts", Json::object());
  const Json graphs = artifacts.value("graphs", Json::object());
  if (graphs.is_object()) {
    for (const auto& [session, path] : graphs.items()) {
      if (path.is_string()) plan.per_session[session] = path.get<std::string>();
    }
  }
  std::vector<std::string> whole = artifact_paths(scenario, "graph");
  const Json sessions = scenario.value("sessions", Json::array());
  if (plan.per_session.empty() && sessions.size() == 1 && whole.size() == 1) {
    plan.per_session[text(sessions[0], "name")] = whole.front();
  } else if (plan.per_session.empty()) {
    plan.whole = whole;
  }
  return plan;
}

std::string artifact_links(const Json& scenario) {
  std::string links;
  const Json artifacts = scenario.value("artifacts", Json::object());
  for (const auto& [kind, value] : artifacts.items()) {
    if (value.is_object()) {  // e.g. graphs: session -> file
      for (const auto& [name, path] : value.items()) {
        if (!path.is_string()) continue;
        links += " <a href=\"" + esc(path.get<std::string>()) + "\">" + esc(kind + " " + name) + "</a>";
      }
      continue;
    }
    for (const auto& path : artifact_paths(scenario, kind.c_str())) {
      links += " <a href=\"" + esc(path) + "\">" + esc(value.is_array() ? path : kind) + "</a>";
    }
  }
  return links.empty() ? "" : "<p class=\"meta\">Files:" + links + "</p>\n";
}

std::string scenario_section(const Json& s, std::size_t index, const ReadArtifact& read) {
  std::string out = "<section id=\"" + anchor(index) + "\">\n<h2>" + badge(text(s, "status")) + " " +
                    esc(text(s, "name")) + "</h2>\n<p class=\"meta\"><code>" + esc(text(s, "file")) + "</code>";
  if (s.contains("seed")) out += ", seed " + esc(s["seed"].dump());
  out += " &#183; <a href=\"#top\">back to the index</a></p>\n";
  if (!text(s, "error").empty()) out += "<p class=\"error-text detail\">" + esc(text(s, "error")) + "</p>\n";
  out += "<h3>Expectations</h3>\n" + expectations_table(s);
  out += "<h3>Conformance</h3>\n" + html::conformance_tables(s.value("conformance", Json::array()));
  const Json sessions = s.value("sessions", Json::array());
  const GraphPlan graphs = plan_graphs(s);
  const std::string prefix = "s" + std::to_string(index + 1) + "-";  // ids of this scenario's graphs
  if (!sessions.empty()) {
    std::vector<std::string> timeline_paths = artifact_paths(s, "timeline");
    Json timelines = timeline_paths.empty() ? Json(nullptr) : read_json(read, timeline_paths.front());
    if (!timelines.is_object()) timelines = Json::object();
    out += "<h3>Sessions</h3>\n";
    for (std::size_t k = 0; k < sessions.size(); ++k) {
      auto graph = graphs.per_session.find(text(sessions[k], "name"));
      std::string figure;
      if (graph != graphs.per_session.end()) {
        figure = graph_figure(graph->second, prefix + std::to_string(k + 1) + "-", read);
      }
      out += session_block(sessions[k], timelines, figure);
    }
  }
  for (std::size_t k = 0; k < graphs.whole.size(); ++k) {
    if (k == 0) out += "<h3>Path-selection graph</h3>\n";
    out += graph_figure(graphs.whole[k], prefix + "g" + std::to_string(k + 1) + "-", read);
  }
  out += artifact_links(s);
  return out + "</section>\n";
}

}  // namespace

std::string report_html(const Json& results, const ReadArtifact& read) {
  const Json scenarios = results.value("scenarios", Json::array());
  std::string page = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
                     "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                     "<title>natlab results</title>\n<style>\n" +
                     std::string(kStyle) + "\n</style>\n</head>\n<body>\n<h1 id=\"top\">natlab results</h1>\n";
  page += summary_block(results);
  page += index_table(scenarios);
  for (std::size_t i = 0; i < scenarios.size(); ++i) page += scenario_section(scenarios[i], i, read);
  return page + "</body>\n</html>\n";
}

ReadArtifact artifacts_below(const std::string& out_dir) {
  return [out_dir](const std::string& path) -> std::optional<std::string> {
    namespace fs = std::filesystem;
    fs::path relative(path);
    if (relative.empty() || relative.is_absolute()) return std::nullopt;
    for (const auto& part : relative) {
      if (part == "..") return std::nullopt;
    }
    std::ifstream in(fs::path(out_dir) / relative, std::ios::binary);
    if (!in) return std::nullopt;
    std::stringstream contents;
    contents << in.rdbuf();
    return contents.str();
  };
}

}  // namespace natlab::reports
