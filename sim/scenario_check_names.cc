// Names are unique across servers, NATs, hosts, agents and sessions so that a
// name in `behind`, `host`, `stun` or an expectation means one thing.
#include <algorithm>

#include "sim/scenario_parse.h"

namespace natlab::sim::detail {
namespace {

struct Named {
  const std::string* name;
  const char* kind;
  SourcePos at;
};

template <typename T>
void collect(const std::vector<T>& items, const std::vector<Marks>& marks, const char* kind,
             std::vector<Named>& out) {
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (marks[i].has("name")) out.push_back({&items[i].name, kind, marks[i].at("name")});
  }
}

std::string a(std::string_view noun) {
  bool vowel = !noun.empty() && std::string_view("aeiou").find(noun[0]) != std::string_view::npos;
  return (vowel ? "an " : "a ") + std::string(noun);
}

std::string line_of(SourcePos at) { return "line " + std::to_string(at.line); }

}  // namespace

void check_names(const ParsedScenario& in, Diagnostics& diag) {
  const Scenario& s = in.scenario;
  std::vector<Named> all;
  collect(s.servers, in.server_marks, "server", all);
  collect(s.nats, in.nat_marks, "nat", all);
  collect(s.hosts, in.host_marks, "host", all);
  collect(s.agents, in.agent_marks, "agent", all);
  collect(s.sessions, in.session_marks, "session", all);
  std::stable_sort(all.begin(), all.end(), [](const Named& a, const Named& b) {
    return std::pair(a.at.line, a.at.column) < std::pair(b.at.line, b.at.column);
  });
  for (std::size_t i = 0; i < all.size(); ++i) {
    if (*all[i].name == kInternet) {
      diag.error(all[i].at, "the name 'internet' is reserved for the public core");
      continue;
    }
    for (std::size_t j = 0; j < i; ++j) {
      if (*all[j].name == *all[i].name) {
        diag.error(all[i].at, "duplicate name '" + *all[i].name + "'; already used by the " + all[j].kind + " at " +
                                  line_of(all[j].at));
        break;
      }
    }
  }
}

// What a name refers to, for "'x' is a host, not a NAT" messages.
const char* kind_of_name(const Scenario& s, const std::string& name) {
  if (s.find_server(name)) return "server";
  if (s.find_nat(name)) return "nat";
  if (s.find_host(name)) return "host";
  if (s.find_agent(name)) return "agent";
  for (const auto& session : s.sessions) {
    if (session.name == name) return "session";
  }
  return nullptr;
}

void report_reference(Diagnostics& diag, SourcePos at, const Scenario& s, std::string_view key,
                      const std::string& name, std::string_view wanted, std::vector<std::string_view> choices) {
  if (const char* kind = kind_of_name(s, name)) {
    diag.error(at, "'" + name + "' is " + a(kind) + ", not " + a(wanted) + "; '" + std::string(key) +
                       "' must name " + a(wanted));
    return;
  }
  std::string message = "unknown " + std::string(wanted) + " '" + name + "' in '" + std::string(key) + "'";
  message += choices.empty() ? "; there is no " + std::string(wanted) + " in this file"
                             : "; expected one of: " + join(choices);
  diag.error(at, message);
}

}  // namespace natlab::sim::detail
