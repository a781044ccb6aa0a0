#pragma once
// junit.xml for CI systems: one <testsuite> per scenario file; in it a
// testcase `run` (an <error> when the scenario could not be run), one per
// expectation (a <failure> when it failed) and one per conformance check,
// named by its id (<skipped> when not applicable). Built from results.json alone, so
// `natlab merge` writes the same file a single run would. No timestamps.
#include <string>

#include "reports/json.h"

namespace natlab::reports {

std::string junit_xml(const Json& results);

}  // namespace natlab::reports
