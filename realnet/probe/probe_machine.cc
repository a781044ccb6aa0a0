#include "realnet/probe/probe_machine.h"

#include <algorithm>

#include "realnet/local_addresses.h"

namespace natlab::realnet {

void ProbeMachine::start(Time now) {
  probe_.start(now);
  settle(now);
}

void ProbeMachine::handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                                   std::span<const std::uint8_t> bytes) {
  close_deferred();
  probe_.handle_datagram(now, local, remote, bytes);
  settle(now);
}

void ProbeMachine::handle_timeout(Time now) {
  close_deferred();
  probe_.handle_timeout(now);
  settle(now);
}

void ProbeMachine::settle(Time now) {
  while (auto op = probe_.poll_socket_op()) {
    if (op->kind == turn::probe::SocketOp::Kind::Close) {
      to_close_.push_back(op->local);
    } else {
      open(*op, now);
    }
  }
}

void ProbeMachine::close_deferred() {
  if (to_close_.empty()) return;
  for (const auto& ep : to_close_) std::erase(open_, ep);
  to_close_.clear();
  ++version_;  // the Driver's next sync closes them
}

void ProbeMachine::open(const turn::probe::SocketOp& op, Time now) {
  const IpAddress& ip = op.role == turn::probe::SocketRole::Peer ? addresses_.peer : addresses_.client;
  std::error_code ec;
  for (int attempt = 0; attempt < 8; ++attempt) {
    auto port = free_udp_port(ip, ec);
    if (!port) break;
    const Endpoint ep{ip, *port};
    if (driver_ && driver_->open(ep, ec)) {
      open_.push_back(ep);
      ++version_;
      probe_.socket_opened(op.id, ep, now);
      return;
    }
    // Taken between the probe for it and the bind: another port.
  }
  probe_.socket_failed(op.id, "bind " + ip.to_string() + ": " + (ec ? ec.message() : std::string("no driver")), now);
}

}  // namespace natlab::realnet
