// Which scenarios a shard runs, and the output folder each one gets.
#include <gtest/gtest.h>

#include <filesystem>

#include "reports/scenario_ids.h"
#include "reports/shard.h"

namespace natlab::reports {
namespace {

std::vector<std::string> ids_of(const std::vector<std::string>& files) {
  auto r = scenario_ids(files);
  if (auto* message = std::get_if<std::string>(&r)) {
    ADD_FAILURE() << *message;
    return {};
  }
  return std::get<std::vector<std::string>>(r);
}

TEST(Shard, ParsesKOfN) {
  auto s = parse_shard("2/4");
  ASSERT_TRUE(s);
  EXPECT_EQ(s->k, 2u);
  EXPECT_EQ(s->n, 4u);
  EXPECT_TRUE(parse_shard("1/1"));
  EXPECT_TRUE(parse_shard("4/4"));
}

TEST(Shard, RejectsMalformed) {
  for (const char* bad : {"", "2", "0/2", "3/2", "1/0", "/2", "1/", "a/2", "1/2x", "+1/2", "-1/2", " 1/2",
                          "1/2/3", "1.0/2", "9999999999/9999999999"}) {
    EXPECT_FALSE(parse_shard(bad)) << bad;
  }
}

TEST(Shard, SelectsIndexModNEqualsKMinusOne) {
  auto pick = [](const std::string& spec, std::size_t count) {
    std::vector<std::size_t> out;
    Shard s = *parse_shard(spec);
    for (std::size_t i = 0; i < count; ++i) {
      if (s.selects(i)) out.push_back(i);
    }
    return out;
  };
  EXPECT_EQ(pick("1/3", 8), (std::vector<std::size_t>{0, 3, 6}));
  EXPECT_EQ(pick("2/3", 8), (std::vector<std::size_t>{1, 4, 7}));
  EXPECT_EQ(pick("3/3", 8), (std::vector<std::size_t>{2, 5}));
  EXPECT_EQ(pick("1/1", 3), (std::vector<std::size_t>{0, 1, 2}));
  EXPECT_EQ(pick("5/5", 3), (std::vector<std::size_t>{}));
}

TEST(ScenarioIds, RelativeToCommonFolderWithDashes) {
  EXPECT_EQ(ids_of({"scenarios/examples/a.yaml", "scenarios/matrix/prc-sym.yaml", "scenarios/matrix/x/y.yml"}),
            (std::vector<std::string>{"examples-a", "matrix-prc-sym", "matrix-x-y"}));
}

TEST(ScenarioIds, SingleFileIsItsStem) {
  EXPECT_EQ(ids_of({"scenarios/matrix/prc-sym.yaml"}), (std::vector<std::string>{"prc-sym"}));
}

TEST(ScenarioIds, CommonFolderIsWholeComponentsOnly) {
  // "scen" is a common string prefix of both folders but not a common folder.
  EXPECT_EQ(ids_of({"scen1/a.yaml", "scen2/a.yaml"}), (std::vector<std::string>{"scen1-a", "scen2-a"}));
}

TEST(ScenarioIds, NormalisesDotsAndMixesAbsoluteWithRelative) {
  std::string abs = (std::filesystem::current_path() / "s/m/b.yaml").string();
  EXPECT_EQ(ids_of({"./s/m/../m/a.yaml", abs}), (std::vector<std::string>{"a", "b"}));
}

TEST(ScenarioIds, CollisionIsAnErrorNamingBothFiles) {
  auto r = scenario_ids({"s/a-b.yaml", "s/a/b.yaml"});
  ASSERT_TRUE(std::holds_alternative<std::string>(r));
  EXPECT_EQ(std::get<std::string>(r),
            "scenario files s/a-b.yaml and s/a/b.yaml have the same output folder name 'a-b'; rename one of them");
  EXPECT_TRUE(std::holds_alternative<std::string>(scenario_ids({"s/x.yaml", "s/x.yaml"})));
}

}  // namespace
}  // namespace natlab::reports
