// Which CRC table each connectivity check's FINGERPRINT was computed with,
// and whether each receiver dropped the ones it must not accept.
//
// RFC 5389 15.5 defines FINGERPRINT with the CRC-32 table of ITU V.42;
// MS-ICE2 3.1.4.8.2 sends checks and responses (also) with an alternate table
// that differs in entry 0x5A. A message whose CRC never looks up that entry
// has the same FINGERPRINT under both, so the bytes tell the tables apart only
// for the others. RFC 5389 7.3: a message whose FINGERPRINT does not match is
// not STUN; an rfc agent accepts the alternate table only with
// accept_alternate_fingerprint, an ms-ice2 agent always (agents/ice/dialect.h).
#include <map>
#include <set>

#include "agents/stun/integrity.h"
#include "reports/checks/rfc5389_checks.h"
#include "reports/checks/rfc5389_messages.h"

namespace natlab::reports::checks {
namespace {

enum class Table { Standard, Alternate, Either, Neither, Absent };

Table table_of(std::span<const std::uint8_t> bytes) {
  const stun::FingerprintVerification v = stun::verify_fingerprint(bytes);
  switch (v.match) {
    case stun::FingerprintMatch::Missing: return Table::Absent;
    case stun::FingerprintMatch::None: return Table::Neither;
    case stun::FingerprintMatch::Alternate: return Table::Alternate;
    case stun::FingerprintMatch::Standard: return v.tables_agree ? Table::Either : Table::Standard;
  }
  return Table::Neither;
}

bool accepts(const AgentInfo& a, Table t) {
  switch (t) {
    case Table::Standard:
    case Table::Either:
    case Table::Absent: return true;
    case Table::Alternate:
      return a.config != nullptr &&
             (a.config->dialect != sim::Dialect::Rfc || a.config->accept_alternate_fingerprint);
    case Table::Neither: return false;
  }
  return false;
}

struct Tally {
  std::size_t standard = 0, alternate = 0, either = 0, neither = 0, absent = 0;
  void add(Table t) {
    switch (t) {
      case Table::Standard: ++standard; break;
      case Table::Alternate: ++alternate; break;
      case Table::Either: ++either; break;
      case Table::Neither: ++neither; break;
      case Table::Absent: ++absent; break;
    }
  }
  std::string describe() const {
    std::string out;
    auto part = [&](std::size_t n, const char* what) {
      if (n == 0) return;
      out += (out.empty() ? "" : ", ") + std::to_string(n) + " " + what;
    };
    part(standard, "standard table (RFC 5389 15.5)");
    part(alternate, "MS-ICE2 alternate table (3.1.4.8.2)");
    part(either, "either table (CRC never reads entry 0x5A)");
    part(neither, "neither table");
    part(absent, "without FINGERPRINT");
    return out;
  }
};

Verdict judge_fingerprint_tables(const TraceView& trace) {
  // What each agent sent, by table, in trace order of agents.
  std::map<std::string, Tally> sent;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (!m.is_ice_check() || !original_send(trace, m)) continue;
    const AgentInfo* from = trace.agent_by_socket(m.packet->src);
    sent[from ? from->name : sender_node(m)].add(table_of(m.bytes));
  }
  if (sent.empty()) return Verdict::not_applicable("no connectivity checks were sent");

  // Per receiver and transaction: whether some copy it received carried a
  // FINGERPRINT it accepts, and the first copy it had to drop.
  struct Receipt {
    bool acceptable = false;
    const StunOnWire* dropped = nullptr;
  };
  std::map<std::pair<std::string, stun::TransactionId>, Receipt> received;
  for (const StunOnWire& m : trace.received_stun()) {
    if (!m.is_ice_check() || !final_receipt(trace, m)) continue;
    const AgentInfo* to = trace.agent_by_socket(m.packet->dst);
    if (!to) continue;
    Receipt& r = received[{to->name, m.message.transaction_id}];
    if (accepts(*to, table_of(m.bytes))) r.acceptable = true;
    else if (!r.dropped) r.dropped = &m;
  }
  std::size_t dropped = 0;
  for (const auto& [key, r] : received)
    if (!r.acceptable && r.dropped) ++dropped;
  // RFC 5389 7.3: such a check is not STUN, so no response may answer it.
  for (const StunOnWire& m : trace.sent_stun()) {
    if (m.message.cls == stun::Class::Request || m.message.cls == stun::Class::Indication) continue;
    if (!original_send(trace, m)) continue;
    const AgentInfo* from = trace.agent_by_socket(m.packet->src);
    if (!from) continue;
    auto it = received.find({from->name, m.message.transaction_id});
    if (it == received.end() || it->second.acceptable || !it->second.dropped) continue;
    const Table t = table_of(it->second.dropped->bytes);
    return Verdict::fail(from->name + " answered a check whose FINGERPRINT matches " +
                         (t == Table::Alternate ? "only MS-ICE2's alternate table, which it does not accept"
                                                : "no CRC table") +
                         " (RFC 5389 7.3: not STUN, so dropped): the check at " + trace.where(*it->second.dropped) +
                         "; the answer at " + trace.where(m));
  }

  std::string detail;
  for (const auto& [agent, tally] : sent) {
    const std::size_t n = tally.standard + tally.alternate + tally.either + tally.neither + tally.absent;
    detail += (detail.empty() ? "" : "; ") + agent + ": " + plural(n, "check", "checks") + ", " + tally.describe();
  }
  if (dropped > 0) detail += "; " + plural(dropped, "check", "checks") + " dropped unanswered for its FINGERPRINT";
  return Verdict::pass(detail);
}

}  // namespace

Check fingerprint_tables_check() {
  return Check{"RFC5389-7.3-fingerprint-tables", 5389, "7.3",
               "An agent answers a connectivity check only if its FINGERPRINT matches a CRC table the agent "
               "accepts: RFC 5389 15.5's, or also MS-ICE2 3.1.4.8.2's alternate table for ms-ice2 agents and "
               "agents with accept_alternate_fingerprint; any other check is not STUN and is dropped. The detail "
               "counts each agent's checks by the table their FINGERPRINT matches.",
               judge_fingerprint_tables};
}

}  // namespace natlab::reports::checks
