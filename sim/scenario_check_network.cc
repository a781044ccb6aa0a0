// The network as a whole: what each `behind` names, NAT loops, the LAN behind
// each NAT, and addresses that collide on one network.
#include <algorithm>
#include <map>

#include "sim/scenario_parse.h"
#include "sim/units.h"

namespace natlab::sim::detail {
namespace {

std::string line_suffix(SourcePos at) {
  return at.line > 0 ? " (line " + std::to_string(at.line) + ")" : std::string();
}

bool before(SourcePos a, SourcePos b) { return std::pair(a.line, a.column) < std::pair(b.line, b.column); }

// Index of the NAT each NAT sits behind, or -1 for the internet and for
// references that are wrong (already reported).
std::vector<int> check_behind(const ParsedScenario& in, Diagnostics& diag) {
  const Scenario& s = in.scenario;
  std::vector<std::string_view> nat_names{kInternet};
  for (const auto& n : s.nats) nat_names.push_back(n.name);
  auto resolve = [&](const std::string& behind, SourcePos at) -> int {
    if (behind == kInternet) return -1;
    for (std::size_t i = 0; i < s.nats.size(); ++i) {
      if (s.nats[i].name == behind) return static_cast<int>(i);
    }
    report_reference(diag, at, s, "behind", behind, "NAT", nat_names);
    return -1;
  };
  std::vector<int> outer(s.nats.size(), -1);
  for (std::size_t i = 0; i < s.nats.size(); ++i) {
    if (in.nat_marks[i].has("behind")) outer[i] = resolve(s.nats[i].behind, in.nat_marks[i].at("behind"));
  }
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    if (in.host_marks[i].has("behind")) resolve(s.hosts[i].behind, in.host_marks[i].at("behind"));
  }
  return outer;
}

// A NAT behind itself, directly or through others, has no way out. Each loop
// is reported once, at the `behind` of its first NAT in the file.
void check_loops(const ParsedScenario& in, const std::vector<int>& outer, Diagnostics& diag) {
  const auto& nats = in.scenario.nats;
  for (std::size_t start = 0; start < nats.size(); ++start) {
    std::vector<std::size_t> path{start};
    bool loop = false;
    for (int next = outer[start]; next >= 0 && path.size() <= nats.size(); next = outer[static_cast<std::size_t>(next)]) {
      if (static_cast<std::size_t>(next) == start) {
        loop = true;
        break;
      }
      path.push_back(static_cast<std::size_t>(next));
    }
    if (!loop || *std::min_element(path.begin(), path.end()) != start) continue;
    std::string text = "NAT loop: " + nats[start].name + " is behind ";
    if (path.size() == 1) {
      text += "itself";
    } else {
      for (std::size_t k = 1; k < path.size(); ++k) text += nats[path[k]].name + ", which is behind ";
      text += nats[start].name;
    }
    diag.error(in.nat_marks[start].at("behind"), text);
  }
}

// A host or NAT on some network, by the address it has there.
struct Member {
  IpAddress address;
  SourcePos at;
  std::string who;  // "host 'alice-pc'"
};

// Who sits on the network behind NAT `nat` (-1: the internet), in file order.
std::vector<Member> members_of(const ParsedScenario& in, int nat) {
  const Scenario& s = in.scenario;
  const std::string& name = nat < 0 ? std::string(kInternet) : s.nats[static_cast<std::size_t>(nat)].name;
  std::vector<Member> out;
  for (std::size_t i = 0; i < s.hosts.size(); ++i) {
    const Marks& m = in.host_marks[i];
    if (m.has("address") && m.has("behind") && s.hosts[i].behind == name) {
      out.push_back({s.hosts[i].address, m.at("address"), "host '" + s.hosts[i].name + "'"});
    }
  }
  for (std::size_t i = 0; i < s.nats.size(); ++i) {
    const Marks& m = in.nat_marks[i];
    if (m.has("public_address") && s.nats[i].behind == name && (m.has("behind") || !m.given("behind"))) {
      out.push_back({s.nats[i].config.public_address, m.at("public_address"), "nat '" + s.nats[i].name + "'"});
    }
  }
  if (nat < 0) {
    for (std::size_t i = 0; i < s.servers.size(); ++i) {
      const Marks& m = in.server_marks[i];
      std::string who = "server '" + s.servers[i].name + "'";
      if (m.has("address")) out.push_back({s.servers[i].address, m.at("address"), who});
      if (m.has("alternate_address")) {
        out.push_back({*s.servers[i].alternate_address, m.at("alternate_address"), who + " (alternate_address)"});
      }
    }
  }
  std::stable_sort(out.begin(), out.end(), [](const Member& a, const Member& b) { return before(a.at, b.at); });
  return out;
}

// The LAN's subnet and the NAT's inside address; reports members outside it.
// Returns the NAT's own entry for the collision check.
Member settle_lan(ParsedScenario& in, std::size_t index, const std::vector<Member>& members, Diagnostics& diag) {
  NatBox& nat = in.scenario.nats[index];
  const Marks& m = in.nat_marks[index];
  std::string lan_name = "the LAN behind nat '" + nat.name + "'";
  Member self{{}, {}, "nat '" + nat.name + "' itself (its inside address)"};
  if (m.given("lan.subnet") && !m.has("lan.subnet")) return self;  // reported as a bad subnet
  if (m.given("lan.inside_address") && !m.has("lan.inside_address")) return self;

  Subnet subnet;
  if (m.has("lan.subnet")) {
    subnet = Subnet{nat.lan.subnet, nat.lan.prefix_length};
    for (const auto& member : members) {
      if (!subnet.contains(member.address)) {
        diag.error(member.at, "address " + member.address.to_string() + " of " + member.who + " is outside " +
                                  lan_name + ", whose lan.subnet is " + subnet.to_string());
      }
    }
  } else if (!members.empty()) {
    subnet = subnet24_of(members.front().address);
    for (const auto& member : members) {
      if (!subnet.contains(member.address)) {
        diag.error(member.at, "address " + member.address.to_string() + " of " + member.who + " is not in " +
                                  subnet.to_string() + " like " + members.front().who +
                                  line_suffix(members.front().at) + "; everything behind nat '" + nat.name +
                                  "' must lie in one /24 unless the NAT sets lan.subnet");
      }
    }
  } else if (m.has("lan.inside_address")) {
    subnet = subnet24_of(nat.lan.inside_address);
  } else {
    // Nothing behind it and no lan: given; any private /24 will do.
    subnet = Subnet{IpAddress::v4({192, 168, 0, 0}), 24};
  }
  nat.lan.subnet = subnet.network;
  nat.lan.prefix_length = subnet.prefix_length;

  std::uint32_t network = subnet.network.v4_value();
  std::uint32_t broadcast = network | (~std::uint32_t{0} >> subnet.prefix_length);
  if (m.has("lan.inside_address")) {
    self.address = nat.lan.inside_address;
    self.at = m.at("lan.inside_address");
    if (!subnet.contains(self.address)) {
      diag.error(self.at, "inside_address " + self.address.to_string() + " is outside " + lan_name + ", " +
                              subnet.to_string());
    }
  } else {
    // .254 of a /24: the NAT takes the last usable address of its LAN.
    nat.lan.inside_address = IpAddress::v4(broadcast - 1);
    self.address = nat.lan.inside_address;
    self.who = "nat '" + nat.name + "' itself (its inside address by default; set lan.inside_address to move it)";
  }

  std::vector<Member> on_lan = members;
  on_lan.push_back(self);
  for (const auto& member : on_lan) {
    if (!subnet.contains(member.address)) continue;
    std::uint32_t a = member.address.v4_value();
    if (a == network || a == broadcast) {
      diag.error(member.at, "address " + member.address.to_string() + " of " + member.who + " is the " +
                                (a == network ? "network" : "broadcast") + " address of " + lan_name + ", " +
                                subnet.to_string());
    }
  }
  return self;
}

// Two interfaces on one network with one address: packets to it would have
// two destinations.
void check_collisions(std::vector<Member> members, const std::string& network, Diagnostics& diag) {
  std::stable_sort(members.begin(), members.end(), [](const Member& a, const Member& b) { return before(a.at, b.at); });
  for (std::size_t i = 0; i < members.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (members[j].address != members[i].address) continue;
      diag.error(members[i].at, "address " + members[i].address.to_string() + " of " + members[i].who +
                                    " is already used by " + members[j].who + line_suffix(members[j].at) + " on " +
                                    network);
      break;
    }
  }
}

}  // namespace

void check_network(ParsedScenario& in, Diagnostics& diag) {
  auto outer = check_behind(in, diag);
  check_loops(in, outer, diag);
  check_collisions(members_of(in, -1), "the internet", diag);
  for (std::size_t i = 0; i < in.scenario.nats.size(); ++i) {
    auto members = members_of(in, static_cast<int>(i));
    Member self = settle_lan(in, i, members, diag);
    // An unknown inside address (bad lan: values) takes no part.
    if (in.nat_marks[i].given("lan.subnet") && !in.nat_marks[i].has("lan.subnet")) continue;
    if (in.nat_marks[i].given("lan.inside_address") && !in.nat_marks[i].has("lan.inside_address")) continue;
    members.push_back(self);
    check_collisions(std::move(members), "the LAN behind nat '" + in.scenario.nats[i].name + "'", diag);
  }
}

}  // namespace natlab::sim::detail
