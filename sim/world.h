#pragma once
// A scenario made into an ns-3 world: the internet core, servers, NAT nodes
// with their LANs, hosts, and the wires between them. Internal to sim/: it
// exposes ns-3 types.
//
// Topology: a tree. The core is one router; every public element has a wire
// to it. A NAT's LAN is a star: each member (host or inner NAT) has its own
// wire to the NAT node, so each can have its own link parameters; the NAT
// switches LAN-internal traffic and translates the rest. Router-side wire
// addresses come from 240.0.0.0/4, which no scenario may use.
#include <ns3/node.h>
#include <ns3/ptr.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/rng.h"
#include "sim/scenario.h"
#include "sim/trace.h"

namespace ns3 {
class PcapFileWrapper;
}

namespace natlab::sim {

class NatRouting;
class Wire;

struct WorldOptions {
  std::string pcap_dir;  // empty: no pcap
  bool trace_packets = true;
};

class World {
 public:
  // The scenario must have been validated by the loader.
  World(const Scenario& scenario, WorldOptions options);
  ~World();
  World(const World&) = delete;
  World& operator=(const World&) = delete;

  ns3::Ptr<ns3::Node> node(const std::string& name) const;
  NatRouting* nat(const std::string& name) const;
  Trace& trace() { return trace_; }
  const Scenario& scenario() const { return scenario_; }
  // A generator for an application, derived from the seed and a stable id.
  Rng rng_for(const std::string& who) const;

  // Runs the simulation until `until` (simulated time since start).
  void run(Duration until);

  // Drops per NAT and reason; packets lost on wires.
  std::uint64_t wire_losses() const { return wire_losses_; }

 private:
  struct Attach {
    ns3::Ptr<ns3::Node> parent;
    std::uint32_t parent_if = 0;
    std::uint32_t child_if = 0;
  };
  Attach connect(const std::string& parent_name, ns3::Ptr<ns3::Node> parent, const std::string& child_name,
                 ns3::Ptr<ns3::Node> child, const LinkParams& link);
  void build();
  void on_wire(const struct WireEvent& e);
  void on_wire(const struct WireEvent& e, const char* dropped);
  // A packet the sending device's queue had no room for.
  static void on_queue_drop(World* world, const std::string* wire, int from_end, ns3::Ptr<const ns3::Packet> p);

  Scenario scenario_;
  WorldOptions options_;
  Trace trace_;
  Rng seed_rng_;
  ns3::Ptr<ns3::Node> core_;
  std::map<std::string, ns3::Ptr<ns3::Node>> nodes_;
  std::map<std::string, ns3::Ptr<NatRouting>> nats_;
  std::vector<ns3::Ptr<Wire>> wires_;
  std::map<const std::string*, std::pair<std::string, std::string>> wire_ends_;
  std::vector<ns3::Ptr<ns3::PcapFileWrapper>> pcaps_;
  std::uint32_t next_router_addr_ = 0xF0000001;  // 240.0.0.1
  std::uint64_t wire_losses_ = 0;
};

}  // namespace natlab::sim
