#pragma once
// Concluding ICE (RFC 5245 8): which pair the controlling agent nominates,
// which nominated pair is selected, and the check-list state.
#include <optional>

#include "agents/ice/checklist.h"
#include "agents/ice/events.h"

namespace natlab::ice {

// RFC 5245 8.1.1: "The selected pair ... [is] the highest-priority nominated
// pair for that component in the valid list". nullptr if none.
const ValidPair* selected_valid_pair(const CheckList& list, int component);
const ValidPair* best_valid_pair(const CheckList& list, int component);

// Regular nomination (RFC 5245 8.1.1.1): "The agent lets the checks continue
// until some stopping criterion is met, and then picks amongst the valid
// pairs". natlab's stopping criterion: every pair of this component with a
// higher priority than the best valid pair has Succeeded or Failed (checks
// have settled), or `waited`: the configured wait since the first valid pair
// has passed and no check on a better pair holds it any longer
// (IceAgent::nomination_hold). Returns the check-list pair to repeat with
// USE-CANDIDATE: "it repeats the check that produced this valid pair (by
// enqueuing the pair that generated the check into the triggered check
// queue), this time with the USE-CANDIDATE attribute."
std::optional<PairId> regular_nomination(const CheckList& list, int component, bool waited);

// RFC 5245 8.1.2: "Once there is at least one nominated pair in the valid list
// for every component ... The agent MUST change the state of processing for
// its check list for that media stream to Completed."
// RFC 5245 7.1.3.3: "If all of the pairs in the check list are now either in
// the Failed or Succeeded state: If there is not a pair in the valid list for
// each component of the media stream, the state of the check list is set to
// Failed." A pending triggered check counts as not yet done.
IceState evaluate_state(const CheckList& list, int components, bool triggered_pending,
                        IceState current);

}  // namespace natlab::ice
