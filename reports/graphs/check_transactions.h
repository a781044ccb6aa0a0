#pragma once
// An agent's connectivity checks as transactions, and how long each took.
// check-sent and check-response events say which pair a check was for but
// not its transaction ID; the wire does. Each check-sent event is matched to
// the request the agent put on the wire for the same local and remote
// address, which gives its transaction ID (retransmissions share it, RFC 5389
// 7.2.1). A check-response event is matched to the response of that pair that
// most recently reached the agent's host.
//
// RTT = the response's arrival at the agent (the check-response event: the
// agent handles it the moment it comes off the wire) minus the time the
// request it answers left. With retransmissions that is the last
// transmission the peer had sent its response after, not the first, so a
// lost first request does not add an RTO to the figure.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reports/checks/trace_view.h"

namespace natlab::reports::graphs {

struct CheckTransaction {
  stun::TransactionId tid{};
  std::uint32_t pair = 0;
  std::string local, remote;
  std::vector<Time> sent;  // check-sent event times: the request, then its retransmissions
};

struct CheckAnswer {
  const nlohmann::json* record = nullptr;  // the check-response event
  std::uint32_t pair = 0;
  std::optional<std::size_t> transaction;  // index into AgentChecks::transactions; nullopt: not found on the wire
  std::optional<Duration> rtt;
};

struct AgentChecks {
  std::vector<CheckTransaction> transactions;  // in order of their first request
  std::vector<CheckAnswer> answers;            // one per check-response event, in trace order
};

AgentChecks agent_checks(const checks::TraceView& trace, const std::string& agent);

}  // namespace natlab::reports::graphs
