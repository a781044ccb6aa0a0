#include "sim/host_sockets.h"

namespace natlab::sim {

NS_OBJECT_ENSURE_REGISTERED(HostSockets);

ns3::TypeId HostSockets::GetTypeId() {
  static ns3::TypeId tid = ns3::TypeId("natlab::HostSockets")
                               .SetParent<ns3::Object>()
                               .SetGroupName("natlab")
                               .AddConstructor<HostSockets>();
  return tid;
}

HostSockets& host_sockets(ns3::Ptr<ns3::Node> node) {
  ns3::Ptr<HostSockets> h = node->GetObject<HostSockets>();
  if (!h) {
    h = ns3::CreateObject<HostSockets>();
    node->AggregateObject(h);
  }
  return *h;
}

}  // namespace natlab::sim
