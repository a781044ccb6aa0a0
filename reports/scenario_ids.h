#pragma once
// Names of the per-scenario output folders (`<out>/<id>/`). An id is the
// scenario file's path relative to the common folder of every file of the run,
// without its extension, with '/' turned into '-': scenarios/matrix/prc-sym.yaml
// run as `natlab run scenarios` is `matrix-prc-sym`. Ids are derived from the
// whole (unsharded) list so every shard of a suite names a scenario the same way.
#include <string>
#include <variant>
#include <vector>

namespace natlab::reports {

// One id per file, in the same order; or a message naming two files whose ids
// collide (ids are folder names, so they must be unique).
std::variant<std::vector<std::string>, std::string> scenario_ids(const std::vector<std::string>& files);

}  // namespace natlab::reports
