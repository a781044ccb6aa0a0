#include "reports/scenario_ids.h"

#include <filesystem>
#include <map>

namespace natlab::reports {
namespace {

namespace fs = std::filesystem;

// Absolute and lexically normal, so that `a/../b.yaml` and `./b.yaml` agree;
// nothing is resolved on disk (a missing file still gets an id).
fs::path normal(const std::string& file) { return fs::absolute(fs::path(file)).lexically_normal(); }

fs::path common_folder(const std::vector<fs::path>& paths) {
  fs::path root = paths.front().parent_path();
  for (const auto& p : paths) {
    fs::path dir = p.parent_path();
    fs::path shared;
    auto a = root.begin(), b = dir.begin();
    for (; a != root.end() && b != dir.end() && *a == *b; ++a, ++b) shared /= *a;
    root = shared;
  }
  return root;
}

std::string id_of(const fs::path& relative) {
  std::string id;
  fs::path without_ext = relative.parent_path() / relative.stem();
  for (const auto& part : without_ext) {
    if (part.empty()) continue;
    if (!id.empty()) id += '-';
    id += part.string();
  }
  return id;
}

}  // namespace

std::variant<std::vector<std::string>, std::string> scenario_ids(const std::vector<std::string>& files) {
  std::vector<std::string> ids;
  if (files.empty()) return ids;
  std::vector<fs::path> paths;
  for (const auto& f : files) paths.push_back(normal(f));
  fs::path root = common_folder(paths);
  std::map<std::string, std::size_t> first_of;
  for (std::size_t i = 0; i < paths.size(); ++i) {
    std::string id = id_of(paths[i].lexically_relative(root));
    auto [it, inserted] = first_of.emplace(id, i);
    if (!inserted) {
      return "scenario files " + files[it->second] + " and " + files[i] + " have the same output folder name '" +
             id + "'; rename one of them";
    }
    ids.push_back(id);
  }
  return ids;
}

}  // namespace natlab::reports
