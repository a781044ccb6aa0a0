// natlab bench as users run it: the files of a sweep, and what Ta does to
// nomination time on a single pair and on a longer check list (simulated
// times, which are deterministic: no wall clock is asserted here).
#include <nlohmann/json.hpp>

#include <map>
#include <vector>

#include "tests/apps/natlab_process.h"

namespace natlab::testing {
namespace {

using Json = nlohmann::json;

class Bench : public NatlabProcess {
 protected:
  // bench.csv as rows of column -> value.
  std::vector<std::map<std::string, std::string>> csv(const std::string& file) {
    std::istringstream in(slurp(file));
    std::string line;
    std::vector<std::string> head;
    std::vector<std::map<std::string, std::string>> rows;
    auto split = [](const std::string& l) {
      std::vector<std::string> cells;
      std::string cur;
      for (char c : l) {
        if (c == ',') {
          cells.push_back(cur);
          cur.clear();
        } else {
          cur += c;
        }
      }
      cells.push_back(cur);
      return cells;
    };
    while (std::getline(in, line)) {
      if (head.empty()) {
        head = split(line);
        continue;
      }
      auto cells = split(line);
      std::map<std::string, std::string> row;
      for (std::size_t i = 0; i < head.size() && i < cells.size(); ++i) row[head[i]] = cells[i];
      rows.push_back(std::move(row));
    }
    return rows;
  }

  // Nomination time (ms) per Ta value of one sweep with aggressive nomination.
  std::map<std::string, double> nominated_by_ta(const std::string& scenario) {
    const std::string out = path(scenario);
    Exit e = natlab("bench scenarios/bench/" + scenario + ".yaml --vary 'agents.*.ta=20ms,40ms' "
                    "--vary agents.*.nomination=aggressive --seeds 1 --quiet --out '" + out + "'");
    EXPECT_EQ(e.status, 0) << e.err;
    std::map<std::string, double> by_ta;
    for (auto& row : csv(out + "/bench.csv")) by_ta[row["agents.*.ta"]] = std::stod(row["call1.nominated_ms"]);
    return by_ta;
  }
};

TEST_F(Bench, SweepWritesEightyRowsSummariesPlotsAndATable) {
  Exit e = natlab("bench scenarios/bench/cone-cone.yaml --vary 'agents.*.ta=20ms,50ms' "
                  "--vary 'agents.*.nomination=regular,aggressive' --seeds 20 --quiet --out '" + path("b") + "'");
  ASSERT_EQ(e.status, 0) << e.err;
  const auto rows = csv(path("b/bench.csv"));
  ASSERT_EQ(rows.size(), 80u);
  for (const auto& row : rows) {
    EXPECT_EQ(row.at("outcome"), "connected");
    EXPECT_FALSE(row.at("call1.nominated_ms").empty());
    EXPECT_FALSE(row.at("call1.bound_ms").empty());
    EXPECT_FALSE(row.at("mean_check_interval_ms").empty());
  }
  const Json summary = Json::parse(slurp(path("b/bench.json")));
  ASSERT_EQ(summary["combinations"].size(), 4u);
  EXPECT_EQ(summary["combinations"][0]["values"]["agents.*.ta"], "20ms");
  EXPECT_EQ(summary["combinations"][0]["values"]["agents.*.nomination"], "regular");
  EXPECT_EQ(summary["combinations"][0]["sessions"]["call1"]["success_rate"], 1.0);
  EXPECT_TRUE(summary["combinations"][0]["sessions"]["call1"]["nominated_ms"]["p95"].is_number());
  EXPECT_NE(slurp(path("b/bench.svg")).find("<svg"), std::string::npos);
  EXPECT_NE(slurp(path("b/pacing-A.svg")).find("<svg"), std::string::npos);
  EXPECT_NE(slurp(path("b/bench.html")).find("<svg"), std::string::npos);
  EXPECT_NE(e.out.find("nominated p50"), std::string::npos) << e.out;
}

TEST_F(Bench, AggressiveNominationOnALossFreePathComesWithinAFewPerCentOfItsBound) {
  // One pair: nothing waits for a Ta slot, so only the network is left.
  Exit e = natlab("bench scenarios/bench/open-open.yaml --vary agents.*.nomination=aggressive --seeds 1 --quiet --out '" +
                  path("b") + "'");
  ASSERT_EQ(e.status, 0) << e.err;
  const auto rows = csv(path("b/bench.csv"));
  ASSERT_EQ(rows.size(), 1u);
  const double ratio = std::stod(rows[0].at("call1.ratio"));
  EXPECT_GE(ratio, 1.0);  // a bound below what happened; never above
  EXPECT_LT(ratio, 1.05);
}

TEST_F(Bench, DoublingTaLengthensNominationOnALongCheckListButNotOnASinglePair) {
  const auto single = nominated_by_ta("open-open");
  ASSERT_EQ(single.size(), 2u);
  EXPECT_NEAR(single.at("20ms"), single.at("40ms"), 0.5);

  const auto many = nominated_by_ta("cone-cone");
  ASSERT_EQ(many.size(), 2u);
  // The selected pair waits behind higher-priority pairs, each a Ta slot.
  EXPECT_GE(many.at("40ms") - many.at("20ms"), 20.0);
}

TEST_F(Bench, BadVaryIsAUsageError) {
  EXPECT_EQ(natlab("bench scenarios/bench/open-open.yaml --vary agents.Z.ta=20ms --out '" + path("b") + "'").status, 2);
  Exit e = natlab("bench scenarios/bench/open-open.yaml --vary 'agents.*.ta=1ms' --out '" + path("b") + "'");
  EXPECT_EQ(e.status, 2);
  EXPECT_NE(e.err.find("agents.*.ta=1ms"), std::string::npos) << e.err;
  EXPECT_EQ(natlab("bench scenarios/bench/open-open.yaml --vary novalues --out '" + path("b") + "'").status, 2);
}

}  // namespace
}  // namespace natlab::testing
