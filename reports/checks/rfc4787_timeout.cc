// RFC 4787 4.3: a UDP mapping expires when it has been idle for the NAT's
// mapping timer. REQ-5: the timer "MUST NOT expire in less than two minutes"
// (natlab's default is 120 s; a scenario may configure a shorter one to
// model a non-conforming NAT, and is then judged against what it asked for).
// REQ-6: outbound packets refresh the timer; inbound ones only if the NAT is
// configured to (refresh_on_inbound). So: each mapping-expired record comes
// exactly one timeout after the mapping's last refresh — not earlier, not
// later — and no mapping idle for a whole timeout outlives the run.
#include "reports/checks/rfc4787_checks.h"
#include "reports/checks/rfc4787_nat_replay.h"

namespace natlab::reports::checks {
namespace {

constexpr Duration kReq5Minimum = std::chrono::minutes(2);

std::string secs(Duration d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9g s", static_cast<double>(d.count()) / 1e9);
  return buf;
}

Verdict judge_timeout(const TraceView& trace) {
  const Time run_end = trace.scenario().duration;
  std::string summary;
  for (const sim::NatBox* nat : translating_nats(trace)) {
    const Duration timeout = nat->config.mapping_timeout;
    NatReplay replay(*nat);
    int mappings = 0, expiries = 0;
    for (const NatRecord& r : nat_records_in_order(trace, nat->name)) {
      if (r.action == "mapping-expired") {
        const NatMapping* m = replay.by_external(r.proto, r.external);
        if (!m) {
          return Verdict::fail(nat->name + " expired a mapping to " + r.external.to_string() +
                               " that it did not hold: " + trace.where_record(*r.json));
        }
        const Time due = m->last_refresh + timeout;
        if (r.t != due) {
          return Verdict::fail(nat->name + " expired the mapping " + m->internal.to_string() + " -> " +
                               m->external.to_string() + " " + (r.t < due ? "early" : "late") + " at " +
                               TraceView::format_time(r.t) + ": last refreshed at " +
                               TraceView::format_time(m->last_refresh) + ", its timer of " + secs(timeout) +
                               " runs out at " + TraceView::format_time(due) + " (" + trace.where_record(*r.json) + ")");
        }
        ++expiries;
      }
      if (replay.apply(r)) ++mappings;
    }
    for (const NatMapping& m : replay.live()) {
      if (m.last_refresh + timeout >= run_end) continue;
      return Verdict::fail(nat->name + " kept the mapping " + m.internal.to_string() + " -> " + m.external.to_string() +
                           " past " + TraceView::format_time(m.last_refresh + timeout) + ", " + secs(timeout) +
                           " after its last refresh at " + TraceView::format_time(m.last_refresh) +
                           ": no mapping-expired record by the end of the run");
    }
    if (mappings == 0) continue;
    if (!summary.empty()) summary += "; ";
    summary += nat->name + ": " + std::to_string(mappings) + " mappings, " + std::to_string(expiries) +
               " expired exactly " + secs(timeout) + " after their last refresh";
    if (timeout < kReq5Minimum) summary += " (configured below RFC 4787 REQ-5's 2 minutes)";
  }
  if (summary.empty()) return Verdict::not_applicable("no NAT made a mapping");
  return Verdict::pass(summary);
}

}  // namespace

Check mapping_timeout_check() {
  return Check{"RFC4787-4.3-mapping-timeout", 4787, "4.3",
               "A NAT mapping expires exactly when it has been idle for the configured mapping timeout (120 s by "
               "default, REQ-5's two-minute minimum), counted from the last outbound packet (and inbound one, if "
               "so configured): never earlier, never later.",
               judge_timeout};
}

}  // namespace natlab::reports::checks
