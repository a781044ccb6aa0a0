#include "reports/html_report.h"

#include "reports/expectations.h"
#include "reports/xml_escape.h"

namespace natlab::reports {
namespace {

constexpr const char* kStyle = R"(body{font:14px/1.4 system-ui,sans-serif;margin:1.5em;color:#222}
h1{font-size:1.4em}table{border-collapse:collapse;width:100%;margin-bottom:1.5em}
th,td{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f3f3f3}.pass{color:#176f2c;font-weight:600}.fail{color:#b00020;font-weight:600}
.error{color:#8a4b00;font-weight:600}.not-applicable{color:#666}ul{margin:0;padding-left:1.2em}
code{font-size:0.95em})";

std::string text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string esc(const std::string& s) { return xml_escape(s); }

std::string status_span(const std::string& status) {
  return "<span class=\"" + esc(status) + "\">" + esc(status) + "</span>";
}

std::string time_cell(const Json& times, const char* key) {
  auto it = times.find(key);
  if (it == times.end() || !it->is_number()) return "&ndash;";
  return esc(format_ms(it->get<double>())) + " ms";
}

std::string candidate(const Json& c) {
  return esc(text(c, "type")) + " <code>" + esc(text(c, "address")) + "</code>";
}

std::string sessions_cell(const Json& scenario) {
  std::string out;
  for (const auto& s : scenario.value("sessions", Json::array())) {
    out += "<b>" + esc(text(s, "name")) + "</b>: " + esc(text(s, "outcome")) + "<ul>";
    const Json selected = s.value("selected", Json::object());  // items() of a temporary would dangle
    for (const auto& [agent, pair] : selected.items()) {
      out += "<li>" + esc(agent) + ": " + candidate(pair.value("local", Json::object())) + " &rarr; " +
             candidate(pair.value("remote", Json::object())) + "</li>";
    }
    Json times = s.value("times_ms", Json::object());
    out += "<li>offer " + time_cell(times, "offer") + ", nominated " + time_cell(times, "nominated") +
           ", completed " + time_cell(times, "completed") + "</li></ul>";
  }
  return out.empty() ? "&ndash;" : out;
}

std::string checks_cell(const Json& scenario) {
  std::string out;
  for (const auto& e : scenario.value("expectations", Json::array())) {
    out += "<li>" + status_span(text(e, "status")) + " " + esc(text(e, "what"));
    if (!text(e, "detail").empty()) out += ": " + esc(text(e, "detail"));
    out += "</li>";
  }
  for (const auto& c : scenario.value("conformance", Json::array())) {
    out += "<li>" + status_span(text(c, "status")) + " " + esc(text(c, "id"));
    if (!text(c, "detail").empty()) out += ": " + esc(text(c, "detail"));
    out += "</li>";
  }
  return out.empty() ? "&ndash;" : "<ul>" + out + "</ul>";
}

std::string row(const Json& scenario) {
  std::string status = text(scenario, "status");
  std::string name = "<b>" + esc(text(scenario, "name")) + "</b><br><code>" + esc(text(scenario, "file")) + "</code>";
  if (scenario.contains("seed")) name += "<br>seed " + esc(scenario["seed"].dump());
  std::string status_cell = status_span(status);
  if (!text(scenario, "error").empty()) status_cell += "<br>" + esc(text(scenario, "error"));
  std::string links;
  const Json artifacts = scenario.value("artifacts", Json::object());
  for (const auto& [kind, path] : artifacts.items()) {
    if (!path.is_string()) continue;
    links += "<a href=\"" + esc(path.get<std::string>()) + "\">" + esc(kind) + "</a> ";
  }
  return "<tr><td>" + name + "</td><td>" + status_cell + "</td><td>" + sessions_cell(scenario) + "</td><td>" +
         checks_cell(scenario) + "</td><td>" + (links.empty() ? "&ndash;" : links) + "</td></tr>\n";
}

}  // namespace

std::string report_html(const Json& results) {
  Json summary = results.value("summary", Json::object());
  auto count = [&](const char* key) { return std::to_string(summary.value(key, 0)); };
  std::string html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>natlab results</title>\n"
                     "<style>\n" + std::string(kStyle) + "\n</style>\n</head>\n<body>\n<h1>natlab results</h1>\n";
  html += "<p>" + count("scenarios") + " scenarios: " + count("passed") + " passed, " + count("failed") +
          " failed, " + count("errors") + " errors</p>\n";
  html += "<table>\n<tr><th>Scenario</th><th>Status</th><th>Sessions</th><th>Expectations and conformance</th>"
          "<th>Artifacts</th></tr>\n";
  for (const auto& s : results.value("scenarios", Json::array())) html += row(s);
  return html + "</table>\n</body>\n</html>\n";
}

}  // namespace natlab::reports
