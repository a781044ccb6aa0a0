#pragma once
// report.html: the results as one self-contained page (inline CSS, no
// scripts, nothing fetched), readable from a CI artifact store. Built from
// results.json alone, like junit.xml.
#include <string>

#include "reports/json.h"

namespace natlab::reports {

std::string report_html(const Json& results);

}  // namespace natlab::reports
