#pragma once
// How the path-selection graph looks (docs/graphs.md): shapes and colours by
// candidate type, edge colours by final pair state, and the label texts.
// Labels use Graphviz escString line breaks ("\n" as two characters).
#include <string>

#include "reports/graphs/graph_model.h"

namespace natlab::reports::graphs {

struct Look {
  const char* shape;
  const char* fill;
};

Look candidate_look(const std::string& type);  // host | srflx | prflx | relay; anything else plain
Look step_look(StepKind kind);
const char* state_colour(const std::string& pair_state);

// Text for a Graphviz label: backslashes doubled so that names cannot turn
// into escString sequences such as \N or \G.
std::string label_text(const std::string& s);

std::string candidate_label(const CandidateNode& c, bool show_component);
std::string pair_label(const PairEdge& e);
std::string agent_label(const AgentGroup& a);
std::string step_label(const PathStep& s);
std::string path_label(const SessionGraph& g);
std::string session_label(const SessionGraph& g);

}  // namespace natlab::reports::graphs
