#pragma once
// The conformance part of a scenario's section in report.html: one table per
// RFC (in RFC number order, checks that name no RFC last), failed checks
// first, then passed ones, each in section order; not-applicable checks
// folded into a <details> element below, since most runs have many.
#include <string>

#include "reports/json.h"

namespace natlab::reports::html {

// `conformance` is a scenario's results.json `conformance` array.
std::string conformance_tables(const Json& conformance);

// -1, 0 or 1 comparing dotted section numbers numerically ("7.2.1" < "7.10"),
// so tables list sections as the RFC does.
int compare_sections(const std::string& a, const std::string& b);

}  // namespace natlab::reports::html
