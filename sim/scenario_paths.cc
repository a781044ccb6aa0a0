// PATH arguments into scenario files (results-format.md): a folder stands for
// every *.yaml (or *.yml) below it, in sorted order, so that a run's scenario
// indices, and therefore --shard, are the same on every machine.
#include <algorithm>
#include <filesystem>

#include "sim/scenario_loader.h"

namespace natlab::sim {

std::vector<std::string> expand_scenario_paths(const std::vector<std::string>& paths) {
  namespace fs = std::filesystem;
  std::vector<std::string> files;
  for (const auto& path : paths) {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      // Kept even when missing: loading it reports "no such file or directory"
      // under the name the user typed.
      files.push_back(path);
      continue;
    }
    std::vector<fs::path> found;
    for (fs::recursive_directory_iterator it(path, ec), end; !ec && it != end; it.increment(ec)) {
      auto ext = it->path().extension();
      if (it->is_regular_file(ec) && (ext == ".yaml" || ext == ".yml")) found.push_back(it->path());
    }
    std::sort(found.begin(), found.end());
    for (const auto& f : found) files.push_back(f.string());
  }
  return files;
}

}  // namespace natlab::sim
