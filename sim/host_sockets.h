#pragma once
// The TCP port table of one simulated host, shared by every machine on it:
// an ns-3 Object aggregated to the host's node. World sets the host's OS and
// TIME_WAIT from the scenario; a node without one gets linux defaults on
// first use.
#include <ns3/node.h>
#include <ns3/object.h>

#include "sim/socket_rules.h"

namespace natlab::sim {

class HostSockets : public ns3::Object {
 public:
  static ns3::TypeId GetTypeId();
  HostSockets() : rules_(HostOs::Linux, default_time_wait(HostOs::Linux)) {}
  void configure(HostOs os, Duration time_wait) { rules_ = SocketRules(os, time_wait); }
  SocketRules& rules() { return rules_; }
  // Ids for the rules table: never reused, unlike a machine's StreamIds, so
  // that a connection in TIME_WAIT outlives the stream that made it.
  SocketRules::SocketId next_id() { return ++last_id_; }

 private:
  SocketRules rules_;
  SocketRules::SocketId last_id_ = 0;
};

// The node's table, created with linux defaults when it has none yet.
HostSockets& host_sockets(ns3::Ptr<ns3::Node> node);

}  // namespace natlab::sim
