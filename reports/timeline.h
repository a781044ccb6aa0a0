#pragma once
// A session's timeline: when each agent started and finished gathering, when
// the offer and answer were sent and received, when each agent sent its
// first connectivity check, when its components were nominated and when ICE
// completed. Read from the trace alone (trace-format.md), so it shows what
// happened rather than what an agent reported about itself.
//
// The worker of `natlab run` writes it per scenario as <id>/timeline.json
// (listed under `artifacts.timeline`); report.html draws it from that file,
// so a merged report draws it too.
#include <vector>

#include <nlohmann/json.hpp>

#include "reports/json.h"
#include "sim/scenario.h"

namespace natlab::reports {

// {"sessions": [{"name", "controlling", "controlled", "events": [{"t_ms",
// "agent", "event"}, ...]}, ...]}: sessions in file order; events in time
// order (ties in the order of kTimelineEvents, controlling agent first).
// Event names are those of kTimelineEvents. A moment that did not happen has
// no event.
//
// Trace events other than offers and answers carry no session: a record of
// an agent counts for its session with the latest `start` at or before the
// record (each session runs a fresh ICE agent from its start), so
// back-to-back calls each get their own moments; an agent in two sessions
// that start together shows the first such moment of either.
//
// A session whose agents used TCP also gets "sockets": [{"t_ms", "agent",
// "event", and "local", "remote", "mode", "duration", "duration_ms",
// "reason", "direction" where the trace's socket record has them}, ...],
// every socket record (trace-format.md) of its two agents in time order.
Json session_timelines(const sim::Scenario& scenario, const std::vector<nlohmann::json>& trace_records);

inline constexpr const char* kTimelineEvents[] = {
    "gathering-start",   // first candidate-gathered (host candidates come at the agent's start)
    "gathering-complete",
    "offer-sent",      "offer-received", "answer-sent", "answer-received",
    "first-check",     // first connectivity check sent (not a retransmission)
    "nominated",       // every component of the agent has a nominated pair: the last of them
    "completed",       // ice-state completed
    "failed",          // ice-state failed
};

}  // namespace natlab::reports
