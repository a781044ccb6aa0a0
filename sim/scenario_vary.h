#pragma once
// `natlab bench --vary KEY=V1,V2`: scenario files with one scalar replaced.
// A key is a dotted path into the file: map keys by name, list items by
// their `name` (or 0-based index), `*` for every item of a list:
//   agents.A.ta   agents.*.nomination   links.delay   nats.nat-a.type
// The changed text is then loaded and validated like any scenario file.
#include <string>
#include <variant>
#include <vector>

#include "sim/scenario.h"
#include "sim/scenario_loader.h"

namespace natlab::sim {

struct Override {
  std::string key;    // dotted path
  std::string value;  // as it would be written in the file
};

// "agents.*.ta=20ms,50ms" -> key and values; an error message when malformed.
struct VarySpec {
  std::string key;
  std::vector<std::string> values;
};
std::variant<VarySpec, std::string> parse_vary(const std::string& text);

// The YAML text with every override applied (missing map keys are created,
// so `links.loss` works in a file without `links:`); an error message when a
// path names no scalar position (unknown list item, a map where a value is).
std::variant<std::string, std::string> apply_overrides(const std::string& yaml_text,
                                                       const std::vector<Override>& overrides);

// Loads `file`, applies the overrides and validates the result. Errors name
// the overrides, since their line numbers refer to the rewritten text.
std::variant<Scenario, std::vector<std::string>> load_with_overrides(const std::string& file,
                                                                     const std::vector<Override>& overrides);

}  // namespace natlab::sim
