// The top level of a scenario file: YAML syntax, the version gate, the
// sections in dependency order, then the cross-element checks.
#include "sim/scenario_loader.h"

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "sim/scenario_parse.h"
#include "sim/units.h"

namespace natlab::sim {
namespace {

using detail::Diagnostics;
using detail::MapReader;
using detail::Need;

constexpr int kFormatVersion = 1;

// A file for another format version is not read further: its keys would only
// produce noise. Returns false then.
bool version_supported(const YAML::Node& root, Diagnostics& diag) {
  if (!root.IsMap() || !root["natlab"] || !root["natlab"].IsScalar()) return true;
  auto version = parse_unsigned(root["natlab"].Scalar());
  if (!version || *version == kFormatVersion) return true;
  diag.error(detail::position(root["natlab"]), "unsupported format version " + root["natlab"].Scalar() +
                                                   "; this natlab reads version " + std::to_string(kFormatVersion));
  return false;
}

void read_header(MapReader& top, Scenario& s) {
  top.integer("natlab", kFormatVersion, kFormatVersion, Need::Required);
  if (auto name = top.string("name", Need::Required)) s.name = *name;
  if (auto text = top.string("description")) s.description = *text;
  if (auto seed = top.integer("seed", 0, UINT64_MAX)) s.seed = *seed;
  if (auto d = top.duration("duration", false)) s.duration = *d;
  s.links = detail::parse_link(top, "links", LinkParams{});
}

void read_document(const YAML::Node& root, detail::ParsedScenario& parsed, Diagnostics& diag) {
  if (!version_supported(root, diag)) return;
  MapReader top(root, "the scenario",
                {"natlab", "name", "description", "seed", "duration", "links", "servers", "nats", "hosts",
                 "agents", "sessions", "expect"},
                diag, {1, 1});
  if (!top.is_map()) return;
  read_header(top, parsed.scenario);
  // Elements only refer to each other by name, so the order of sections in
  // the file does not matter; links must come first for the defaults.
  const std::pair<const char*, void (*)(const YAML::Node&, detail::ParsedScenario&, Diagnostics&)> sections[] = {
      {"servers", detail::parse_servers}, {"nats", detail::parse_nats},         {"hosts", detail::parse_hosts},
      {"agents", detail::parse_agents},   {"sessions", detail::parse_sessions}, {"expect", detail::parse_expect}};
  for (const auto& [key, parse] : sections) {
    if (auto list = top.list(key)) parse(*list, parsed, diag);
  }
  detail::check_names(parsed, diag);
  detail::check_network(parsed, diag);
  detail::check_ice(parsed, diag);
}

}  // namespace

std::variant<Scenario, std::vector<LoadError>> load_scenario_text(const std::string& text,
                                                                  const std::string& file_name) {
  Diagnostics diag(file_name);
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(text);
  } catch (const YAML::ParserException& e) {
    diag.error({e.mark.line + 1, e.mark.column + 1}, "YAML syntax error: " + e.msg);
    return diag.sorted();
  } catch (const YAML::Exception& e) {
    diag.error({e.mark.line + 1, e.mark.column + 1}, std::string("YAML error: ") + e.msg);
    return diag.sorted();
  }
  if (documents.empty() || documents[0].IsNull()) {
    diag.error({1, 1}, "empty file; a scenario needs at least `natlab: 1` and `name`");
    return diag.sorted();
  }
  if (documents.size() > 1) {
    diag.error(detail::position(documents[1]),
               "a scenario file holds one YAML document; this is a second one (remove the `---`)");
  }
  detail::ParsedScenario parsed;
  parsed.scenario.file = file_name;
  read_document(documents[0], parsed, diag);
  if (diag.has_errors()) return diag.sorted();
  return std::move(parsed.scenario);
}

std::variant<Scenario, std::vector<LoadError>> load_scenario_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    return std::vector<LoadError>{{path, 0, 0, "is a folder, not a scenario file"}};
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    bool exists = std::filesystem::exists(path, ec);
    return std::vector<LoadError>{{path, 0, 0, exists ? "cannot read the file" : "no such file or directory"}};
  }
  std::ostringstream text;
  text << in.rdbuf();
  return load_scenario_text(text.str(), path);
}

}  // namespace natlab::sim
