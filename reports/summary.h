#pragma once
// Counting scenario statuses: the `summary` object, the last line on stderr and
// the exit status, all from the same numbers.
#include <string>

#include "reports/json.h"

namespace natlab::reports {

struct Summary {
  int scenarios = 0, passed = 0, failed = 0, errors = 0;
};

// From the `scenarios` array of results.json.
Summary summarize(const Json& scenarios);
Json to_json(const Summary& s);

// "N passed, N failed", and ", N errors" only when there are errors.
std::string summary_line(const Summary& s);

// 0 when every scenario passed; 1 when any failed or could not be run (its
// results.json entry says why). 2 and 3 are decided before results exist.
int exit_status_for(const Summary& s);

}  // namespace natlab::reports
