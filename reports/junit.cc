#include "reports/junit.h"

#include <vector>

#include "reports/xml_escape.h"

namespace natlab::reports {
namespace {

struct Case {
  std::string name;
  std::string kind;  // "" (passed) | failure | error | skipped
  std::string message;
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
  std::string attributes() const {
    return " tests=\"" + std::to_string(tests) + "\" failures=\"" + std::to_string(failures) + "\" errors=\"" +
           std::to_string(errors) + "\" skipped=\"" + std::to_string(skipped) + "\"";
  }
};

std::string text(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::vector<Case> cases_of(const Json& scenario) {
  std::vector<Case> cases;
  if (text(scenario, "status") == "error") {
    cases.push_back({"run", "error", text(scenario, "error")});
  } else {
    cases.push_back({"run", "", ""});
  }
  for (const auto& e : scenario.value("expectations", Json::array())) {
    bool passed = text(e, "status") == "pass";
    cases.push_back({text(e, "what"), passed ? "" : "failure", text(e, "detail")});
  }
  for (const auto& c : scenario.value("conformance", Json::array())) {
    std::string status = text(c, "status");
    std::string kind = status == "pass" ? "" : status == "not-applicable" ? "skipped" : "failure";
    cases.push_back({text(c, "id"), kind, text(c, "detail")});
  }
  return cases;
}

std::string testcase_xml(const std::string& classname, const Case& c) {
  std::string x = "    <testcase classname=\"" + xml_escape(classname) + "\" name=\"" + xml_escape(c.name) + "\"";
  if (c.kind.empty()) return x + "/>\n";
  x += ">\n      <" + c.kind + " message=\"" + xml_escape(c.message) + "\"";
  if (c.kind == "skipped" || c.message.empty()) return x + "/>\n    </testcase>\n";
  return x + ">" + xml_escape(c.message) + "</" + c.kind + ">\n    </testcase>\n";
}

}  // namespace

std::string junit_xml(const Json& results) {
  std::string suites;
  Counts total;
  for (const auto& scenario : results.value("scenarios", Json::array())) {
    std::string file = text(scenario, "file");
    std::vector<Case> cases = cases_of(scenario);
    Counts counts;
    std::string body;
    for (const auto& c : cases) {
      counts.add(c);
      body += testcase_xml(file, c);
    }
    total.add(counts);
    std::string seed = scenario.contains("seed") ? scenario["seed"].dump() : "";
    suites += "  <testsuite name=\"" + xml_escape(file) + "\"" + counts.attributes() + ">\n";
    suites += "    <properties>\n      <property name=\"name\" value=\"" + xml_escape(text(scenario, "name")) +
              "\"/>\n      <property name=\"seed\" value=\"" + xml_escape(seed) + "\"/>\n    </properties>\n";
    suites += body + "  </testsuite>\n";
  }
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"natlab\"" + total.attributes() + ">\n" +
         suites + "</testsuites>\n";
}

}  // namespace natlab::reports
