// RFC 4787 4.2.1: which external port a new mapping gets. REQ-3: "A NAT
// MUST NOT have a 'Port assignment' behavior of 'Port overloading'" — no
// port a live mapping holds. Beyond that, the policy the scenario configures
// (nats[].port_allocation, docs/scenario-format.md): `preserve` keeps the
// internal port when it is free, else takes the next free one above it;
// `sequential` counts on from the last port handed out; `random` only
// promises REQ-3. Ports come from the NAT's range, on its public address.
#include <map>
#include <set>

#include "reports/checks/rfc4787_checks.h"
#include "reports/checks/rfc4787_nat_replay.h"

namespace natlab::reports::checks {
namespace {

// The first port at or above `from` (wrapping inside [min, max]) that no
// live mapping holds.
std::optional<std::uint16_t> next_free(std::uint32_t from, std::uint16_t min, std::uint16_t max,
                                       const std::set<std::uint16_t>& held) {
  if (from < min || from > max) from = min;
  const std::uint32_t size = std::uint32_t{max} - min + 1;
  for (std::uint32_t i = 0; i < size; ++i) {
    const auto p = static_cast<std::uint16_t>(min + (from - min + i) % size);
    if (!held.contains(p)) return p;
  }
  return std::nullopt;
}

Verdict judge_port_assignment(const TraceView& trace) {
  std::string summary;
  for (const sim::NatBox* nat : translating_nats(trace)) {
    const nat::Config& cfg = nat->config;
    NatReplay replay(*nat);
    std::map<std::string, std::uint16_t> last;  // per protocol, for `sequential`
    int created = 0, preserved = 0;
    for (const NatRecord& r : nat_records_in_order(trace, nat->name)) {
      auto m = replay.apply(r);
      if (!m) continue;
      ++created;
      const std::string what = nat->name + " mapped " + m->internal.to_string() + " to " + m->external.to_string() +
                               " (" + trace.where_record(*m->created_by) + ")";
      std::set<std::uint16_t> held;  // ports of the other live mappings of this protocol
      for (const NatMapping& other : replay.live())
        if (other.id != m->id && other.proto == m->proto) held.insert(other.external.port);
      if (m->external.address != cfg.public_address) {
        return Verdict::fail(what + ", not on its public address " + cfg.public_address.to_string());
      }
      if (held.contains(m->external.port)) {
        return Verdict::fail(what + ": port " + std::to_string(m->external.port) +
                             " is held by another live mapping (port overloading, RFC 4787 REQ-3)");
      }
      if (m->external.port < cfg.port_min || m->external.port > cfg.port_max) {
        return Verdict::fail(what + ": port outside its range " + std::to_string(cfg.port_min) + "-" +
                             std::to_string(cfg.port_max));
      }
      std::optional<std::uint16_t> expected;
      if (cfg.port_allocation == nat::PortAllocation::Preserve) {
        expected = next_free(m->internal.port, cfg.port_min, cfg.port_max, held);
      } else if (cfg.port_allocation == nat::PortAllocation::Sequential) {
        auto l = last.find(m->proto);
        expected = next_free(l == last.end() ? cfg.port_min : std::uint32_t{l->second} + 1, cfg.port_min,
                             cfg.port_max, held);
      }
      if (expected && *expected != m->external.port) {
        return Verdict::fail(what + ": with port allocation " + nat::to_string(cfg.port_allocation) +
                             " the port should have been " + std::to_string(*expected));
      }
      preserved += m->external.port == m->internal.port;
      last[m->proto] = m->external.port;
    }
    if (created == 0) continue;
    if (!summary.empty()) summary += "; ";
    summary += nat->name + " (" + nat::to_string(cfg.port_allocation) + "): " + std::to_string(created) +
               " mappings, " + std::to_string(preserved) + " keeping the internal port, none overloading a port";
  }
  if (summary.empty()) return Verdict::not_applicable("no NAT made a mapping");
  return Verdict::pass(summary);
}

}  // namespace

Check port_assignment_check() {
  return Check{"RFC4787-4.2.1-port-assignment", 4787, "4.2.1",
               "A NAT gives a new mapping a port of its public address that no live mapping holds (no port "
               "overloading, REQ-3), chosen as its port allocation says (preserve: the internal port if free, else "
               "the next free one; sequential: the next free after the last one).",
               judge_port_assignment};
}

}  // namespace natlab::reports::checks
