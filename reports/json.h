#pragma once
// results.json keeps keys in the order results-format.md lists them, so every
// object is built as an ordered_json.
#include <nlohmann/json.hpp>

namespace natlab::reports {
using Json = nlohmann::ordered_json;
}  // namespace natlab::reports
