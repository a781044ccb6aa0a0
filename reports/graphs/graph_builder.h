#pragma once
// The path-selection graph model (graph_model.h) of every session of a run,
// from the run's trace: candidate-gathered events give each agent's
// candidates, pair-state, check-sent and check-response events the pairs it
// checked, nominated and selected-pair events the pair it chose, and the
// scenario's hosts, NATs and servers the way that pair's packets take.
#include "reports/checks/trace_view.h"
#include "reports/graphs/graph_model.h"

namespace natlab::reports::graphs {

SessionGraph build_session_graph(const checks::TraceView& trace, const sim::Session& session);
ScenarioGraph build_scenario_graph(const checks::TraceView& trace);

}  // namespace natlab::reports::graphs
