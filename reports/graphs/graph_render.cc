#include "reports/graphs/graph_render.h"

#include <cgraph.h>
#include <gvc.h>

#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <tuple>

#include "reports/graphs/cgraph_ids.h"
#include "reports/graphs/graph_style.h"
#include "reports/graphs/session_scope.h"

namespace natlab::reports::graphs {

namespace {

// cgraph's API takes char* for strings it only reads.
char* cs(const std::string& s) { return const_cast<char*>(s.c_str()); }
char* cs(const char* s) { return const_cast<char*>(s); }

void set(void* obj, const char* name, const std::string& value) { agsafeset(obj, cs(name), cs(value), cs("")); }

// Graphviz reports problems through a callback instead of stderr while a
// graph is drawn, so that a failure can say what went wrong in one warning.
std::string* g_messages = nullptr;
int collect_message(char* text) {
  if (g_messages && text) *g_messages += text;
  return 0;
}

class MessageCapture {
 public:
  MessageCapture() : previous_(agseterrf(collect_message)) { g_messages = &text_; }
  ~MessageCapture() {
    agseterrf(previous_);
    g_messages = nullptr;
  }
  MessageCapture(const MessageCapture&) = delete;
  MessageCapture& operator=(const MessageCapture&) = delete;
  std::string text() const {
    std::string t = text_;
    while (!t.empty() && (t.back() == '\n' || t.back() == ' ')) t.pop_back();
    return t.empty() ? "no message from Graphviz" : t;
  }

 private:
  std::string text_;
  agusererrf previous_;
};

struct GraphDeleter {
  void operator()(Agraph_t* g) const { agclose(g); }
};
using GraphPtr = std::unique_ptr<Agraph_t, GraphDeleter>;

// One Graphviz context for the whole process, never freed. Graphviz 2.42's
// pango text-layout plugin remembers, in a static, a pointer to the last font
// name it measured, which the context owns: after gvFreeContext the next
// context's first label compares against freed memory (AddressSanitizer:
// heap-use-after-free in pango_textlayout). With one context the name stays
// alive. `dot` itself also lays out every graph with one context.
GVC_t* context() {
  static GVC_t* gvc = gvContext();
  return gvc;
}

class Builder {
 public:
  // A session's agent clusters, pair edges and path cluster inside `parent`;
  // every name starts with `prefix` so that sessions never share a node.
  void add_session(Agraph_t* parent, const SessionGraph& s, const std::string& prefix) {
    NodeMap nodes;
    for (std::size_t j = 0; j < s.agents.size(); ++j) {
      const AgentGroup& a = s.agents[j];
      const std::string name = prefix + "a" + std::to_string(j);
      Agraph_t* cluster = agsubg(parent, cs("cluster_" + name), 1);
      set(cluster, "label", agent_label(a));
      set(cluster, "style", "rounded");
      bool components = false;
      for (const auto& c : a.candidates) components = components || c.component != 1;
      for (std::size_t k = 0; k < a.candidates.size(); ++k) {
        const CandidateNode& c = a.candidates[k];
        Agnode_t* n = agnode(cluster, cs(name + "_c" + std::to_string(k)), 1);
        const Look look = candidate_look(c.type);
        set(n, "shape", look.shape);
        set(n, "fillcolor", look.fill);
        set(n, "style", c.learned_by_peer_only ? "filled,dashed" : "filled");
        set(n, "label", candidate_label(c, components));
        nodes[{c.agent, c.component, transport_key(c.transport, c.address)}] = n;
      }
    }
    const std::string controlling = s.agents.empty() ? std::string() : s.agents.front().name;
    for (std::size_t k = 0; k < s.pairs.size(); ++k) {
      const PairEdge& e = s.pairs[k];
      const std::string peer = peer_of(s, e.agent);
      auto local = node(parent, nodes, e.agent, e.component, transport_key(e.transport, e.local),
                        prefix + "x" + std::to_string(2 * k));
      auto remote = node(parent, nodes, peer, e.component, transport_key(e.transport, e.remote),
                         prefix + "x" + std::to_string(2 * k + 1));
      // Ranks run from the controlling agent to the controlled one: the
      // controlled agent's pairs are laid out that way too and drawn with
      // the arrow reversed, so that they still point from local to remote.
      const bool reversed = e.agent != controlling;
      Agedge_t* edge = agedge(parent, reversed ? remote : local, reversed ? local : remote,
                              cs(prefix + "e" + std::to_string(k)), 1);
      if (reversed) set(edge, "dir", "back");
      const bool bold = e.selected || e.nominated;
      set(edge, "label", pair_label(e));
      set(edge, "color", state_colour(e.state));
      set(edge, "fontcolor", state_colour(e.state));
      set(edge, "penwidth", bold ? "3" : "1");
      set(edge, "style", bold ? "bold" : (e.valid_pair_only ? "dashed" : "solid"));
    }
    add_path(parent, s, prefix);
  }

 private:
  static std::string peer_of(const SessionGraph& s, const std::string& agent) {
    for (const auto& a : s.agents)
      if (a.name != agent) return a.name;
    return agent;
  }

  // An edge's end that is not a candidate of the model: drawn plain, outside the clusters.
  // (agent, component, transport_key(transport, address))
  using NodeMap = std::map<std::tuple<std::string, int, std::string>, Agnode_t*>;

