#pragma once
// The event loop under the in-memory networks of the IceAgent tests
// (fake_network.h for datagrams, fake_streams.h for TCP streams): a fake
// clock that jumps from one due thing to the next, deliveries queued by
// (time, sequence) so that equal times keep their order, the agents' own
// timers, and the events each agent emitted.
#include <gtest/gtest.h>

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <variant>
#include <vector>

#include "agents/ice/agent.h"

namespace natlab::ice::test {

template <class Delivery>
class FakeClockLoop {
 public:
  struct Ev {
    Time at{};
    std::size_t node = 0;
    Event e;
  };

  Time now{};
  std::vector<Ev> events;

  // Events of type T that agent `node` emitted, with when.
  template <class T>
  std::vector<std::pair<Time, T>> of(std::size_t node) const {
    std::vector<std::pair<Time, T>> out;
    for (const auto& e : events)
      if (e.node == node)
        if (auto* x = std::get_if<T>(&e.e)) out.emplace_back(e.at, *x);
    return out;
  }

 protected:
  void schedule(Time at, Delivery d) { queue_.emplace(std::make_pair(at, seq_++), std::move(d)); }

  // Advances to `end`: each step goes to the earliest queued delivery or
  // agent timer, hands over every delivery due (flushing what the agents
  // answer), then fires the timers due. `agents` lists the IceAgent*s,
  // `deliver(Delivery&)` hands one over, `flush()` collects what the agents
  // want sent. A loop that never reaches `end` is a test failure.
  template <class Agents, class Deliver, class Flush>
  void run_loop(Time end, const Agents& agents, Deliver deliver, Flush flush, const char* name, int max_steps) {
    flush();
    for (int step = 0; step < max_steps; ++step) {
      std::optional<Time> next;
      if (!queue_.empty()) next = queue_.begin()->first.first;
      for (IceAgent* a : agents)
        if (auto t = a->poll_timeout(); t && (!next || *t < *next)) next = t;
      if (!next || *next > end) {
        now = end;
        return;
      }
      now = std::max(now, *next);
      while (!queue_.empty() && queue_.begin()->first.first <= now) {
        Delivery d = std::move(queue_.begin()->second);
        queue_.erase(queue_.begin());
        deliver(d);
        flush();
      }
      for (IceAgent* a : agents)
        if (auto t = a->poll_timeout(); t && *t <= now) a->handle_timeout(now);
      flush();
    }
    ADD_FAILURE() << name << ": no progress (timer loop)";
  }

  std::map<std::pair<Time, std::uint64_t>, Delivery> queue_;
  std::uint64_t seq_ = 0;
};

}  // namespace natlab::ice::test
