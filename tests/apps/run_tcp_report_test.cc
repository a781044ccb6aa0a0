// `natlab run` on the fixed-port reconnect scenarios (scenarios/tcp): both
// pass their expectations, and report.html shows the first call's TIME_WAIT
// (graceful close) or RST (linger-0 close) and the second call's refused bind.
#include <gtest/gtest.h>

#include <string>

#include "tests/apps/natlab_process.h"

namespace {

using natlab::testing::Exit;
using natlab::testing::slurp;

class NatlabRunTcpReport : public natlab::testing::NatlabProcess {};

// The part of report.html about one scenario file: from its path to the
// next scenario's section.
std::string tcp_report_section(const std::string& html, const std::string& file) {
  const auto at = html.find("<p class=\"meta\"><code>" + file + "</code>");
  if (at == std::string::npos) return {};
  const auto next = html.find("<section id=\"scenario-", at);
  return html.substr(at, next == std::string::npos ? std::string::npos : next - at);
}

TEST_F(NatlabRunTcpReport, ReportShowsTimeWaitAfterGracefulCloseAndRstAfterLingerZero) {
  Exit e = natlab("run scenarios/tcp --quiet --out " + path("o"));
  ASSERT_EQ(e.status, 0) << e.err;
  const std::string html = slurp(path("o") + "/report.html");
  const std::string graceful = tcp_report_section(html, "scenarios/tcp/fixed-port-reconnect-graceful.yaml");
  const std::string linger0 = tcp_report_section(html, "scenarios/tcp/fixed-port-reconnect-linger0.yaml");
  ASSERT_FALSE(graceful.empty());
  ASSERT_FALSE(linger0.empty());

  EXPECT_NE(graceful.find(">TIME_WAIT 60s</text>"), std::string::npos);
  EXPECT_NE(graceful.find("<td>time_wait</td><td>192.168.1.10:50000</td>"), std::string::npos);
  EXPECT_NE(graceful.find(">EADDRINUSE</text>"), std::string::npos);
  EXPECT_NE(graceful.find("<td>addr_in_use</td><td>192.168.1.10:50000</td><td></td><td>reason: bind</td>"),
            std::string::npos);
  EXPECT_EQ(graceful.find(">RST "), std::string::npos);

  EXPECT_NE(linger0.find(">RST sent</text>"), std::string::npos);
  EXPECT_NE(linger0.find(">RST received</text>"), std::string::npos);
  EXPECT_NE(linger0.find("<td>rst</td><td>192.168.1.10:50000</td><td>192.0.2.20:40010</td><td>sent</td>"),
            std::string::npos);
  EXPECT_EQ(linger0.find("TIME_WAIT"), std::string::npos);
  EXPECT_EQ(linger0.find("EADDRINUSE"), std::string::npos);
}

}  // namespace
