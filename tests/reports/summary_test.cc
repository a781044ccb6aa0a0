// The summary line and exit status agree with the counts.
#include <gtest/gtest.h>

#include "reports/html_report.h"
#include "reports/results_json.h"
#include "reports/summary.h"
#include "tests/reports/fixtures.h"

namespace natlab::reports {
namespace {

Json statuses(std::initializer_list<const char*> list) {
  Json a = Json::array();
  for (const char* s : list) a.push_back(Json{{"status", s}});
  return a;
}

TEST(Summary, LineShowsErrorsOnlyWhenThereAreSome) {
  EXPECT_EQ(summary_line(summarize(statuses({"pass", "fail", "pass"}))), "2 passed, 1 failed");
  EXPECT_EQ(summary_line(summarize(statuses({"pass", "error"}))), "1 passed, 0 failed, 1 errors");
  EXPECT_EQ(summary_line(summarize(statuses({}))), "0 passed, 0 failed");
}

TEST(Summary, ExitStatus) {
  EXPECT_EQ(exit_status_for(summarize(statuses({"pass", "pass"}))), 0);
  EXPECT_EQ(exit_status_for(summarize(statuses({}))), 0);
  EXPECT_EQ(exit_status_for(summarize(statuses({"pass", "fail"}))), 1);
  EXPECT_EQ(exit_status_for(summarize(statuses({"pass", "error"}))), 1);
}

TEST(Summary, UnknownStatusCountsAsError) {
  Summary s = summarize(statuses({"weird"}));
  EXPECT_EQ(s.errors, 1);
  EXPECT_EQ(exit_status_for(s), 1);
}

TEST(HtmlReport, SelfContainedAndEscaped) {
  sim::Scenario s = testing::prc_sym_scenario();
  s.name = "<script>alert(1)</script>";
  std::string html = report_html(results_document({scenario_entry(s, testing::prc_sym_run(), Json::object())}));
  EXPECT_EQ(html.find("<script"), std::string::npos);
  EXPECT_NE(html.find("&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);  // nothing fetched from anywhere
  EXPECT_NE(html.find("<style>"), std::string::npos);
  EXPECT_NE(html.find("relay <code>203.0.113.10:49152</code>"), std::string::npos);
  EXPECT_NE(html.find("nominated 412.5 ms"), std::string::npos);
}

}  // namespace
}  // namespace natlab::reports
