#include "reports/merge.h"

#include <algorithm>
#include <filesystem>
#include <map>

#include "reports/results_json.h"

namespace natlab::reports {

std::variant<Json, std::string> merge_results(const std::vector<Json>& documents,
                                              const std::vector<std::string>& names) {
  std::vector<Json> entries;
  std::map<std::string, std::string> seen;  // file -> input that had it
  for (std::size_t i = 0; i < documents.size(); ++i) {
    const Json& doc = documents[i];
    const std::string& name = i < names.size() ? names[i] : std::to_string(i + 1);
    if (!doc.is_object() || doc.value("natlab", 0) != 1) return name + ": not a natlab 1 results file";
    auto list = doc.find("scenarios");
    if (list == doc.end() || !list->is_array()) return name + ": no 'scenarios' list";
    for (const auto& entry : *list) {
      auto file = entry.find("file");
      if (!entry.is_object() || file == entry.end() || !file->is_string()) {
        return name + ": a scenario without 'file'";
      }
      auto [it, inserted] = seen.emplace(file->get<std::string>(), name);
      if (!inserted) return name + ": " + it->first + " is also in " + it->second + "; was a shard merged twice?";
      entries.push_back(entry);
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [](const Json& x, const Json& y) {
    return std::filesystem::path(x["file"].get<std::string>()) < std::filesystem::path(y["file"].get<std::string>());
  });
  return results_document(entries);
}

}  // namespace natlab::reports
