#pragma once
// A session's timeline (reports/timeline.h) drawn for report.html: an inline
// SVG with one lane per agent (gathering and checking as bars, offer and
// answer as arrows between the lanes, nomination and completion as marks)
// and, below it, the same moments as a table with exact times.
#include <string>

#include "reports/json.h"

namespace natlab::reports::html {

// `session` is one element of timeline.json's `sessions`. The SVG carries no
// ids, so any number of timelines can share a page.
std::string timeline_figure(const Json& session);

// The axis' end: the smallest 1, 2 or 5 times a power of ten that is at
// least `t_max_ms` divided into at most five steps; returns {end, step}.
std::pair<double, double> axis_scale(double t_max_ms);

}  // namespace natlab::reports::html
