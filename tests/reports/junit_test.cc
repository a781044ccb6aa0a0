// junit.xml: escaping, one suite per scenario, case kinds and counts.
#include <gtest/gtest.h>

#include "reports/junit.h"
#include "reports/results_json.h"
#include "reports/xml_escape.h"
#include "tests/reports/fixtures.h"

namespace natlab::reports {
namespace {

TEST(XmlEscape, EscapesMarkupQuotesAndControls) {
  EXPECT_EQ(xml_escape("a<b>&\"c\"'d'"), "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;");
  EXPECT_EQ(xml_escape("tab\tnl\ncr\r"), "tab&#9;nl&#10;cr&#13;");
  EXPECT_EQ(xml_escape(std::string("nul\0bell\a", 9)), "nul\xEF\xBF\xBD" "bell\xEF\xBF\xBD");
  EXPECT_EQ(xml_escape("plain \xC3\xA9"), "plain \xC3\xA9");  // UTF-8 passes through
}

Json sample() {
  sim::Scenario s = testing::prc_sym_scenario();
  s.file = "scenarios/a&b.yaml";
  s.name = "<quoted> \"name\"";
  sim::Expectation c;
  c.conformance_ids = {"RFC5245-16-pacing"};
  s.expect.push_back(c);
  sim::ScenarioRun failing = testing::prc_sym_run();
  failing.sessions[0].selected["A"].local.type = "srflx";
  sim::Scenario crashed = testing::prc_sym_scenario();
  crashed.file = "scenarios/z.yaml";
  // Only the requested check's entry: the test is about the XML, not the catalogue.
  Json entry = scenario_entry(s, failing, Json::object());
  Json only = Json::array();
  for (const auto& check : entry["conformance"])
    if (check["id"] == "RFC5245-16-pacing") only.push_back(check);
  entry["conformance"] = only;
  return results_document({entry,
                           error_entry(crashed, 1, "worker killed by signal 11 (Segmentation fault)", Json::object())});
}

TEST(Junit, WholeDocument) {
  EXPECT_EQ(junit_xml(sample()),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
            "<testsuites name=\"natlab\" tests=\"7\" failures=\"2\" errors=\"1\" skipped=\"1\">\n"
            "  <testsuite name=\"scenarios/a&amp;b.yaml\" tests=\"6\" failures=\"2\" errors=\"0\" skipped=\"1\">\n"
            "    <properties>\n"
            "      <property name=\"name\" value=\"&lt;quoted&gt; &quot;name&quot;\"/>\n"
            "      <property name=\"seed\" value=\"1\"/>\n"
            "    </properties>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"run\"/>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"call1 outcome connected\"/>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"call1 selected A=relay B=srflx\">\n"
            "      <failure message=\"A selected srflx, expected relay\">A selected srflx, expected relay</failure>\n"
            "    </testcase>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"call1 nominated within 3000 ms\"/>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"conformance RFC5245-16-pacing\">\n"
            "      <failure message=\"RFC5245-16-pacing not-applicable: no agent sent a connectivity check\">"
            "RFC5245-16-pacing not-applicable: no agent sent a connectivity check</failure>\n"
            "    </testcase>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"RFC5245-16-pacing\">\n"
            "      <skipped message=\"no agent sent a connectivity check\"/>\n"
            "    </testcase>\n"
            "  </testsuite>\n"
            "  <testsuite name=\"scenarios/z.yaml\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\">\n"
            "    <properties>\n"
            "      <property name=\"name\" value=\"port-restricted vs symmetric falls back to TURN\"/>\n"
            "      <property name=\"seed\" value=\"1\"/>\n"
            "    </properties>\n"
            "    <testcase classname=\"scenarios/z.yaml\" name=\"run\">\n"
            "      <error message=\"worker killed by signal 11 (Segmentation fault)\">worker killed by signal 11 "
            "(Segmentation fault)</error>\n"
            "    </testcase>\n"
            "  </testsuite>\n"
            "</testsuites>\n");
}

}  // namespace
}  // namespace natlab::reports
