#include "reports/artifacts.h"

#include <filesystem>

namespace natlab::reports {

Json find_artifacts(const std::string& out_dir, const std::string& id, const std::vector<std::string>& pcap_files,
                    const std::vector<std::pair<std::string, std::string>>& session_graphs) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(out_dir) / id;
  auto exists = [&](const std::string& name) {
    std::error_code ec;
    return fs::is_regular_file(dir / name, ec);
  };
  Json j = Json::object();
  if (exists("graph.svg")) j["graph"] = id + "/graph.svg";
  Json graphs = Json::object();  // extension: one graph per session, with several sessions
  for (const auto& [session, file] : session_graphs) {
    if (exists(file)) graphs[session] = id + "/" + file;
  }
  if (!graphs.empty()) j["graphs"] = graphs;
  if (exists("trace.jsonl")) j["trace"] = id + "/trace.jsonl";
  if (exists("timeline.json")) j["timeline"] = id + "/timeline.json";  // extension: drawn in report.html
  Json pcaps = Json::array();
  for (const auto& p : pcap_files) {
    if (exists(p)) pcaps.push_back(id + "/" + p);
  }
  if (!pcaps.empty()) j["pcap"] = pcaps;  // extension: listed with --pcap only
  return j;
}

}  // namespace natlab::reports
