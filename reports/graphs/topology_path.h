#pragma once
// The way a selected pair's packets take through the scenario: from the
// agent's host up through its NATs, to the TURN server of a relayed local
// candidate, to the TURN server of a relayed remote candidate, and down
// through the peer's NATs to the peer's host. Between two of those points
// packets climb to the nearest NAT (or the internet) both sit behind and
// descend from there: two hosts behind one NAT meet at that NAT.
#include <string>
#include <vector>

#include "reports/graphs/graph_model.h"
#include "sim/scenario.h"

namespace natlab::reports::graphs {

struct PathEnd {
  std::string host;       // the scenario host the agent runs on
  std::string type;       // the candidate's type
  std::string address;    // the candidate's address, "ip:port"
};

// `local` is the selecting agent's end, `remote` its peer's.
std::vector<PathStep> topology_path(const sim::Scenario& scenario, const PathEnd& local, const PathEnd& remote);

}  // namespace natlab::reports::graphs
