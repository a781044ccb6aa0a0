#pragma once
// report.html: the results as one self-contained page for people: inline
// CSS, inline SVG, no scripts, nothing fetched (links to a scenario's own
// artifact files are relative and only followed when clicked). It shows the
// summary, an index of scenarios and, per scenario, its expectations, its
// conformance checks grouped by RFC, each session's timeline and the
// path-selection graph.
//
// Built from results.json plus two artifacts per scenario that the worker
// wrote next to its trace: timeline.json (the timelines) and graph.svg (the
// graph). `natlab merge` copies artifacts along, so a merged report shows
// them too. Deterministic like results.json: no clock, no host name.
#include <functional>
#include <optional>
#include <string>

#include "reports/json.h"

namespace natlab::reports {

// Contents of an artifact given by its results.json path (relative to the
// output folder), or nullopt when it cannot be read.
using ReadArtifact = std::function<std::optional<std::string>(const std::string& path)>;

// Without `read`, no timeline or graph is drawn.
std::string report_html(const Json& results, const ReadArtifact& read = {});

// Reads artifacts below out_dir; refuses absolute paths and paths with "..".
ReadArtifact artifacts_below(const std::string& out_dir);

}  // namespace natlab::reports
