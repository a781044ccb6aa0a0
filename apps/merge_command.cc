// natlab merge DIR...: join the results of sharded runs (results-format.md).
#include <filesystem>
#include <stdexcept>
#include <fstream>
#include <iostream>
#include <string>
#include <variant>
#include <vector>

#include "apps/commands.h"
#include "reports/merge.h"
#include "reports/output_files.h"
#include "reports/summary.h"

namespace natlab::apps {
namespace {

namespace fs = std::filesystem;
using reports::Json;

struct MergeArgs {
  std::vector<std::string> inputs;
  std::string out = "natlab-out";
  std::string junit, json;
};

// A DIR holds results.json; a file path is taken as the results file itself
// (for runs that used --json FILE). Artifact paths are relative to its folder.
fs::path results_file(const std::string& input) {
  std::error_code ec;
  return fs::is_directory(input, ec) ? fs::path(input) / "results.json" : fs::path(input);
}

// The merged results.json points at artifacts below --out, so each scenario's
// files follow it there (unless the input already is --out).
void copy_artifacts(const Json& entry, const fs::path& from, const fs::path& to) {
  std::error_code ec;
  if (fs::equivalent(from, to, ec)) return;
  // Paths are strings, arrays of them (pcap) or objects of them (graphs per session).
  std::vector<std::string> paths;
  const Json artifacts = entry.value("artifacts", Json::object());
  for (const auto& [kind, value] : artifacts.items()) {
    if (value.is_string()) paths.push_back(value.get<std::string>());
    if (value.is_array() || value.is_object()) {
      for (const auto& v : value) {
        if (v.is_string()) paths.push_back(v.get<std::string>());
      }
    }
  }
  for (const auto& p : paths) {
    fs::path src = from / p, dst = to / p;
    if (!fs::is_regular_file(src, ec)) continue;
    fs::create_directories(dst.parent_path(), ec);
    fs::copy_file(src, dst, fs::copy_options::overwrite_existing, ec);
    if (ec) throw std::runtime_error("cannot copy " + src.string() + " to " + dst.string() + ": " + ec.message());
  }
}

int merge(const MergeArgs& a) {
  std::vector<Json> documents;
  std::vector<std::string> names;
  for (const auto& input : a.inputs) {
    fs::path file = results_file(input);
    std::ifstream in(file);
    if (!in) {
      std::cerr << "natlab merge: error: cannot read " << file.string() << '\n';
      return 2;
    }
    Json doc = Json::parse(in, nullptr, false);
    if (doc.is_discarded()) {
      std::cerr << "natlab merge: error: " << file.string() << ": not valid JSON\n";
      return 2;
    }
    documents.push_back(std::move(doc));
    names.push_back(file.string());
  }
  auto merged = reports::merge_results(documents, names);
  if (auto* message = std::get_if<std::string>(&merged)) {
    std::cerr << "natlab merge: error: " << *message << '\n';
    return 2;
  }
  const Json& results = std::get<Json>(merged);
  fs::create_directories(a.out);
  for (std::size_t i = 0; i < documents.size(); ++i) {
    fs::path from = fs::path(names[i]).parent_path();
    if (from.empty()) from = ".";
    for (const auto& entry : documents[i]["scenarios"]) copy_artifacts(entry, from, a.out);
  }
  reports::write_outputs(results, reports::output_paths(a.out, a.json, a.junit));
  reports::Summary summary = reports::summarize(results["scenarios"]);
  std::cerr << reports::summary_line(summary) << '\n';
  return reports::exit_status_for(summary);
}

}  // namespace

void register_merge(CLI::App& app) {
  auto* cmd = app.add_subcommand("merge", "Join the results of sharded runs into one results.json and junit.xml");
  static MergeArgs a;
  cmd->add_option("DIR", a.inputs, "Output folders of `natlab run --shard` (or their results.json files)")
      ->required();
  cmd->add_option("--out", a.out, "Folder for the merged results")->capture_default_str();
  cmd->add_option("--junit", a.junit, "Write JUnit XML here instead of <out>/junit.xml");
  cmd->add_option("--json", a.json, "Write results JSON here instead of <out>/results.json");
  cmd->callback([] {
    try {
      set_exit_status(merge(a));
    } catch (const std::exception& e) {
      std::cerr << "natlab merge: internal error: " << e.what() << '\n';
      set_exit_status(3);
    }
  });
}

}  // namespace natlab::apps
