#include "reports/html_conformance.h"

#include <algorithm>
#include <map>
#include <optional>
#include <vector>

#include "reports/html_parts.h"

namespace natlab::reports::html {
namespace {

// Whole-number part of a section component, or nullopt for "A", "" etc.
std::optional<long> numeric(const std::string& part) {
  if (part.empty() || part.size() > 9) return std::nullopt;
  long v = 0;
  for (char c : part) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return v;
}

std::vector<std::string> split_dots(const std::string& s) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    std::size_t dot = s.find('.', start);
    parts.push_back(s.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (dot == std::string::npos) return parts;
    start = dot + 1;
  }
}

// fail (and anything unexpected) before pass; not-applicable is listed apart.
int status_rank(const std::string& status) { return status == "pass" ? 1 : 0; }

std::string row(const Json& c) {
  const std::string status = text(c, "status");
  return "<tr class=\"row-" + std::string(status == "fail" ? "fail" : "other") + "\"><td>" + badge(status) +
         "</td><td>" + esc(text(c, "section")) + "</td><td><code>" + esc(text(c, "id")) + "</code></td><td>" +
         esc(text(c, "requirement")) + "</td><td class=\"detail\">" + esc(text(c, "detail")) + "</td></tr>\n";
}

std::string table(const std::vector<const Json*>& checks) {
  std::string out =
      "<table class=\"checks\">\n<tr><th>Status</th><th>Section</th><th>Check</th><th>Requirement</th>"
      "<th>Detail</th></tr>\n";
  for (const Json* c : checks) out += row(*c);
  return out + "</table>\n";
}

std::string group(const std::optional<long>& rfc, std::vector<const Json*> checks) {
  std::stable_sort(checks.begin(), checks.end(), [](const Json* x, const Json* y) {
    int rx = status_rank(text(*x, "status")), ry = status_rank(text(*y, "status"));
    if (rx != ry) return rx < ry;
    int bysection = compare_sections(text(*x, "section"), text(*y, "section"));
    if (bysection != 0) return bysection < 0;
    return text(*x, "id") < text(*y, "id");
  });
  std::vector<const Json*> shown, not_applicable;
  int passed = 0, failed = 0;
  for (const Json* c : checks) {
    const std::string status = text(*c, "status");
    if (status == "not-applicable") {
      not_applicable.push_back(c);
      continue;
    }
    shown.push_back(c);
    (status == "pass" ? passed : failed) += 1;
  }
  std::string title = rfc ? "RFC " + std::to_string(*rfc) : std::string("Checks without an RFC");
  std::string out = "<div class=\"rfc\">\n<h4>" + title + " <span class=\"counts\">" + std::to_string(failed) +
                    " failed, " + std::to_string(passed) + " passed, " + std::to_string(not_applicable.size()) +
                    " not applicable</span></h4>\n";
  if (!shown.empty()) out += table(shown);
  if (!not_applicable.empty()) {
    out += "<details><summary>" + std::to_string(not_applicable.size()) + " not applicable</summary>\n" +
           table(not_applicable) + "</details>\n";
  }
  return out + "</div>\n";
}

}  // namespace

int compare_sections(const std::string& a, const std::string& b) {
  std::vector<std::string> pa = split_dots(a), pb = split_dots(b);
  for (std::size_t i = 0; i < pa.size() && i < pb.size(); ++i) {
    auto na = numeric(pa[i]), nb = numeric(pb[i]);
    if (na && nb) {
      if (*na != *nb) return *na < *nb ? -1 : 1;
    } else if (pa[i] != pb[i]) {
      if (na || nb) return na ? -1 : 1;  // numbers before letters (appendices)
      return pa[i] < pb[i] ? -1 : 1;
    }
  }
  if (pa.size() != pb.size()) return pa.size() < pb.size() ? -1 : 1;
  return 0;
}

std::string conformance_tables(const Json& conformance) {
  if (!conformance.is_array() || conformance.empty()) {
    return "<p class=\"none\">No conformance checks were judged.</p>\n";
  }
  // RFC number -> its checks; nullopt (no RFC) sorts first in a map, so it is kept apart.
  std::map<long, std::vector<const Json*>> by_rfc;
  std::vector<const Json*> other;
  for (const auto& c : conformance) {
    auto rfc = c.find("rfc");
    if (rfc != c.end() && rfc->is_number_integer()) {
      by_rfc[rfc->get<long>()].push_back(&c);
    } else {
      other.push_back(&c);
    }
  }
  std::string out;
  for (auto& [rfc, checks] : by_rfc) out += group(rfc, checks);
  if (!other.empty()) out += group(std::nullopt, other);
  return out;
}

}  // namespace natlab::reports::html
