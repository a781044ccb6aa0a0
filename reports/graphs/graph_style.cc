#include "reports/graphs/graph_style.h"

#include <cstdio>

namespace natlab::reports::graphs {

Look candidate_look(const std::string& type) {
  if (type == "host") return {"box", "#cfe2f3"};      // light blue
  if (type == "srflx") return {"ellipse", "#d9ead3"}; // light green
  if (type == "prflx") return {"diamond", "#fff2cc"}; // light yellow
  if (type == "relay") return {"hexagon", "#f4cccc"}; // light red
  return {"plaintext", "#ffffff"};
}

Look step_look(StepKind kind) {
  switch (kind) {
    case StepKind::Host: return {"box3d", "#eeeeee"};
    case StepKind::Nat: return {"octagon", "#fce5cd"};
    case StepKind::Server: return {"cylinder", "#d9d2e9"};
  }
  return {"box", "#ffffff"};
}

const char* state_colour(const std::string& pair_state) {
  if (pair_state == "succeeded") return "#38761d";    // green
  if (pair_state == "failed") return "#cc0000";       // red
  if (pair_state == "in-progress") return "#e69138";  // orange: the run ended with the check outstanding
  return "#999999";                                   // waiting / frozen
}

std::string label_text(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\') out += '\\';
    out += c;
  }
  return out;
}

namespace {

std::string ms(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

}  // namespace

std::string candidate_label(const CandidateNode& c, bool show_component) {
  std::string l = c.type + " " + c.address;
  // RFC 6544 4.5: an ICE-TCP candidate shows its transport and tcptype.
  if (c.transport != "udp") l += "\\n" + c.transport + (c.tcptype.empty() ? "" : " " + c.tcptype);
  if (show_component) l += "\\ncomponent " + std::to_string(c.component);
  l += "\\nprio " + (c.priority ? std::to_string(*c.priority) : std::string("?"));
  if (c.learned_by_peer_only) l += "\\n(learned by the peer only)";
  return l;
}

std::string pair_label(const PairEdge& e) {
  std::string l = label_text(e.agent);
  if (!e.valid_pair_only) {
    l += " #" + std::to_string(e.pair);
  } else {
    l += " valid pair";
    if (e.pair) l += " #" + std::to_string(e.pair);
    l += e.generated_by ? ", from check of #" + std::to_string(e.generated_by) : std::string(", check not found");
  }
  l += "\\nprio " + (e.priority ? std::to_string(*e.priority) : std::string("?"));
  if (!e.valid_pair_only) {
    l += "\\n" + e.state + ", " + std::to_string(e.checks_sent) + (e.checks_sent == 1 ? " check" : " checks");
    if (!e.rtt_ms.empty()) {
      l += ", rtt ";
      for (std::size_t i = 0; i < e.rtt_ms.size(); ++i) l += (i ? "/" : "") + ms(e.rtt_ms[i]);
      l += " ms";
    }
  }
  if (e.nominated) l += "\\nNOMINATED";
  if (e.selected) l += "\\nSELECTED";
  return l;
}

std::string agent_label(const AgentGroup& a) {
  return label_text(a.name) + " (" + a.role + ") on " + label_text(a.host) + "\\n" + std::to_string(a.pairs_on_list) +
         (a.pairs_on_list == 1 ? " pair" : " pairs") + " on its check list";
}

std::string step_label(const PathStep& s) {
  std::string l = label_text(s.name) + "\\n" + label_text(s.detail);
  for (const auto& c : s.candidates) l += "\\n" + c;
  return l;
}

std::string path_label(const SessionGraph& g) {
  if (g.path_agent.empty()) return "no pair selected";
  return "path of " + label_text(g.path_agent) + "'s selected pair " + g.path_local + " -> " + g.path_remote;
}

std::string session_label(const SessionGraph& g) { return "session " + label_text(g.session) + ": " + g.outcome; }

}  // namespace natlab::reports::graphs
