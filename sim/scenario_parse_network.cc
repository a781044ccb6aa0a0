// servers, nats, hosts and their links: each value on its own. Relations
// between elements are checked in scenario_check_network.cc.
#include <cstdint>

#include "sim/scenario_parse.h"
#include "sim/units.h"

namespace natlab::sim::detail {
namespace {

StunService parse_stun(MapReader& server, Marks& marks) {
  StunService stun;
  MapReader r(*server.find("stun"), "stun", {"port"}, server.diag(), server.key_pos("stun"), &marks, "stun.");
  if (auto port = r.port("port")) stun.port = *port;
  return stun;
}

TurnService parse_turn(MapReader& server, Marks& marks) {
  TurnService turn;
  MapReader r(*server.find("turn"), "turn",
              {"port", "realm", "users", "max_lifetime", "default_lifetime", "relay_ports"}, server.diag(),
              server.key_pos("turn"), &marks, "turn.");
  if (auto port = r.port("port")) turn.port = *port;
  if (auto realm = r.string("realm")) turn.realm = *realm;
  if (auto users = r.map("users")) {
    // Any username is allowed, so the map is read without a key list.
    for (const auto& entry : *users) {
      if (!entry.first.IsScalar() || !entry.second.IsScalar()) {
        r.diag().error(position(entry.second.IsScalar() ? entry.first : entry.second),
                       "each of 'users' must be `username: password`");
        continue;
      }
      turn.users[entry.first.Scalar()] = entry.second.Scalar();
    }
  }
  if (auto d = r.duration("max_lifetime", false)) turn.max_lifetime = *d;
  if (auto d = r.duration("default_lifetime", false)) turn.default_lifetime = *d;
  if (turn.default_lifetime > turn.max_lifetime) {
    auto at = r.has("default_lifetime") ? r.value_pos("default_lifetime") : r.value_pos("max_lifetime");
    r.diag().error(at, "'default_lifetime' " + format_duration(turn.default_lifetime) +
                           " is longer than 'max_lifetime' " + format_duration(turn.max_lifetime));
  }
  if (auto range = r.port_range("relay_ports")) {
    turn.relay_port_min = range->first;
    turn.relay_port_max = range->second;
  }
  return turn;
}

}  // namespace

void read_name(MapReader& r, std::string_view kind, std::string& out) {
  auto name = r.string("name", Need::Required);
  if (!name) return;
  if (name->empty()) {
    r.diag().error(r.value_pos("name"), "'name' must not be empty");
    return;
  }
  out = *name;
  r.set_what(std::string(kind) + " '" + out + "'");
}

LinkParams parse_link(MapReader& parent, std::string_view key, const LinkParams& defaults) {
  LinkParams link = defaults;
  auto node = parent.map(key);
  if (!node) return link;
  MapReader r(*node, std::string(key), {"delay", "jitter", "loss", "bandwidth", "mtu", "reorder"}, parent.diag(),
              parent.key_pos(key));
  if (auto d = r.duration("delay", true)) link.delay = *d;
  if (auto d = r.duration("jitter", true)) link.jitter = *d;
  if (auto p = r.probability("loss")) link.loss = *p;
  if (auto bps = r.bandwidth("bandwidth")) link.bandwidth_bps = *bps;
  // 576: the smallest datagram every IPv4 host must accept (RFC 791).
  if (auto mtu = r.integer("mtu", 576, 65535)) link.mtu = static_cast<std::uint32_t>(*mtu);
  if (auto b = r.boolean("reorder")) link.reorder = *b;
  return link;
}

void parse_servers(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag) {
  for_each_item(list, "servers", diag, [&](const YAML::Node& item) {
    Server& s = out.scenario.servers.emplace_back();
    Marks& marks = out.server_marks.emplace_back();
    MapReader r(item, "server", {"name", "address", "alternate_address", "stun", "turn", "link"}, diag, {},
                &marks);
    s.pos = marks.element = r.pos();
    read_name(r, "server", s.name);
    if (auto a = r.address("address", Need::Required)) s.address = *a;
    if (auto a = r.address("alternate_address")) s.alternate_address = *a;
    if (r.map("stun")) s.stun = parse_stun(r, marks);
    if (r.map("turn")) {
      s.turn = parse_turn(r, marks);
      // A TURN server answers Binding requests on its port too (RFC 5766 section 2).
      if (!s.stun) s.stun = StunService{s.turn->port};
    }
    s.link = parse_link(r, "link", out.scenario.links);
  });
}

void parse_nats(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag) {
  for_each_item(list, "nats", diag, [&](const YAML::Node& item) {
    NatBox& n = out.scenario.nats.emplace_back();
    Marks& marks = out.nat_marks.emplace_back();
    MapReader r(item, "nat",
                {"name", "type", "public_address", "behind", "mapping", "filtering", "port_allocation",
                 "mapping_timeout", "refresh_on_inbound", "hairpinning", "block_udp", "block_inbound_tcp", "link",
                 "lan"},
                diag, {}, &marks);
    n.pos = marks.element = r.pos();
    read_name(r, "nat", n.name);
    using nat::NatType;
    if (r.present("type", Need::Required)) {
      auto type = r.choice<NatType>("type", "NAT type",
                                    {{"open", NatType::Open},
                                     {"full-cone", NatType::FullCone},
                                     {"restricted", NatType::Restricted},
                                     {"port-restricted", NatType::PortRestricted},
                                     {"symmetric", NatType::Symmetric}});
      if (type) n.config = nat::Config::for_type(*type);
    }
    using nat::Mapping;
    using nat::Filtering;
    if (auto m = r.choice<Mapping>("mapping", "mapping",
                                   {{"endpoint-independent", Mapping::EndpointIndependent},
                                    {"address-dependent", Mapping::AddressDependent},
                                    {"address-and-port-dependent", Mapping::AddressAndPortDependent}})) {
      n.config.mapping = *m;
    }
    if (auto f = r.choice<Filtering>("filtering", "filtering",
                                     {{"endpoint-independent", Filtering::EndpointIndependent},
                                      {"address-dependent", Filtering::AddressDependent},
                                      {"address-and-port-dependent", Filtering::AddressAndPortDependent}})) {
      n.config.filtering = *f;
    }
    using nat::PortAllocation;
    if (auto p = r.choice<PortAllocation>("port_allocation", "port allocation",
                                          {{"preserve", PortAllocation::Preserve},
                                           {"sequential", PortAllocation::Sequential},
                                           {"random", PortAllocation::Random}})) {
      n.config.port_allocation = *p;
    }
    if (auto d = r.duration("mapping_timeout", false)) n.config.mapping_timeout = *d;
    if (auto b = r.boolean("refresh_on_inbound")) n.config.refresh_on_inbound = *b;
    if (auto b = r.boolean("hairpinning")) n.config.hairpinning = *b;
    if (auto b = r.boolean("block_udp")) n.config.block_udp = *b;
    if (auto b = r.boolean("block_inbound_tcp")) n.config.block_inbound_tcp = *b;
    if (auto a = r.address("public_address", Need::Required)) n.config.public_address = *a;
    if (auto b = r.string("behind")) n.behind = *b;
    n.link = parse_link(r, "link", out.scenario.links);
    if (auto lan = r.map("lan")) {
      MapReader l(*lan, "lan", {"subnet", "inside_address"}, diag, r.key_pos("lan"), &marks, "lan.");
      if (auto subnet = l.subnet("subnet")) {
        n.lan.subnet = subnet->network;
        n.lan.prefix_length = subnet->prefix_length;
      }
      if (auto a = l.address("inside_address")) n.lan.inside_address = *a;
    }
  });
}

void parse_hosts(const YAML::Node& list, ParsedScenario& out, Diagnostics& diag) {
  for_each_item(list, "hosts", diag, [&](const YAML::Node& item) {
    Host& h = out.scenario.hosts.emplace_back();
    Marks& marks = out.host_marks.emplace_back();
    MapReader r(item, "host", {"name", "address", "behind", "link", "os", "tcp_time_wait"}, diag, {}, &marks);
    h.pos = marks.element = r.pos();
    read_name(r, "host", h.name);
    if (auto a = r.address("address", Need::Required)) h.address = *a;
    if (auto b = r.string("behind", Need::Required)) h.behind = *b;
    h.link = parse_link(r, "link", out.scenario.links);
    if (auto os = r.choice<HostOs>("os", "operating system", {{"linux", HostOs::Linux}, {"windows", HostOs::Windows}}))
      h.os = *os;
    if (auto d = r.duration("tcp_time_wait", false)) h.tcp_time_wait = *d;
  });
}

}  // namespace natlab::sim::detail
