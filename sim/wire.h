#pragma once
// A natlab wire: an ns-3 point-to-point channel whose per-packet delay, jitter
// and loss come from natlab's seeded generator (so runs repeat byte for byte),
// and which reports every packet it carries to the trace.
#include <ns3/point-to-point-channel.h>
#include <ns3/point-to-point-net-device.h>

#include <functional>
#include <string>

#include "common/rng.h"
#include "sim/scenario.h"

namespace natlab::sim {

struct WireEnd {
  std::string node;  // scenario name of the node at this end
};

// What a wire reports for each packet: which direction, and whether the
// impairment dropped it.
struct WireEvent {
  const std::string* wire = nullptr;
  int from_end = 0;  // 0 or 1
  bool lost = false;
  ns3::Ptr<const ns3::Packet> packet;  // PPP framed, as the sender's device sent it
  ns3::Time arrival;                   // when it reaches the other end (if not lost)
};

class Wire : public ns3::PointToPointChannel {
 public:
  static ns3::TypeId GetTypeId();
  Wire() = default;

  void Configure(std::string name, const LinkParams& params, Rng rng,
                 std::function<void(const WireEvent&)> tap);
  const std::string& name() const { return name_; }

  bool TransmitStart(ns3::Ptr<const ns3::Packet> p, ns3::Ptr<ns3::PointToPointNetDevice> src,
                     ns3::Time txTime) override;

 private:
  std::string name_;
  LinkParams params_;
  Rng rng_;
  std::function<void(const WireEvent&)> tap_;
  ns3::Time last_arrival_[2];  // per direction, so jitter never reorders unless asked
};

}  // namespace natlab::sim
