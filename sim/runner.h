#pragma once
// Runs one validated scenario in the simulator and returns what happened, in
// the terms of results-format.md. ns-3 is a process-wide singleton: one
// run_scenario at a time per process (`natlab run --jobs` uses processes).
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/scenario.h"
#include "sim/trace.h"

namespace natlab::sim {

struct RunOptions {
  std::string scenario_dir;              // where trace.jsonl and pcap files go; empty: write nothing
  bool pcap = false;
  std::optional<std::uint64_t> seed;     // overrides the file's seed
};

struct CandidateSummary {
  CandidateSummary() = default;
  // tcptype last and optional, so that {type, address, transport} still works.
  CandidateSummary(std::string type_name, std::string transport_address, std::string transport_name,
                   std::string tcp_type = {})
      : type(std::move(type_name)),
        address(std::move(transport_address)),
        transport(std::move(transport_name)),
        tcptype(std::move(tcp_type)) {}
  std::string type;       // host | srflx | prflx | relay
  std::string address;    // "ip:port"
  std::string transport;  // udp | tcp
  std::string tcptype;    // active | passive | so (RFC 6544 4.5); empty for UDP
  // Relayed candidates whose allocation was made over TCP (RFC 5766 2.1):
  // "tcp"; empty otherwise (TURN over UDP, or not a relayed candidate).
  std::string relay_transport;
};

struct SelectedPairSummary {
  CandidateSummary local;
  CandidateSummary remote;
};

struct SessionTimes {  // simulated ms since the start of the run; nullopt: did not happen
  std::optional<double> offer, answer, first_check, nominated, completed;
};

struct CheckStats {
  int pairs = 0;       // pairs on the controlling agent's check list
  int sent = 0;        // connectivity checks sent by both agents (retransmits included)
  std::optional<double> min_interval_ms;  // smallest gap between two checks of one agent
  int retransmits = 0;
};

struct SessionRun {
  std::string name;
  std::string outcome;  // connected | failed
  std::map<std::string, SelectedPairSummary> selected;  // agent name -> pair (absent if none)
  SessionTimes times_ms;
  CheckStats checks;
  std::map<std::string, CheckStats> checks_by_agent;
  // Media (`media: D`): datagrams sent and received per agent.
  std::map<std::string, std::pair<int, int>> media;
};

struct ScenarioRun {
  std::uint64_t seed = 1;
  std::vector<SessionRun> sessions;
  Trace trace;                 // the whole trace, for conformance checks and graphs
  std::vector<std::string> pcap_files;  // relative to scenario_dir
  std::string error;           // non-empty: the run itself failed (status "error")
};

ScenarioRun run_scenario(const Scenario& scenario, const RunOptions& options);

}  // namespace natlab::sim
