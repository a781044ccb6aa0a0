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

// The expectation line of `conformance: [RFC5245-16-pacing]` when the check
// did not apply (no check was sent in this hand-made run).
const std::string pacing_failure = "RFC5245-16-pacing not-applicable: no agent sent a connectivity check";

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
            "<testsuites name=\"natlab\" tests=\"7\" failures=\"2\" errors=\"1\" time=\"0\">\n"
            "  <testsuite name=\"scenarios/a&amp;b.yaml\" tests=\"6\" failures=\"2\" errors=\"0\" skipped=\"1\" "
            "time=\"0\" file=\"scenarios/a&amp;b.yaml\">\n"
            "    <properties>\n"
            "      <property name=\"name\" value=\"&lt;quoted&gt; &quot;name&quot;\"/>\n"
            "      <property name=\"seed\" value=\"1\"/>\n"
            "    </properties>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"run\" time=\"0\"/>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"call1 outcome connected\" time=\"0\"/>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"call1 selected A=relay B=srflx\" time=\"0\">\n"
            "      <failure message=\"A selected srflx, expected relay\">call1 selected A=relay B=srflx&#10;"
            "A selected srflx, expected relay</failure>\n"
            "    </testcase>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"call1 nominated within 3000 ms\" time=\"0\"/>\n"
            "    <testcase classname=\"scenarios/a&amp;b.yaml\" name=\"conformance RFC5245-16-pacing\" time=\"0\">\n"
            "      <failure message=\"" +
                pacing_failure + "\">conformance RFC5245-16-pacing&#10;" + pacing_failure +
                "</failure>\n"
                "    </testcase>\n"
                "    <testcase classname=\"scenarios/a&amp;b.yaml.RFC5245\" name=\"RFC5245-16-pacing\" time=\"0\">\n"
                "      <skipped message=\"no agent sent a connectivity check\"/>\n"
                "    </testcase>\n"
                "  </testsuite>\n"
                "  <testsuite name=\"scenarios/z.yaml\" tests=\"1\" failures=\"0\" errors=\"1\" skipped=\"0\" "
                "time=\"0\" file=\"scenarios/z.yaml\">\n"
                "    <properties>\n"
                "      <property name=\"name\" value=\"port-restricted vs symmetric falls back to TURN\"/>\n"
                "      <property name=\"seed\" value=\"1\"/>\n"
                "    </properties>\n"
                "    <testcase classname=\"scenarios/z.yaml\" name=\"run\" time=\"0\">\n"
                "      <error message=\"worker killed by signal 11 (Segmentation fault)\">worker killed by signal 11 "
                "(Segmentation fault)</error>\n"
                "    </testcase>\n"
                "  </testsuite>\n"
                "</testsuites>\n");
}

// A failed check names its RFC section and requirement in the failure's text
// and is grouped under its RFC; an id without an RFC keeps the file as class.
TEST(Junit, FailedCheckCarriesSectionRequirementAndDetail) {
  Json entry = scenario_entry(testing::prc_sym_scenario(), testing::prc_sym_run(), Json::object());
  Json failed;
  failed["id"] = "RFC5389-7.2.1-retransmit-schedule";
  failed["rfc"] = 5389;
  failed["section"] = "7.2.1";
  failed["status"] = "fail";
  failed["detail"] = "A retransmitted tid=abc after 200 ms (t=1.2 s, trace line 40)";
  failed["requirement"] = "A client retransmits no earlier than RTO allows.";
  Json odd;
  odd["id"] = "local-check";
  odd["rfc"] = nullptr;
  odd["section"] = "";
  odd["status"] = "fail";
  odd["detail"] = "";
  entry["conformance"] = Json::array({failed, odd});
  std::string xml = junit_xml(results_document({entry}));
  EXPECT_NE(xml.find("<testcase classname=\"scenarios/matrix/prc-sym.yaml.RFC5389\" "
                     "name=\"RFC5389-7.2.1-retransmit-schedule\" time=\"0\">\n"
                     "      <failure message=\"A retransmitted tid=abc after 200 ms (t=1.2 s, trace line 40)\">"
                     "RFC5389-7.2.1-retransmit-schedule (RFC 5389 section 7.2.1): A client retransmits no earlier "
                     "than RTO allows.&#10;A retransmitted tid=abc after 200 ms (t=1.2 s, trace line 40)</failure>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("<testcase classname=\"scenarios/matrix/prc-sym.yaml\" name=\"local-check\" time=\"0\">\n"
                     "      <failure message=\"local-check fail\">local-check (no RFC)&#10;fail</failure>"),
            std::string::npos)
      << xml;
  EXPECT_NE(xml.find("tests=\"6\" failures=\"2\" errors=\"0\" skipped=\"0\""), std::string::npos) << xml;
}

}  // namespace
}  // namespace natlab::reports
