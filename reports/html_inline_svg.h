#pragma once
// An SVG file (a path-selection graph) made fit to sit inside report.html:
// the XML declaration, doctype and comments before the <svg> element go (a
// doctype names an external DTD; inside HTML it would be an error), and ids
// get a prefix so that several graphs on one page do not share ids.
#include <optional>
#include <string>
#include <string_view>

namespace natlab::reports::html {

// The <svg>...</svg> element, or nullopt when there is none, or when the file
// could make the page load or run something (a script, a foreignObject, an
// external href or src): the report then links to the file instead.
std::optional<std::string> inline_svg(std::string_view file, const std::string& id_prefix);

}  // namespace natlab::reports::html
