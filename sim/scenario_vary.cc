#include "sim/scenario_vary.h"

#include <yaml-cpp/yaml.h>

#include <cctype>
#include <fstream>
#include <sstream>

namespace natlab::sim {
namespace {

std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::string cur;
  for (char c : text) {
    if (c == sep) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  return parts;
}

bool all_digits(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// Sets the value at path[i..] below `node`; returns "" or an error message.
std::string set_path(YAML::Node node, const std::vector<std::string>& path, std::size_t i, const YAML::Node& value,
                     const std::string& where) {
  const std::string& seg = path[i];
  const bool last = i + 1 == path.size();
  const std::string here = where.empty() ? seg : where + "." + seg;
  if (node.IsSequence()) {
    std::size_t matched = 0;
    for (std::size_t k = 0; k < node.size(); ++k) {
      YAML::Node item = node[k];
      bool match = seg == "*" || (all_digits(seg) && std::stoul(seg) == k);
      if (!match && item.IsMap() && item["name"] && item["name"].IsScalar()) match = item["name"].Scalar() == seg;
      if (!match) continue;
      ++matched;
      if (last) return "'" + here + "' is a list item, not a value";
      if (auto err = set_path(item, path, i + 1, value, here); !err.empty()) return err;
    }
    if (matched == 0) return "no item named '" + seg + "' in '" + (where.empty() ? "(top)" : where) + "'";
    return "";
  }
  if (!node.IsMap() && !node.IsNull()) return "'" + where + "' is a value, not a map";
  if (last) {
    if (node[seg] && !node[seg].IsScalar() && !node[seg].IsNull()) return "'" + here + "' is not a scalar value";
    node[seg] = value;
    return "";
  }
  YAML::Node child = node[seg];
  if (!child || child.IsNull()) {
    node[seg] = YAML::Node(YAML::NodeType::Map);
    child = node[seg];
  }
  return set_path(child, path, i + 1, value, here);
}

}  // namespace

std::variant<VarySpec, std::string> parse_vary(const std::string& text) {
  const auto eq = text.find('=');
  if (eq == std::string::npos || eq == 0) return "--vary must be KEY=V1,V2,...; got '" + text + "'";
  VarySpec spec;
  spec.key = text.substr(0, eq);
  for (const auto& part : split(spec.key, '.')) {
    if (part.empty()) return "--vary key '" + spec.key + "' has an empty segment";
  }
  for (auto& v : split(text.substr(eq + 1), ',')) {
    if (v.empty()) return "--vary " + spec.key + ": empty value in '" + text + "'";
    spec.values.push_back(v);
  }
  return spec;
}

std::variant<std::string, std::string> apply_overrides(const std::string& yaml_text,
                                                       const std::vector<Override>& overrides) {
  YAML::Node root;
  try {
    root = YAML::Load(yaml_text);
  } catch (const YAML::Exception& e) {
    return std::variant<std::string, std::string>(std::in_place_index<1>, std::string("YAML error: ") + e.msg);
  }
  for (const auto& o : overrides) {
    YAML::Node value;
    try {
      value = YAML::Load(o.value);  // "20ms" stays a string, "3" a number, as in a file
    } catch (const YAML::Exception& e) {
      return std::variant<std::string, std::string>(std::in_place_index<1>, o.key + "=" + o.value + ": " + e.msg);
    }
    if (!value.IsScalar()) {
      return std::variant<std::string, std::string>(std::in_place_index<1>,
                                                    o.key + "=" + o.value + ": the value must be a scalar");
    }
    if (auto err = set_path(root, split(o.key, '.'), 0, value, ""); !err.empty()) {
      return std::variant<std::string, std::string>(std::in_place_index<1>, o.key + ": " + err);
    }
  }
  YAML::Emitter out;
  out << root;
  return std::variant<std::string, std::string>(std::in_place_index<0>, std::string(out.c_str()) + "\n");
}

std::variant<Scenario, std::vector<std::string>> load_with_overrides(const std::string& file,
                                                                     const std::vector<Override>& overrides) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::vector<std::string>{file + ": error: cannot read the file"};
  std::stringstream text;
  text << in.rdbuf();
  auto applied = apply_overrides(text.str(), overrides);
  if (applied.index() == 1) return std::vector<std::string>{file + ": error: --vary " + std::get<1>(applied)};
  std::string label;
  for (const auto& o : overrides) label += (label.empty() ? "" : " ") + o.key + "=" + o.value;
  auto loaded = load_scenario_text(std::get<0>(applied), file);
  if (auto* errors = std::get_if<std::vector<LoadError>>(&loaded)) {
    std::vector<std::string> out;
    for (const auto& e : *errors) out.push_back(file + " with " + label + ": error: " + e.message);
    return out;
  }
  return std::get<Scenario>(std::move(loaded));
}

}  // namespace natlab::sim
