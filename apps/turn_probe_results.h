#pragma once
// natlab turn-probe's results in the format of `natlab run`
// (docs/results-format.md): one scenario for the probed server, whose
// conformance[] entries are the probe's cases.
#include <string>
#include <vector>

#include "agents/turn/probe/case_result.h"
#include "reports/json.h"

namespace natlab::apps {

// The scenario entry: file "turn-probe/<server>", one expectation
// "conformance all" (no case failed), the cases as conformance entries
// (a skipped case is not-applicable, its detail saying why).
reports::Json turn_probe_entry(const std::string& server, const std::string& user, std::uint64_t seed,
                               const std::vector<turn::probe::CaseResult>& results);

}  // namespace natlab::apps
