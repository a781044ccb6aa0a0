// The summary line and exit status agree with the counts.
#include <gtest/gtest.h>

#include "reports/summary.h"

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

}  // namespace
}  // namespace natlab::reports
