#pragma once
// `natlab nat-test`: one host behind one simulated NAT runs RFC 5780 behaviour
// discovery against a STUN server with two addresses, over simulated packets.
// The answer is what the discovery protocol observed, never the configuration
// read back, which makes it an independent oracle for the NAT model and its
// ns-3 glue.
#include <cstdint>
#include <optional>
#include <string>

#include "nat_models/nat.h"

namespace natlab::sim {

struct NatTestResult {
  std::string mapping;    // RFC 4787 names, or "unknown"
  std::string filtering;
  std::optional<bool> hairpinning;
  bool nat_detected = false;
  std::optional<std::string> error;
  std::string mapped_address;  // test I's XOR-MAPPED-ADDRESS
  double finished_ms = 0;      // simulated time the discovery took
};

// `cfg.public_address` is filled in by the test topology.
NatTestResult run_nat_test(nat::Config cfg, std::uint64_t seed = 1);

// {"mapping": ..., "filtering": ..., "hairpinning": ...}; verbose adds
// nat_detected, mapped_address, finished_ms and error.
std::string to_json(const NatTestResult& r, bool verbose = false);

}  // namespace natlab::sim
