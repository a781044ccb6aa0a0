#pragma once
// The `artifacts` object of a scenario: files the run left in its folder, as
// paths relative to the output folder (where results.json normally is). Only
// files that exist are listed, so a link in a report never dangles.
#include <string>
#include <utility>
#include <vector>

#include "reports/json.h"

namespace natlab::reports {

// out_dir/id is the scenario's folder; pcap_files are relative to it.
// session_graphs: session name -> its own graph's SVG file, relative to the
// folder, for a scenario with several sessions (reports/graphs/graph_files.h).
Json find_artifacts(const std::string& out_dir, const std::string& id, const std::vector<std::string>& pcap_files,
                    const std::vector<std::pair<std::string, std::string>>& session_graphs = {});

}  // namespace natlab::reports
