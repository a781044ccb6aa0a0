#pragma once
// The path-selection graph of an ICE session as plain data (docs/graphs.md):
// both agents' candidates, every candidate pair an agent checked with what
// happened to it, and the way the selected pair's packets take through the
// scenario's hosts, NATs and TURN servers. Built from the trace alone
// (graph_builder.h); drawn by graph_render.h. Tests read this model, not SVG.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace natlab::reports::graphs {

struct CandidateNode {
  std::string agent;    // whose candidate
  int component = 1;
  std::string type;     // host | srflx | prflx | relay
  std::string address;  // "ip:port"
  std::optional<std::uint32_t> priority;
  // Not a candidate the agent gathered itself: a peer-reflexive address its
  // peer learned from a check (RFC 5245 7.2.1.3) that it never knew as its own.
  bool learned_by_peer_only = false;
  // "udp" or "tcp"; a UDP and a TCP candidate may share an address and are
  // two nodes. tcptype (RFC 6544 4.5: active, passive, so) for TCP ones; an
  // active candidate's address has port 9, the port it signals.
  std::string transport = "udp";
  std::string tcptype;
};

struct PairEdge {
  std::string agent;  // whose check list the pair is on; edges run local -> remote
  std::uint32_t pair = 0;  // the agent's own pair number (trace `pair`)
  int component = 1;
  std::string local, remote;  // candidate addresses
  // "udp" or "tcp" (an ICE-TCP pair, RFC 6544). Pair events name no
  // transport: a pair is TCP when both ends have TCP candidates whose
  // tcptypes pair (RFC 6544 6.2) and no UDP candidates that would pair too.
  std::string transport = "udp";
  std::optional<std::uint64_t> priority;  // RFC 5245 5.7.2, from both candidates' priorities and the roles
  std::string state;          // the last pair-state the agent reported
  int checks_sent = 0;        // check-sent events, retransmissions included
  // Per answered transaction, in trace order: the response's arrival at the
  // agent minus when the request it answers left (see check_transactions.h).
  std::vector<double> rtt_ms;
  bool nominated = false;
  bool selected = false;
  // Not a checked pair but the valid pair a check produced (RFC 5245
  // 7.1.3.2.2): its local candidate is the mapped address of the successful
  // check on pair `generated_by`, e.g. a peer-reflexive one; `pair` is its own
  // number when a nominated event named it, else 0. Drawn when selected.
  bool valid_pair_only = false;
  std::uint32_t generated_by = 0;
};

enum class StepKind { Host, Nat, Server };
const char* to_string(StepKind k);  // "host" | "nat" | "server"

// One node on the selected pair's way from the agent to its peer.
struct PathStep {
  StepKind kind = StepKind::Host;
  std::string name;    // the scenario's node name
  std::string detail;  // the host's address; the NAT's type and public address; the server's address
  // The selected pair's candidates whose address is on this node:
  // "local relay 203.0.113.10:49152", "remote prflx 198.51.100.2:40013".
  std::vector<std::string> candidates;
};

struct AgentGroup {
  std::string name;
  std::string role;  // controlling | controlled (after any role conflict)
  std::string host;
  std::vector<CandidateNode> candidates;  // sorted by component, type, address
  int pairs_on_list = 0;  // distinct pairs the agent reported a state for
};

struct SessionGraph {
  std::string session;
  std::string outcome;              // connected | failed (both agents selected a pair)
  std::vector<AgentGroup> agents;   // controlling first
  std::vector<PairEdge> pairs;      // checked pairs (and selected valid pairs), by agent (controlling first) then pair number
  std::string path_agent;           // whose selected pair (component 1) `path` follows; empty: none selected
  std::string path_local, path_remote;
  std::vector<PathStep> path;
};

struct ScenarioGraph {
  std::string scenario;               // the scenario's name
  std::vector<SessionGraph> sessions; // in file order
};

}  // namespace natlab::reports::graphs
