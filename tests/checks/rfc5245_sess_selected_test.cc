#include <gtest/gtest.h>

#include "tests/checks/rfc5245_sess_fixture.h"

namespace natlab::reports::checks::testing::sess {
namespace {

const char* kSelected = "RFC5245-11.1-selected-pairs-agree";

TEST(SessSelected, MirroredPairsPass) {
  Verdict v = good_session().judge(kSelected);
  EXPECT_EQ(v.status, Status::Pass) << v.detail;
  EXPECT_EQ(v.detail, "1 components whose two selected pairs are the same path, mirrored");
}

TEST(SessSelected, NoSelectionIsNotApplicable) {
  EXPECT_EQ(signalled().judge(kSelected).status, Status::NotApplicable);
}

TEST(SessSelected, OneSidedSelectionIsNotJudged) {
  TraceBuilder b = good_session();
  std::erase_if(b.records(), [](const Json& r) { return r.value("agent", "") == "B" && r.value("event", "") == "selected-pair"; });
  Verdict v = b.judge(kSelected);
  EXPECT_EQ(v.status, Status::NotApplicable);
  EXPECT_EQ(v.detail, "only one agent of each session selected a pair");
}

TEST(SessSelected, DifferentPathsBothNominatedFail) {
  TraceBuilder b = good_session();
  // B also nominated the path to A's host address and ends up on it; A has
  // that path nominated too (its check from the same base), yet selected
  // another.
  b.event(ms(500), "B", "nominated", pair_fields(b_socket(), a_socket()));
  b.event(ms(500), "B", "selected-pair",
          {{"component", 1}, {"local", candidate_json("host", b_socket(), b_socket())},
           {"remote", candidate_json("host", a_socket(), a_socket())}});
  Verdict v = b.judge(kSelected);
  ASSERT_EQ(v.status, Status::Fail);
  EXPECT_NE(v.detail.find("session call1 component 1: A selected 198.51.100.1:40000 -> 203.0.113.20:40010 but B "
                          "selected 203.0.113.20:40010 -> 192.168.1.10:40000, although each of these pairs is "
                          "nominated at both ends"),
            std::string::npos)
      << v.detail;
}

TEST(SessSelected, DifferentNominationsAreNotJudged) {
  TraceBuilder b = good_session();
  // B selects a path A never nominated (say A's USE-CANDIDATE check on it
  // reached B but its response was lost): RFC 5245 lets the ends diverge.
  b.event(ms(500), "B", "nominated", pair_fields(b_socket(), ep("198.51.100.1:40009")));
  b.event(ms(500), "B", "selected-pair",
          {{"component", 1}, {"local", candidate_json("host", b_socket(), b_socket())},
           {"remote", candidate_json("prflx", ep("198.51.100.1:40009"), ep("198.51.100.1:40009"))}});
  Verdict v = b.judge(kSelected);
  EXPECT_EQ(v.status, Status::NotApplicable) << v.detail;
  EXPECT_EQ(v.detail, "the two ends of each session nominated different pairs");
}

TEST(SessSelected, RealRunsPass) {
  for (bool aggressive : {false, true}) {
    TraceBuilder b = run("scenarios/examples/port-restricted-vs-symmetric-turn.yaml", aggressive, 2);
    Verdict v = b.judge(kSelected);
    EXPECT_EQ(v.status, Status::Pass) << v.detail;
    EXPECT_EQ(v.detail, "2 components whose two selected pairs are the same path, mirrored");
  }
}

TEST(SessSelected, RealRunFailsOnceOneEndSelectsAnotherCommonlyNominatedPair) {
  // Aggressive nomination between two public hosts: both ends nominate
  // several pairs (host and relayed candidates are their own bases).
  TraceBuilder b = run("scenarios/matrix/open-vs-open.yaml", true);
  ASSERT_EQ(b.judge(kSelected).status, Status::Pass) << b.judge(kSelected).detail;
  std::vector<std::pair<std::string, std::string>> by_a, by_b;
  Json* a_selected = nullptr;
  for (Json& r : b.records()) {
    if (r.value("event", "") == "nominated") {
      (r["agent"] == "A" ? by_a : by_b).push_back({r["local"].get<std::string>(), r["remote"].get<std::string>()});
    }
    if (r.value("event", "") == "selected-pair" && r["agent"] == "A") a_selected = &r;
  }
  ASSERT_NE(a_selected, nullptr);
  const std::string local = (*a_selected)["local"]["address"], remote = (*a_selected)["remote"]["address"];
  bool changed = false;
  for (const auto& [l, r] : by_a) {
    if ((l == local && r == remote) || std::find(by_b.begin(), by_b.end(), std::make_pair(r, l)) == by_b.end()) continue;
    (*a_selected)["local"]["address"] = l;
    (*a_selected)["local"]["base"] = l;
    (*a_selected)["remote"]["address"] = r;
    changed = true;
    break;
  }
  ASSERT_TRUE(changed) << "no second pair nominated at both ends";
  EXPECT_EQ(b.judge(kSelected).status, Status::Fail);
}

}  // namespace
}  // namespace natlab::reports::checks::testing::sess
