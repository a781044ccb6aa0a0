#include "reports/html_inline_svg.h"

#include <algorithm>
#include <cctype>

namespace natlab::reports::html {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// Start of the first "<svg" that is an element name ("<svg>" or "<svg ...").
std::size_t svg_start(std::string_view s) {
  for (std::size_t at = s.find("<svg"); at != std::string_view::npos; at = s.find("<svg", at + 1)) {
    if (at + 4 < s.size() && (s[at + 4] == '>' || std::isspace(static_cast<unsigned char>(s[at + 4])))) return at;
  }
  return std::string_view::npos;
}

// Anything that would make a browser fetch or run something. Namespace
// declarations (xmlns="http://www.w3.org/2000/svg") name, they do not load.
bool unsafe(const std::string& lowered) {
  for (const char* bad : {"<script", "<foreignobject", "<iframe", "<image", "<use", "javascript:", "src=",
                          "href=\"http", "href='http", "href=\"//", "href='//", "url(http", "url(//", "@import"}) {
    if (lowered.find(bad) != std::string::npos) return true;
  }
  // Event handler attributes: onload=, onclick=, ...
  for (std::size_t at = lowered.find(" on"); at != std::string::npos; at = lowered.find(" on", at + 1)) {
    std::size_t end = at + 3;
    while (end < lowered.size() && std::isalpha(static_cast<unsigned char>(lowered[end]))) ++end;
    if (end > at + 3 && end < lowered.size() && lowered[end] == '=') return true;
  }
  return false;
}

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size())) {
    s.replace(at, from.size(), to);
  }
}

}  // namespace

std::optional<std::string> inline_svg(std::string_view file, const std::string& id_prefix) {
  std::size_t start = svg_start(file);
  std::size_t end = file.rfind("</svg>");
  if (start == std::string_view::npos || end == std::string_view::npos || end < start) return std::nullopt;
  std::string svg(file.substr(start, end + 6 - start));
  if (unsafe(lower(svg))) return std::nullopt;
  replace_all(svg, " id=\"", " id=\"" + id_prefix);
  replace_all(svg, "url(#", "url(#" + id_prefix);
  replace_all(svg, "href=\"#", "href=\"#" + id_prefix);
  return svg;
}

}  // namespace natlab::reports::html
