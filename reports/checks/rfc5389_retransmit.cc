// RFC 5389 7.2.1: "A client SHOULD retransmit a STUN request message
// starting with an interval of RTO ("Retransmission TimeOut"), doubling after
// each retransmission ... Retransmissions continue until a response is
// received, or until a total of Rc requests have been sent. Rc SHOULD be
// configurable and SHOULD have a default of 7."
//
// The initial RTO: the agent's configured `rto` (default 500 ms, "In
// fixed-line access links, a value of 500 ms is RECOMMENDED") for gathering
// and TURN transactions. For connectivity checks RFC 5245 16.1 sets
// RTO = MAX(100 ms, Ta * N * (Waiting + In-Progress pairs)) (RFC 8445 14.3:
// MAX(500 ms, ...)); N and the pair counts are not in the trace, so checks
// are held to the floor, doubling.
#include <algorithm>

#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

// As in RFC5245-16-pacing: a packet may wait a few microseconds behind
// another on its host's link before the trace records it.
constexpr Duration kQueueSlack = std::chrono::microseconds(100);
constexpr Duration kDefaultRto = std::chrono::milliseconds(500);
constexpr int kRc = 7;

struct InitialRto {
  Duration rto{};
  const char* basis = "";
};

InitialRto initial_rto(const TraceView& trace, const SentTransaction& tx) {
  const StunOnWire& first = *tx.sends.front();
  const AgentInfo* agent = trace.node_kind(tx.node) == NodeKind::Host ? trace.agent_by_socket(tx.socket) : nullptr;
  if (first.is_ice_check()) {
    if (agent && agent->config->rfc == sim::IceProfile::Rfc8445) {
      return {std::chrono::milliseconds(500), "RFC 8445 14.3 floor for checks"};
    }
    return {std::chrono::milliseconds(100), "RFC 5245 16.1 floor for checks"};
  }
  if (agent) return {agent->config->rto, "the agent's configured rto"};
  return {kDefaultRto, "the RFC 5389 7.2.1 default"};
}

Verdict judge_rto(const TraceView& trace) {
  std::size_t transactions = 0, retransmissions = 0;
  std::optional<Duration> least_margin;
  for (const SentTransaction& tx : sent_transactions(trace, stun::Class::Request)) {
    ++transactions;
    if (tx.sends.size() < 2) continue;
    const InitialRto initial = initial_rto(trace, tx);
    Duration interval = initial.rto;
    for (std::size_t k = 1; k < tx.sends.size(); ++k, interval *= 2) {
      ++retransmissions;
      const Duration gap = tx.sends[k]->packet->t - tx.sends[k - 1]->packet->t;
      if (gap + kQueueSlack < interval) {
        return Verdict::fail("retransmission " + std::to_string(k) + " came " + ms_text(gap) +
                             " after the previous send, before the RTO of " + ms_text(interval) + " (initial " +
                             ms_text(initial.rto) + ", " + initial.basis + ", doubled after each retransmission): " +
                             trace.where(*tx.sends[k]));
      }
      const Duration margin = gap - interval;
      if (!least_margin || margin < *least_margin) least_margin = margin;
    }
  }
  if (transactions == 0) return Verdict::not_applicable("no STUN request was sent");
  if (retransmissions == 0) {
    return Verdict::not_applicable(plural(transactions, "request transaction", "request transactions") +
                                   ", none retransmitted");
  }
  return Verdict::pass(plural(transactions, "request transaction", "request transactions") + ", " +
                       plural(retransmissions, "retransmission", "retransmissions") +
                       ", none before its RTO (closest: " + ms_text(*least_margin) + " after)");
}

Verdict judge_rc(const TraceView& trace) {
  std::size_t transactions = 0, most = 0;
  for (const SentTransaction& tx : sent_transactions(trace, stun::Class::Request)) {
    ++transactions;
    most = std::max(most, tx.sends.size());
    if (tx.sends.size() > static_cast<std::size_t>(kRc)) {
      return Verdict::fail("request sent " + std::to_string(tx.sends.size()) + " times, more than Rc = 7; send " +
                           std::to_string(kRc + 1) + ": " + trace.where(*tx.sends[kRc]));
    }
  }
  if (transactions == 0) return Verdict::not_applicable("no STUN request was sent");
  return Verdict::pass(plural(transactions, "request transaction", "request transactions") + ", at most " +
                       plural(most, "send", "sends") + " each (Rc = 7)");
}

}  // namespace

Check rto_check() {
  return Check{"RFC5389-7.2.1-rto", 5389, "7.2.1",
               "A client retransmits a request no sooner than the RTO after its first send, and the RTO doubles "
               "after each retransmission; the initial RTO is the agent's configured rto (default 500 ms) for "
               "gathering and TURN, and for ICE checks at least 100 ms (RFC 5245 16.1; 500 ms under RFC 8445).",
               judge_rto};
}

Check rc_check() {
  return Check{"RFC5389-7.2.1-rc", 5389, "7.2.1",
               "A client sends a request at most Rc = 7 times in total, the first transmission included.",
               judge_rc};
}

}  // namespace natlab::reports::checks
