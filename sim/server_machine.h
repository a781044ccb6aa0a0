#pragma once
// What runs on a scenario's server node: a TURN server (which also answers
// STUN Binding on its port) when `turn:` is given, else a STUN server, with
// RFC 5780 CHANGE-REQUEST support when the server has an alternate address.
// With tcp_listening the TURN server also accepts clients over TCP on its
// TURN port (RFC 5766 2.1), carried by the driver's streams; the relayed
// side stays UDP.
#include <memory>
#include <optional>

#include "agents/stun/server.h"
#include "agents/turn/server.h"
#include "sim/sans_io.h"
#include "sim/scenario.h"

namespace natlab::sim {

class ServerMachine : public SansIo {
 public:
  ServerMachine(const Server& server, Rng rng, bool tcp_listening = false);

  std::vector<Endpoint> local_endpoints() const override;
  bool dynamic_endpoints() const override { return turn_.has_value(); }
  std::uint64_t endpoints_version() const override { return turn_ ? turn_->endpoints_version() : 0; }
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override;
  void handle_timeout(Time now) override;
  std::optional<Transmit> poll_transmit() override;
  std::optional<Time> poll_timeout() const override;
  std::vector<nlohmann::json> poll_events() override;
  std::optional<StreamRequest> poll_stream_request() override;
  void handle_stream_event(Time now, const StreamEvent& event) override;

  const turn::TurnServer* turn() const { return turn_ ? &*turn_ : nullptr; }
  const stun::StunServer* stun() const { return stun_ ? &*stun_ : nullptr; }

 private:
  std::optional<turn::TurnServer> turn_;
  std::optional<stun::StunServer> stun_;
};

}  // namespace natlab::sim
