#pragma once
// Pacing of connectivity checks (RFC 5245 5.8) and their retransmission timer
// (RFC 5245 16.1 / RFC 8445 14.3).
#include <cstddef>
#include <deque>
#include <optional>

#include "agents/ice/checklist.h"
#include "agents/ice/config.h"
#include "common/time.h"

namespace natlab::ice {

// The profile's default Ta, or the configured one raised to the profile's
// floor (20 ms for RFC 5245 16.1, 5 ms for RFC 8445 14.2).
Duration effective_ta(Profile profile, std::optional<Duration> configured, bool enforce_floor = true);

// Initial RTO of a check transaction, recomputed at every send:
//   RFC 5245 16.1: RTO = MAX(100ms, Ta*N*(Num-Waiting + Num-In-Progress))
//   RFC 8445 14.3: RTO = MAX(500ms, Ta*N*(Num-Waiting + Num-In-Progress)),
//                  "Agents MUST NOT use an RTO value smaller than 500 ms."
// N is "the number of checks to be performed" (all pairs on the check list),
// Num-Waiting / Num-In-Progress count pairs in those states. RFC-NOTES.md had
// no N factor; see the report for the evidence.
Duration check_rto(Profile profile, Duration ta, std::size_t total_pairs,
                   std::size_t waiting_plus_in_progress);

class Scheduler {
 public:
  explicit Scheduler(Duration ta) : ta_(ta) {}
  Duration ta() const { return ta_; }

  // Checks may start at `now` (set_remote_description).
  void start(Time now);
  bool started() const { return started_.has_value(); }

  // RFC 5245 7.2.1.4 triggered-check queue, FIFO, each pair at most once.
  void enqueue_triggered(PairId id);
  void remove_triggered(PairId id);
  bool is_triggered(PairId id) const;
  const std::deque<PairId>& triggered() const { return triggered_; }

  // When the next check may leave: one per Ta, across triggered and ordinary
  // checks. nullopt when there is nothing to check (the timer is stopped).
  std::optional<Time> next_check(const CheckList& list) const;

  struct Pick {
    PairId pair = 0;
    bool triggered = false;
  };
  // RFC 5245 5.8: "the agent removes the top pair from the triggered check
  // queue ... If there are no pairs in the triggered check queue ... Find the
  // highest priority pair in that check list that is in the Waiting state ...
  // If there is no such pair: Find the highest priority pair in that check
  // list that is in the Frozen state. If there is such a pair: Unfreeze the
  // pair ... If there is no such pair: Terminate the timer for that check
  // list." Does not change pair states (the agent does, with events); returns
  // nullopt when it is not yet time or nothing is left.
  std::optional<Pick> pick(Time now, const CheckList& list);
  // A check picked earlier reached the wire only now (it waited for its TCP
  // connection to open): Ta counts from here, so that two checks never leave
  // back to back (RFC 5245 16: "one check every Ta" is about the network).
  void note_sent(Time now);

 private:
  bool has_work(const CheckList& list) const;

  Duration ta_;
  std::optional<Time> started_;
  std::optional<Time> last_check_;
  std::deque<PairId> triggered_;
};

}  // namespace natlab::ice
