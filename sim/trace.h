#pragma once
// The run's trace: one time-ordered stream of records (packets on wires, NAT
// decisions, agent events), written as JSON Lines. Records arrive in simulation
// order, so the file is ordered by time; keys are sorted, so the bytes depend
// only on the scenario and seed.
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "common/time.h"

namespace natlab::sim {

class Trace {
 public:
  // kind: "packet", "nat", "agent", ...; fields are merged into the record.
  void record(Time at, const char* kind, nlohmann::json fields);
  const std::vector<nlohmann::json>& records() const { return records_; }
  std::size_t size() const { return records_.size(); }
  // Writes one JSON object per line.
  void write_jsonl(const std::string& path) const;
  std::string to_jsonl() const;

 private:
  std::vector<nlohmann::json> records_;
};

}  // namespace natlab::sim
