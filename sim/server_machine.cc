#include "sim/server_machine.h"

#include "sim/event_json.h"

namespace natlab::sim {

ServerMachine::ServerMachine(const Server& s, Rng rng, bool tcp_listening) {
  if (s.turn) {
    turn::TurnServerConfig cfg;
    cfg.listening = {Endpoint{s.address, s.turn->port}};
    // A STUN port other than the TURN port answers Binding too.
    if (s.stun && s.stun->port != s.turn->port) cfg.listening.push_back(Endpoint{s.address, s.stun->port});
    // RFC 5766 2.1: TCP to the server on the same port as UDP (as coturn).
    if (tcp_listening) cfg.tcp_listening = {Endpoint{s.address, s.turn->port}};
    cfg.relay_address = s.address;
    cfg.relay_port_min = s.turn->relay_port_min;
    cfg.relay_port_max = s.turn->relay_port_max;
    cfg.realm = s.turn->realm;
    cfg.users = s.turn->users;
    cfg.default_lifetime = s.turn->default_lifetime;
    cfg.max_lifetime = s.turn->max_lifetime;
    turn_.emplace(cfg, rng);
    return;
  }
  stun::ServerConfig cfg;
  cfg.primary = Endpoint{s.address, s.stun ? s.stun->port : std::uint16_t{3478}};
  if (s.alternate_address) {
    // RFC 5780 needs a second address and a second port.
    cfg.alternate_ip = s.alternate_address;
    cfg.alternate_port = static_cast<std::uint16_t>(cfg.primary.port + 1);
  }
  stun_.emplace(cfg);
}

std::vector<Endpoint> ServerMachine::local_endpoints() const {
  return turn_ ? turn_->local_endpoints() : stun_->local_endpoints();
}

void ServerMachine::handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                                    std::span<const std::uint8_t> bytes) {
  if (turn_) {
    turn_->handle_datagram(now, local, remote, bytes);
  } else {
    stun_->handle_datagram(now, local, remote, bytes);
  }
}

void ServerMachine::handle_timeout(Time now) {
  if (turn_) turn_->handle_timeout(now);
}

std::optional<Transmit> ServerMachine::poll_transmit() {
  return turn_ ? turn_->poll_transmit() : stun_->poll_transmit();
}

std::optional<Time> ServerMachine::poll_timeout() const { return turn_ ? turn_->poll_timeout() : std::nullopt; }

std::vector<nlohmann::json> ServerMachine::poll_events() {
  std::vector<nlohmann::json> out;
  if (turn_) {
    while (auto e = turn_->poll_event()) out.push_back(to_json(*e));
  }
  return out;
}

std::optional<StreamRequest> ServerMachine::poll_stream_request() {
  return turn_ ? turn_->poll_stream_request() : std::nullopt;
}

void ServerMachine::handle_stream_event(Time now, const StreamEvent& event) {
  if (turn_) turn_->handle_stream_event(now, event);
}

}  // namespace natlab::sim
