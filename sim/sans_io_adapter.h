#pragma once
// Wraps any agent that has the sans-IO shape (handle_datagram, poll_transmit,
// and optionally handle_timeout / poll_timeout / local_endpoints) as a SansIo,
// so one ns-3 application drives every protocol machine.
#include <utility>

#include "sim/sans_io.h"

namespace natlab::sim {

template <class M>
class SansIoAdapter : public SansIo {
 public:
  template <class... A>
  explicit SansIoAdapter(std::vector<Endpoint> locals, A&&... args)
      : locals_(std::move(locals)), m_(std::forward<A>(args)...) {}

  M& get() { return m_; }
  const M& get() const { return m_; }

  std::vector<Endpoint> local_endpoints() const override { return locals_; }
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override {
    m_.handle_datagram(now, local, remote, bytes);
  }
  void handle_timeout(Time now) override {
    if constexpr (requires { m_.handle_timeout(now); }) m_.handle_timeout(now);
  }
  std::optional<Transmit> poll_transmit() override { return m_.poll_transmit(); }
  std::optional<Time> poll_timeout() const override {
    if constexpr (requires { m_.poll_timeout(); }) {
      return m_.poll_timeout();
    } else {
      return std::nullopt;
    }
  }

 private:
  std::vector<Endpoint> locals_;
  M m_;
};

}  // namespace natlab::sim
