#pragma once
// Internals of the scenario loader, split by concern: the parse_* functions
// turn one YAML section into model elements and report what is wrong with each
// value on its own; the check_* functions then look across elements (names,
// references, LANs, address collisions).
#include <yaml-cpp/yaml.h>

#include <vector>

#include "sim/scenario.h"
#include "sim/yaml_reader.h"

namespace natlab::sim::detail {

// The model plus where each element's values were written, kept parallel to
// the model's vectors (servers[i] <-> server_marks[i]).
struct ParsedScenario {
  Scenario scenario;
  std::vector<Marks> server_marks, nat_marks, host_marks, agent_marks, session_marks, expect_marks;
};

// The word that means "the public core" wherever a NAT name could stand.
inline constexpr std::string_view kInternet = "internet";

// `name` is read first so that later messages can say "nat 'nat-a'".
void read_name(MapReader& r, std::string_view kind, std::string& out);

// `key:` of `parent` layered over `defaults`: only the keys given change.
LinkParams parse_link(MapReader& parent, std::string_view key, const LinkParams& defaults);

void parse_servers(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag);
void parse_nats(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag);
void parse_hosts(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag);
void parse_agents(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag);
void parse_sessions(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag);
void parse_expect(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag);

// Names are unique across servers, NATs, hosts, agents and sessions.
void check_names(const ParsedScenario& in, Diagnostics& diag);
// behind, NAT loops, LAN subnets and inside addresses (fills NatBox::lan),
// address collisions per network.
void check_network(ParsedScenario& in, Diagnostics& diag);
// agent hosts, stun/turn servers, session agents, expectations.
void check_ice(const ParsedScenario& in, Diagnostics& diag);

// What a name refers to ("server", "nat", "host", "agent", "session"), or null.
const char* kind_of_name(const Scenario& s, const std::string& name);
// A name in `key` that is not a `wanted` ("NAT", "host", "server"...): says
// what it is instead, or lists the names that would fit.
void report_reference(Diagnostics& diag, SourcePos at, const Scenario& s, std::string_view key,
                      const std::string& name, std::string_view wanted, std::vector<std::string_view> choices);

// Each item of a section list, which must be a map; reports anything else.
template <typename F>
void for_each_item(const YAML::Node& list, std::string_view what, Diagnostics& diag, F&& f) {
  for (const auto& item : list) {
    if (!item.IsMap()) {
      diag.error(position(item).line ? position(item) : position(list),
                 "each item of " + std::string(what) + " must be a map, not " + kind_of(item));
      continue;
    }
    f(item);
  }
}

}  // namespace natlab::sim::detail
