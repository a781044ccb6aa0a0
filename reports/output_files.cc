#include "reports/output_files.h"

#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "reports/html_report.h"
#include "reports/junit.h"
#include "reports/results_json.h"

namespace natlab::reports {

namespace fs = std::filesystem;

OutputPaths output_paths(const std::string& out_dir, const std::string& json, const std::string& junit) {
  fs::path out(out_dir);
  return {json.empty() ? (out / "results.json").string() : json,
          junit.empty() ? (out / "junit.xml").string() : junit, (out / "report.html").string(), out_dir};
}

// Written next to the target and renamed over it, so a reader (or a killed
// run) never sees half a results.json.
void write_text_file(const std::string& path, const std::string& text) {
  fs::path target(path);
  std::error_code ec;
  if (target.has_parent_path()) fs::create_directories(target.parent_path(), ec);
  fs::path tmp = target;
  tmp += ".tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << text;
    out.close();
    if (!out) throw std::runtime_error("cannot write " + tmp.string());
  }
  fs::rename(tmp, target, ec);
  if (ec) throw std::runtime_error("cannot write " + path + ": " + ec.message());
}

void write_outputs(const Json& results, const OutputPaths& paths) {
  write_text_file(paths.json, dump_results(results));
  write_text_file(paths.junit, junit_xml(results));
  write_text_file(paths.html, report_html(results, artifacts_below(paths.out_dir)));
}

}  // namespace natlab::reports
