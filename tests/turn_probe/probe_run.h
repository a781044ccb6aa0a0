#pragma once
// Runs `natlab turn-probe` against a server a test started, and reads what
// it wrote.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "tests/support/child_process.h"
#include "tests/support/file.h"

namespace natlab::turn::probe::testing {

using natlab::testing::slurp;

struct ProbeRun {
  int status = -1;
  std::string out, err;
  nlohmann::json results;                      // results.json
  std::map<std::string, nlohmann::json> cases;  // conformance entries by id
  std::filesystem::path dir;

  std::string status_of(const std::string& id) const {
    auto it = cases.find(id);
    return it == cases.end() ? "missing" : it->second.value("status", "");
  }
  std::string detail_of(const std::string& id) const {
    auto it = cases.find(id);
    return it == cases.end() ? "" : it->second.value("detail", "");
  }
};

// A fresh folder for one test's files.
inline std::filesystem::path test_dir(const std::string& tag) {
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  auto dir = std::filesystem::temp_directory_path() /
             ("natlab-probe-" + std::to_string(getpid()) + "-" + tag + "-" + info->name());
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  return dir;
}

// Runs natlab turn-probe with `args`, its reports below dir/probe-out.
inline ProbeRun run_turn_probe(const std::filesystem::path& dir, std::vector<std::string> args) {
  ProbeRun r;
  r.dir = dir / "probe-out";
  std::vector<std::string> argv = {NATLAB_BINARY_DIR "/natlab", "turn-probe", "--out", r.dir.string()};
  argv.insert(argv.end(), args.begin(), args.end());
  std::string error;
  auto p = natlab::test::ChildProcess::start(argv, error);
  if (!p) {
    ADD_FAILURE() << error;
    return r;
  }
  // Safety net only: the probe bounds every wait itself.
  r.status = p->wait_exit(std::chrono::seconds(600)).value_or(-1);
  p->stop();
  r.out = p->out();
  r.err = p->err();
  r.results = nlohmann::json::parse(slurp(r.dir / "results.json"), nullptr, false);
  if (r.results.is_object()) {
    for (const auto& s : r.results.value("scenarios", nlohmann::json::array()))
      for (const auto& c : s.value("conformance", nlohmann::json::array())) r.cases[c.value("id", "")] = c;
  }
  return r;
}

}  // namespace natlab::turn::probe::testing
