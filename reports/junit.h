#pragma once
// junit.xml for CI systems (Jenkins, GitLab, GitHub test reporters such as
// dorny/test-reporter and mikepenz/action-junit-report): one <testsuite> per
// scenario file, named by the file and carrying it as `file`; in it
//   - a testcase `run` (an <error> when the scenario could not be run),
//   - one testcase per expectation line (a <failure> when it failed),
//   - one testcase per conformance check, named by its id, with classname
//     `<file>.RFC<n>` so reporters group checks by RFC (a <failure> when it
//     failed, <skipped> when it is not applicable).
// Attributes are those of the Jenkins/Surefire JUnit schema (junit-10.xsd):
// tests/failures/errors/skipped counted from the testcases (no `skipped` on
// <testsuites>, which that schema does not have), and time="0" everywhere:
// wall-clock durations would make the file differ from run to run, and
// simulated time is not how long a test took. Built from results.json alone,
// so `natlab merge` writes the same file a single run would.
#include <string>

#include "reports/json.h"

namespace natlab::reports {

std::string junit_xml(const Json& results);

}  // namespace natlab::reports
