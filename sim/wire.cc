#include "sim/wire.h"

#include <ns3/simulator.h>

#include <algorithm>

namespace natlab::sim {

NS_OBJECT_ENSURE_REGISTERED(Wire);

ns3::TypeId Wire::GetTypeId() {
  static ns3::TypeId tid = ns3::TypeId("natlab::Wire")
                               .SetParent<ns3::PointToPointChannel>()
                               .SetGroupName("natlab")
                               .AddConstructor<Wire>();
  return tid;
}

void Wire::Configure(std::string name, const LinkParams& params, Rng rng,
                     std::function<void(const WireEvent&)> tap) {
  name_ = std::move(name);
  params_ = params;
  rng_ = rng;
  tap_ = std::move(tap);
  SetAttribute("Delay", ns3::TimeValue(ns3::NanoSeconds(params.delay.count())));
}

bool Wire::TransmitStart(ns3::Ptr<const ns3::Packet> p, ns3::Ptr<ns3::PointToPointNetDevice> src,
                         ns3::Time txTime) {
  const int from = GetPointToPointDevice(0) == src ? 0 : 1;
  ns3::Ptr<ns3::PointToPointNetDevice> dst = GetPointToPointDevice(1 - from);

  // Draw loss and jitter for every packet, lost or not, so that one packet's
  // fate does not shift the random stream of the next.
  const double u = rng_.next_double();
  const bool lost = u < params_.loss;
  ns3::Time jitter = ns3::Seconds(0);
  if (params_.jitter.count() > 0) {
    jitter = ns3::NanoSeconds(static_cast<std::int64_t>(rng_.uniform(0, static_cast<std::uint64_t>(params_.jitter.count()))));
  }
  const ns3::Time now = ns3::Simulator::Now();
  ns3::Time arrival = now + txTime + ns3::NanoSeconds(params_.delay.count()) + jitter;
  if (!params_.reorder) arrival = std::max(arrival, last_arrival_[from]);

  if (tap_) tap_(WireEvent{&name_, from, lost, p, arrival});
  if (lost) return true;
  last_arrival_[from] = arrival;
  ns3::Simulator::ScheduleWithContext(dst->GetNode()->GetId(), arrival - now, &ns3::PointToPointNetDevice::Receive,
                                      dst, p->Copy());
  return true;
}

}  // namespace natlab::sim
