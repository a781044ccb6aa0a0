#pragma once
// Any natlab protocol machine with the sans-IO shape (handle_datagram,
// poll_transmit, local_endpoints, and optionally handle_timeout,
// poll_timeout, poll_event) as a SansIo for either driver (the simulator's
// sim::SansIoApp or realnet::Driver), with its typed events handed to a
// callback instead of JSON:
//
//   SansIoMachine<stun::StunServer> stun(config);
//   SansIoMachine<turn::TurnServer, Endpoints::Dynamic> turn(config, rng);
//   turn.on_event = [](const turn::ServerEvent& e) { ... };
#include <cstdint>
#include <functional>
#include <optional>
#include <type_traits>
#include <utility>
#include <variant>

#include "common/sans_io.h"

namespace natlab {

// Dynamic: local_endpoints() changes while running (a TURN server's relays).
enum class Endpoints { Fixed, Dynamic };

namespace detail {
template <class M>
auto event_type() {
  if constexpr (requires(M& m) { m.poll_event(); }) {
    return typename decltype(std::declval<M&>().poll_event())::value_type{};
  } else {
    return std::monostate{};
  }
}
}  // namespace detail

template <class M, Endpoints E = Endpoints::Fixed>
class SansIoMachine final : public SansIo {
 public:
  using Event = decltype(detail::event_type<M>());

  template <class... A>
  explicit SansIoMachine(A&&... args) : m_(std::forward<A>(args)...) {}

  M& get() { return m_; }
  const M& get() const { return m_; }

  // Each event of the machine, drained after every step of the driver.
  std::function<void(const Event&)> on_event;

  std::vector<Endpoint> local_endpoints() const override { return m_.local_endpoints(); }
  bool dynamic_endpoints() const override { return E == Endpoints::Dynamic; }
  std::uint64_t endpoints_version() const override {
    if constexpr (requires { m_.endpoints_version(); }) {
      return m_.endpoints_version();
    } else {
      return 0;  // the driver then compares the lists
    }
  }
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
  // Streams (common/stream_io.h) for machines that use TCP.
  std::optional<StreamRequest> poll_stream_request() override {
    if constexpr (requires { m_.poll_stream_request(); }) {
      return m_.poll_stream_request();
    } else {
      return std::nullopt;
    }
  }
  void handle_stream_event(Time now, const StreamEvent& event) override {
    if constexpr (requires { m_.handle_stream_event(now, event); }) m_.handle_stream_event(now, event);
  }
  std::vector<nlohmann::json> poll_events() override {
    if constexpr (requires { m_.poll_event(); }) {
      // Drained even without a callback: the machine's queue must not grow.
      while (auto e = m_.poll_event()) {
        if (on_event) on_event(*e);
      }
    }
    return {};
  }

 private:
  M m_;
};

}  // namespace natlab
