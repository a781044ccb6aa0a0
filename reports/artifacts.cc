#include "reports/artifacts.h"

#include <filesystem>

namespace natlab::reports {

Json find_artifacts(const std::string& out_dir, const std::string& id, const std::vector<std::string>& pcap_files) {
  namespace fs = std::filesystem;
  fs::path dir = fs::path(out_dir) / id;
  auto exists = [&](const std::string& name) {
    std::error_code ec;
    return fs::is_regular_file(dir / name, ec);
  };
  Json j = Json::object();
  if (exists("graph.svg")) j["graph"] = id + "/graph.svg";
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
