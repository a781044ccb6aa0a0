#include "sim/scenario.h"

#include <algorithm>

#include "sim/scenario_loader.h"

namespace natlab::sim {
namespace {
template <typename T>
const T* find_named(const std::vector<T>& items, const std::string& name) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.name == name; });
  return it == items.end() ? nullptr : &*it;
}
}  // namespace

const char* to_string(CandidateType t) {
  switch (t) {
    case CandidateType::Host: return "host";
    case CandidateType::Srflx: return "srflx";
    case CandidateType::Prflx: return "prflx";
    case CandidateType::Relay: return "relay";
  }
  return "?";
}

const NatBox* Scenario::find_nat(const std::string& n) const { return find_named(nats, n); }
const Host* Scenario::find_host(const std::string& n) const { return find_named(hosts, n); }
const Server* Scenario::find_server(const std::string& n) const { return find_named(servers, n); }
const Agent* Scenario::find_agent(const std::string& n) const { return find_named(agents, n); }

std::string LoadError::to_string() const {
  // A problem with the file as a whole (unreadable) has no position.
  if (line <= 0) return file + ": error: " + message;
  return file + ":" + std::to_string(line) + ":" + std::to_string(column) + ": error: " + message;
}

}  // namespace natlab::sim
