#pragma once
// The FINGERPRINT side of an agent's dialect (MS-ICE2 3.1.4.8.2): which
// tables a connectivity check or response goes out with, and which tables an
// incoming one may match.
#include <cstdint>
#include <span>
#include <vector>

#include "agents/ice/config.h"
#include "agents/stun/integrity.h"

namespace natlab::ice {

// RFC 5389 7.3 / 15.5: a message whose FINGERPRINT does not match is not
// STUN. Whether a match with MS-ICE2's alternate table counts: for MS-ICE2
// agents and for Rfc agents with accept_alternate_fingerprint.
bool accepts_alternate_fingerprint(const AgentConfig& config);
bool fingerprint_accepted(const AgentConfig& config, stun::FingerprintMatch match);

// The tables a new check goes out with, in sending order (one datagram each).
std::vector<stun::FingerprintTable> check_tables(Dialect d);
// The tables a response to a check whose FINGERPRINT matched `request` goes
// out with: an Rfc agent answers an alternate-table check in that table, so a
// peer that knows only the alternate table can read the answer.
std::vector<stun::FingerprintTable> response_tables(const AgentConfig& config, stun::FingerprintMatch request);

// One copy of `datagram` per table, its FINGERPRINT recomputed for each.
std::vector<std::vector<std::uint8_t>> in_tables(std::span<const std::uint8_t> datagram,
                                                 const std::vector<stun::FingerprintTable>& tables);

}  // namespace natlab::ice
