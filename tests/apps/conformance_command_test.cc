// Conformance checks as users meet them: the catalogue command, its page in
// docs/, unknown ids in scenario files, and a scenario that breaks pacing.
#include <nlohmann/json.hpp>

#include "tests/apps/natlab_process.h"

namespace natlab::testing {
namespace {

using Json = nlohmann::json;

class Conformance : public NatlabProcess {};

TEST_F(Conformance, DocsPageIsTheGeneratedCatalogue) {
  Exit e = natlab("conformance --markdown");
  ASSERT_EQ(e.status, 0) << e.err;
  EXPECT_EQ(slurp(NATLAB_SOURCE_DIR "/docs/conformance.md"), e.out)
      << "docs/conformance.md is stale: regenerate it with `build/natlab conformance --markdown > docs/conformance.md`";
}

TEST_F(Conformance, ListHasOneLinePerCheck) {
  Exit e = natlab("conformance");
  ASSERT_EQ(e.status, 0) << e.err;
  EXPECT_NE(e.out.find("RFC5245-16-pacing  "), std::string::npos);
}

TEST_F(Conformance, UnknownIdIsAnErrorInTheFileBeforeAnythingRuns) {
  std::ofstream(path("typo.yaml")) << slurp(NATLAB_SOURCE_DIR "/tests/apps/data/pacing-violation.yaml")
                                   << "  - conformance: [RFC5245-16-pacnig]\n";
  Exit e = natlab("run '" + path("typo.yaml") + "' --out '" + path("out") + "'");
  EXPECT_EQ(e.status, 2);
  EXPECT_NE(e.err.find("typo.yaml:38:5: error: unknown conformance check 'RFC5245-16-pacnig'"), std::string::npos)
      << e.err;
  EXPECT_FALSE(std::filesystem::exists(path("out/results.json")));
  EXPECT_EQ(natlab("check '" + path("typo.yaml") + "'").status, 2);
}

TEST_F(Conformance, AgentPacingBelowTheFloorFailsPacingNamingTheTwoChecks) {
  Exit e = natlab("run tests/apps/data/pacing-violation.yaml --quiet --out '" + path("out") + "'");
  EXPECT_EQ(e.status, 1) << e.err;
  std::ifstream in(path("out/results.json"));
  const Json results = Json::parse(in);
  const Json& scenario = results["scenarios"][0];
  EXPECT_EQ(scenario["status"], "fail");
  Json pacing;
  for (const auto& c : scenario["conformance"])
    if (c["id"] == "RFC5245-16-pacing") pacing = c;
  ASSERT_TRUE(pacing.is_object());
  EXPECT_EQ(pacing["status"], "fail");
  const std::string detail = pacing["detail"];
  EXPECT_NE(detail.find("A: two checks"), std::string::npos) << detail;
  EXPECT_NE(detail.find("less than Ta 20.000 ms"), std::string::npos) << detail;
  // Both checks, each with its transaction ID.
  const auto first = detail.find("Binding Request tid=");
  ASSERT_NE(first, std::string::npos) << detail;
  EXPECT_NE(detail.find("Binding Request tid=", first + 1), std::string::npos) << detail;
}

}  // namespace
}  // namespace natlab::testing
