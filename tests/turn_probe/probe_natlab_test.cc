// Every probe case against natlab's own TurnServer passes, the slow one too
// (the clock is fake), and the results are the same on every run.
#include <gtest/gtest.h>

#include "tests/turn_probe/in_process.h"

namespace natlab::turn::probe::testing {
namespace {

TEST(ProbeAgainstNatlab, EveryCasePasses) {
  InProcess net;
  auto results = net.run(all_cases());
  ASSERT_EQ(results.size(), all_cases().size());
  for (const auto& r : results) {
    EXPECT_EQ(r.status, CaseStatus::Pass) << r.info.id << ": " << r.detail;
    EXPECT_FALSE(r.detail.empty()) << r.info.id;
  }
  // The 300 s case waited the real lifetime on the fake clock.
  EXPECT_GT(net.now, std::chrono::seconds(300));
  EXPECT_EQ(net.server.allocation_count(), 0u) << "every case deletes what it allocated";
}

TEST(ProbeAgainstNatlab, SlowCasesAreSkippedUnlessAsked) {
  ProbeConfig pc = probe_config();
  pc.slow = false;
  InProcess net(server_config(), pc);
  auto results = net.run(all_cases());
  const auto lifetime = result_of(results, "RFC5766-8-permission-lifetime");
  EXPECT_EQ(lifetime.status, CaseStatus::Skipped);
  EXPECT_NE(lifetime.detail.find("--slow"), std::string::npos);
  for (const auto& r : results) {
    if (r.info.slow) continue;
    EXPECT_EQ(r.status, CaseStatus::Pass) << r.info.id << ": " << r.detail;
  }
  EXPECT_LT(net.now, std::chrono::seconds(60));
}

TEST(ProbeAgainstNatlab, ShorterPermissionLifetimeIsProbedAsConfigured) {
  TurnServerConfig sc = server_config();
  sc.permission_lifetime = std::chrono::seconds(30);
  ProbeConfig pc = probe_config();
  pc.permission_lifetime = std::chrono::seconds(30);
  InProcess net(sc, pc);
  auto r = net.run({case_named("RFC5766-8-permission-lifetime")}).at(0);
  EXPECT_EQ(r.status, CaseStatus::Pass) << r.detail;
  EXPECT_LT(net.now, std::chrono::seconds(60));
}

TEST(ProbeAgainstNatlab, SameSeedSameResults) {
  InProcess a, b;
  auto ra = a.run(all_cases());
  auto rb = b.run(all_cases());
  ASSERT_EQ(ra.size(), rb.size());
  for (std::size_t i = 0; i < ra.size(); ++i) EXPECT_EQ(ra[i].detail, rb[i].detail) << ra[i].info.id;
}

TEST(ProbeAgainstNatlab, CaseIdsAreUniqueAndNameTheirSection) {
  std::set<std::string> ids;
  for (const auto& c : all_cases()) {
    EXPECT_TRUE(ids.insert(c.info.id).second) << c.info.id;
    const std::string prefix = "RFC" + std::to_string(c.info.rfc) + "-" + c.info.section + "-";
    EXPECT_EQ(c.info.id.rfind(prefix, 0), 0u) << c.info.id;
    EXPECT_FALSE(c.info.requirement.empty()) << c.info.id;
  }
}

TEST(ProbeAgainstNatlab, NoAnswerFailsWithTheRequestNamed) {
  Hooks h;
  h.to_server = [](std::vector<std::uint8_t>) { return std::optional<std::vector<std::uint8_t>>{}; };
  ProbeConfig pc = probe_config();
  InProcess net(server_config(), pc, h);
  auto r = net.run({case_named("RFC5766-6.2-allocate-authenticated")}).at(0);
  EXPECT_EQ(r.status, CaseStatus::Fail);
  EXPECT_NE(r.detail.find("no answer to Allocate request, tid "), std::string::npos) << r.detail;
  // RFC 5389 7.2.1: 0, 500, 1500, 3500 ms fit in the 5 s timeout.
  EXPECT_NE(r.detail.find("after 4 transmissions"), std::string::npos) << r.detail;
}

}  // namespace
}  // namespace natlab::turn::probe::testing
