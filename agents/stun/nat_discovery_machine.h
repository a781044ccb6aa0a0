#pragma once
// The RFC 5780 discovery client as a SansIo for either driver (the simulator's
// `natlab nat-test`, realnet's `natlab nat-discover`). NatDiscovery sends test I
// when it is constructed, so it is made at start(), when the driver's sockets
// are open and its clock is known.
#include <optional>
#include <utility>
#include <vector>

#include "agents/stun/nat_discovery.h"
#include "common/rng.h"
#include "common/sans_io.h"

namespace natlab::stun {

class NatDiscoveryMachine final : public SansIo {
 public:
  NatDiscoveryMachine(DiscoveryConfig config, Rng rng) : config_(std::move(config)), rng_(rng) {}

  std::vector<Endpoint> local_endpoints() const override {
    std::vector<Endpoint> v{config_.local};
    if (config_.hairpin_local) v.push_back(*config_.hairpin_local);
    return v;
  }
  void start(Time now) override { client_.emplace(config_, rng_, now); }
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override {
    if (client_) client_->handle_datagram(now, local, remote, bytes);
    note_finish(now);
  }
  void handle_timeout(Time now) override {
    if (client_) client_->handle_timeout(now);
    note_finish(now);
  }
  std::optional<Transmit> poll_transmit() override { return client_ ? client_->poll_transmit() : std::nullopt; }
  std::optional<Time> poll_timeout() const override { return client_ ? client_->poll_timeout() : std::nullopt; }

  bool finished() const { return client_ && client_->finished(); }
  // Null before start().
  const NatDiscovery* client() const { return client_ ? &*client_ : nullptr; }
  // When the last test's answer (or timeout) came.
  std::optional<Time> finished_at() const { return finished_at_; }

 private:
  void note_finish(Time now) {
    if (finished() && !finished_at_) finished_at_ = now;
  }
  DiscoveryConfig config_;
  Rng rng_;
  std::optional<NatDiscovery> client_;
  std::optional<Time> finished_at_;
};

}  // namespace natlab::stun
