#pragma once
// Text for XML (JUnit) and HTML reports. Names and details come from scenario
// files and from the simulator, so anything may be in them.
#include <string>
#include <string_view>

namespace natlab::reports {

// Escapes & < > " ' and writes tab, newline and carriage return as character
// references (so they survive in attributes); other control characters, which
// XML 1.0 cannot carry at all, become U+FFFD.
std::string xml_escape(std::string_view text);

}  // namespace natlab::reports
