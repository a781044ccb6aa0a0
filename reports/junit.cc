#include "reports/junit.h"

#include <vector>

#include "reports/xml_escape.h"

namespace natlab::reports {
namespace {

struct Case {
  std::string classname;
  std::string name;
  std::string kind;     // "" (passed) | failure | error | skipped
  std::string message;  // the attribute: one line saying what went wrong
  std::string body;     // the element's text: the full detail ("" for skipped)
};

struct Counts {
  int tests = 0, failures = 0, errors = 0, skipped = 0;
  void add(const Case& c) {
    ++tests;
    failures += c.kind == "failure";
    errors += c.kind == "error";
    skipped += c.kind == "skipped";
  }
  void add(const Counts& o) {
    tests += o.tests;
    failures += o.failures;
    errors += o.errors;
    skipped += o.skipped;
  }
  std::string attributes(bool with_skipped) const {
    std::string a = " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) +
                    "\" errors=\"" + std::to_string(errors) + "\"";
    if (with_skipped) a += " skipped=\"" + std::to_string(skipped) + "\"";
    return a + " time=\"0\"";
  }
};

std::string text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Case conformance_case(const std::string& file, const Json& c) {
  const std::string status = text(c, "status");
  const std::string id = text(c, "id");
  const std::string detail = text(c, "detail");
  auto rfc = c.find("rfc");
  const bool has_rfc = rfc != c.end() && rfc->is_number_integer();
  Case k{file, id, "", "", ""};
  if (has_rfc) k.classname += ".RFC" + std::to_string(rfc->get<long>());
  if (status == "pass") return k;
  if (status == "not-applicable") {
    k.kind = "skipped";
    k.message = detail;
    return k;
  }
  // fail, or a status this version does not know: never silently a pass.
  k.kind = "failure";
  k.message = detail.empty() ? id + " " + status : detail;
  std::string where = has_rfc ? "RFC " + std::to_string(rfc->get<long>()) : std::string("no RFC");
  if (!text(c, "section").empty()) where += " section " + text(c, "section");
  k.body = id + " (" + where + ")";
  if (!text(c, "requirement").empty()) k.body += ": " + text(c, "requirement");
  k.body += "\n" + (detail.empty() ? status : detail);
  return k;
}

std::vector<Case> cases_of(const Json& scenario) {
  const std::string file = text(scenario, "file");
  std::vector<Case> cases;
  if (text(scenario, "status") == "error") {
    std::string why = text(scenario, "error");
    cases.push_back({file, "run", "error", why, why});
  } else {
    cases.push_back({file, "run", "", "", ""});
  }
  for (const auto& e : scenario.value("expectations", Json::array())) {
    if (text(e, "status") == "pass") {
      cases.push_back({file, text(e, "what"), "", "", ""});
    } else {
      std::string detail = text(e, "detail");
      cases.push_back({file, text(e, "what"), "failure", detail, text(e, "what") + "\n" + detail});
    }
  }
  for (const auto& c : scenario.value("conformance", Json::array())) cases.push_back(conformance_case(file, c));
  return cases;
}

std::string testcase_xml(const Case& c) {
  std::string x = "    <testcase classname=\"" + xml_escape(c.classname) + "\" name=\"" + xml_escape(c.name) +
                  "\" time=\"0\"";
  if (c.kind.empty()) return x + "/>\n";
  x += ">\n      <" + c.kind;
  if (!c.message.empty()) x += " message=\"" + xml_escape(c.message) + "\"";
  if (c.body.empty()) return x + "/>\n    </testcase>\n";
  return x + ">" + xml_escape(c.body) + "</" + c.kind + ">\n    </testcase>\n";
}

}  // namespace

std::string junit_xml(const Json& results) {
  std::string suites;
  Counts total;
  for (const auto& scenario : results.value("scenarios", Json::array())) {
    const std::string file = text(scenario, "file");
    Counts counts;
    std::string body;
    for (const auto& c : cases_of(scenario)) {
      counts.add(c);
      body += testcase_xml(c);
    }
    total.add(counts);
    std::string seed = scenario.contains("seed") ? scenario["seed"].dump() : "";
    suites += "  <testsuite name=\"" + xml_escape(file) + "\"" + counts.attributes(true) + " file=\"" +
              xml_escape(file) + "\">\n";
    suites += "    <properties>\n      <property name=\"name\" value=\"" + xml_escape(text(scenario, "name")) +
              "\"/>\n      <property name=\"seed\" value=\"" + xml_escape(seed) + "\"/>\n    </properties>\n";
    suites += body + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"natlab\"" + total.attributes(false) + ">\n" +
         suites + "</testsuites>\n";
}

}  // namespace natlab::reports
