#pragma once
// Draws the path-selection graph model with Graphviz, used as a library
// (libcgraph builds the graph, libgvc lays it out with `dot` and renders SVG):
// no `dot` process is started. Nodes and edges are created in the model's
// order and named by position, so the same model gives the same bytes.
#include <stdexcept>
#include <string>

#include "reports/graphs/graph_model.h"

namespace natlab::reports::graphs {

struct Rendered {
  std::string dot;  // the graph as DOT, before layout: `dot -Tsvg graph.dot` draws it again
  std::string svg;
};

// Graphviz refused the graph; what() carries its messages.
class RenderError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// One session, drawn on its own.
Rendered render_session(const std::string& scenario, const SessionGraph& session);
// Every session of the scenario; with more than one, each in a cluster of its own.
Rendered render_scenario(const ScenarioGraph& graph);

}  // namespace natlab::reports::graphs
