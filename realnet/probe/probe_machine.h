#pragma once
// The TURN probe as a SansIo machine for realnet::Driver. The probe asks for
// sockets case by case, on port 0; the Driver opens the sockets a machine
// names, so each one is named by a port found free just before (bound to
// port 0, read back, released) and opened at once through Driver::open(),
// trying another port if it was taken meanwhile.
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "agents/turn/probe/probe.h"
#include "common/sans_io.h"
#include "realnet/driver.h"

namespace natlab::realnet {

struct ProbeAddresses {
  IpAddress client;  // the probe's client sockets bind here
  IpAddress peer;    // its peer sockets: the relay must be able to reach them
};

class ProbeMachine final : public SansIo {
 public:
  ProbeMachine(turn::probe::TurnProbe& probe, ProbeAddresses addresses)
      : probe_(probe), addresses_(addresses) {}
  // Before Driver::start(): sockets are opened through it.
  void attach(Driver& driver) { driver_ = &driver; }

  std::vector<Endpoint> local_endpoints() const override { return open_; }
  bool dynamic_endpoints() const override { return true; }
  std::uint64_t endpoints_version() const override { return version_; }
  void start(Time now) override;
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override;
  void handle_timeout(Time now) override;
  std::optional<Transmit> poll_transmit() override { return probe_.poll_transmit(); }
  std::optional<Time> poll_timeout() const override { return probe_.poll_timeout(); }

 private:
  // Carries out the probe's socket operations: opens at once (a case's
  // first datagrams need its sockets), closes on the next call, after the
  // Driver has sent what the ending case still queued.
  void settle(Time now);
  void close_deferred();
  void open(const turn::probe::SocketOp& op, Time now);

  turn::probe::TurnProbe& probe_;
  ProbeAddresses addresses_;
  Driver* driver_ = nullptr;
  std::vector<Endpoint> open_;
  std::vector<Endpoint> to_close_;
  std::uint64_t version_ = 0;
};

}  // namespace natlab::realnet
