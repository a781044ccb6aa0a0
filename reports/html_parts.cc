#include "reports/html_parts.h"

#include "reports/expectations.h"
#include "reports/xml_escape.h"

namespace natlab::reports::html {

std::string esc(std::string_view s) { return xml_escape(s); }

std::string text(const Json& j, const char* key) {
  if (!j.is_object()) return {};
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string badge(const std::string& status) {
  // Only known statuses become class names; anything else is shown as text.
  const bool known = status == "pass" || status == "fail" || status == "error" || status == "not-applicable";
  return "<span class=\"badge " + std::string(known ? status : "unknown") + "\">" + esc(status) + "</span>";
}

std::string ms(const Json& value) {
  if (!value.is_number()) return "&#8211;";
  return esc(format_ms(value.get<double>())) + " ms";
}

}  // namespace natlab::reports::html
