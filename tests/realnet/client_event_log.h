#pragma once
// What a TurnClient driven by realnet has reported, for tests that wait on
// the real network for one of its events.
#include <chrono>
#include <cstddef>
#include <variant>
#include <vector>

#include <asio/io_context.hpp>

#include "agents/turn/client_events.h"
#include "realnet/run.h"

namespace natlab::realnet::test {

struct ClientEventLog {
  std::vector<turn::ClientEvent> events;

  template <class E>
  const E* last() const {
    for (auto it = events.rbegin(); it != events.rend(); ++it)
      if (auto* e = std::get_if<E>(&*it)) return e;
    return nullptr;
  }
  // Runs io until `count` events of type E are in, or 10 s pass.
  template <class E>
  bool wait_for(asio::io_context& io, std::size_t count = 1) {
    return run_until(io, [&] {
      std::size_t n = 0;
      for (const auto& e : events) n += std::holds_alternative<E>(e);
      return n >= count;
    }, std::chrono::seconds(10));
  }
};

}  // namespace natlab::realnet::test