  static Agnode_t* node(Agraph_t* parent, NodeMap& nodes, const std::string& agent, int component,
                        const std::string& address, const std::string& name) {
    auto it = nodes.find({agent, component, address});
    if (it != nodes.end()) return it->second;
    Agnode_t* n = agnode(parent, cs(name), 1);
    set(n, "shape", "plaintext");
    set(n, "style", "solid");
    set(n, "label", label_text(agent) + " " + address);
    nodes[{agent, component, address}] = n;
    return n;
  }

  void add_path(Agraph_t* parent, const SessionGraph& s, const std::string& prefix) {
    Agraph_t* cluster = agsubg(parent, cs("cluster_" + prefix + "path"), 1);
    set(cluster, "label", path_label(s));
    set(cluster, "style", "dashed");
    if (s.path.empty()) {
      Agnode_t* n = agnode(cluster, cs(prefix + "p0"), 1);
      set(n, "shape", "plaintext");
      set(n, "style", "solid");
      set(n, "label", "no pair selected");
      return;
    }
    Agnode_t* previous = nullptr;
    for (std::size_t i = 0; i < s.path.size(); ++i) {
      const PathStep& step = s.path[i];
      Agnode_t* n = agnode(cluster, cs(prefix + "p" + std::to_string(i)), 1);
      const Look look = step_look(step.kind);
      set(n, "shape", look.shape);
      set(n, "fillcolor", look.fill);
      set(n, "style", "filled");
      set(n, "label", step_label(step));
      if (previous) {
        Agedge_t* e = agedge(cluster, previous, n, cs(prefix + "pe" + std::to_string(i)), 1);
        set(e, "color", "#1155cc");
        set(e, "penwidth", "2");
      }
      previous = n;
    }
  }
};

GraphPtr new_root(const std::string& label) {
  // gvContext() declares the default node label "\N" for every graph opened
  // after it; the context comes first so that every graph gets it, and the
  // first graph of a process writes the same DOT as the later ones.
  if (!context()) throw RenderError("Graphviz could not start");
  GraphPtr g(agopen(cs("natlab"), Agdirected, creation_order_disc()));
  if (!g) throw RenderError("Graphviz could not create a graph");
  agattr(g.get(), AGRAPH, cs("rankdir"), cs("LR"));
  agattr(g.get(), AGRAPH, cs("labelloc"), cs("t"));
  agattr(g.get(), AGRAPH, cs("fontname"), cs("Helvetica"));
  agattr(g.get(), AGRAPH, cs("fontsize"), cs("12"));
  agattr(g.get(), AGNODE, cs("fontname"), cs("Helvetica"));
  agattr(g.get(), AGNODE, cs("fontsize"), cs("10"));
  agattr(g.get(), AGEDGE, cs("fontname"), cs("Helvetica"));
  agattr(g.get(), AGEDGE, cs("fontsize"), cs("9"));
  set(g.get(), "label", label);
  return g;
}

std::string write_dot(Agraph_t* g) {
  char* buffer = nullptr;
  std::size_t size = 0;
  FILE* f = open_memstream(&buffer, &size);
  if (!f) throw RenderError("no memory for the DOT text");
  const int rc = agwrite(g, f);
  std::fclose(f);
  std::string out(buffer ? buffer : "", size);
  std::free(buffer);
  if (rc != 0) throw RenderError("Graphviz could not write DOT");
  return out;
}

Rendered render(Agraph_t* g, const MessageCapture& messages) {
  Rendered out;
  out.dot = write_dot(g);
  GVC_t* gvc = context();
  if (!gvc) throw RenderError("Graphviz could not start: " + messages.text());
  if (gvLayout(gvc, g, "dot") != 0) throw RenderError("Graphviz layout failed: " + messages.text());
  char* data = nullptr;
  unsigned int length = 0;
  const int rc = gvRenderData(gvc, g, "svg", &data, &length);
  if (rc == 0 && data) out.svg.assign(data, length);
  if (data) gvFreeRenderData(data);
  gvFreeLayout(gvc, g);
  if (rc != 0 || out.svg.empty()) throw RenderError("Graphviz could not render SVG: " + messages.text());
  return out;
}

}  // namespace

Rendered render_session(const std::string& scenario, const SessionGraph& session) {
  MessageCapture messages;
  GraphPtr g = new_root(label_text(scenario) + "\\n" + session_label(session));
  Builder().add_session(g.get(), session, "s0_");
  return render(g.get(), messages);
}

Rendered render_scenario(const ScenarioGraph& graph) {
  if (graph.sessions.size() == 1) return render_session(graph.scenario, graph.sessions.front());
  MessageCapture messages;
  GraphPtr g = new_root(label_text(graph.scenario));
  Builder builder;
  for (std::size_t i = 0; i < graph.sessions.size(); ++i) {
    const std::string prefix = "s" + std::to_string(i) + "_";
    Agraph_t* cluster = agsubg(g.get(), cs("cluster_" + prefix + "session"), 1);
    set(cluster, "label", session_label(graph.sessions[i]));
    builder.add_session(cluster, graph.sessions[i], prefix);
  }
  return render(g.get(), messages);
}

}  // namespace natlab::reports::graphs
