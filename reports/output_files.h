#pragma once
// The files a run (or a merge) leaves: results.json, junit.xml, report.html.
// All three are derived from the one results document, so they always agree.
#include <string>

#include "reports/json.h"

namespace natlab::reports {

struct OutputPaths {
  std::string json;   // default <out>/results.json
  std::string junit;  // default <out>/junit.xml
  std::string html;   // always <out>/report.html (artifact links are relative to <out>)
  std::string out_dir;  // <out>: where report.html reads timelines and graphs from
};

// Empty json / junit mean the defaults below out_dir.
OutputPaths output_paths(const std::string& out_dir, const std::string& json, const std::string& junit);

// Creates missing parent folders; throws std::runtime_error naming the file on failure.
void write_text_file(const std::string& path, const std::string& text);
void write_outputs(const Json& results, const OutputPaths& paths);

}  // namespace natlab::reports
