#pragma once
// Pieces of report.html shared by its sections. The page is XHTML-compatible
// HTML5: well-formed XML (void elements closed, only numeric character
// references), so an XML parser reads it as well as a browser does.
#include <string>
#include <string_view>

#include "reports/json.h"

namespace natlab::reports::html {

// Text and attribute values: everything escaped (xml_escape).
std::string esc(std::string_view s);

// j[key] when it is a string, else "".
std::string text(const Json& j, const char* key);

// <span class="badge STATUS">STATUS</span>; STATUS is pass, fail, error or not-applicable.
std::string badge(const std::string& status);

// "120.5 ms" (format_ms), or an en dash when `value` is not a number.
std::string ms(const Json& value);

}  // namespace natlab::reports::html
