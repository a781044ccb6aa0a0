// RFC 4787 4.1: which outbound packets share a mapping. With X1':x1' the
// external endpoint for a packet from X:x to Y1:y1 and X2':x2' the one to
// Y2:y2: endpoint-independent, X1':x1' equals X2':x2' for every Y2:y2;
// address-dependent, "if and only if Y2 equals Y1"; address-and-port-
// dependent, "if and only if Y2:y2 equals Y1:y1" — while the mapping lives.
#include <map>

#include "reports/checks/rfc4787_checks.h"
#include "reports/checks/rfc4787_nat_replay.h"

namespace natlab::reports::checks {
namespace {

std::string toward(const std::optional<Endpoint>& key) {
  if (!key) return "any destination";
  return key->port == 0 ? key->address.to_string() : key->to_string();
}

Verdict judge_mapping(const TraceView& trace) {
  std::string summary;
  for (const sim::NatBox* nat : translating_nats(trace)) {
    NatReplay replay(*nat);
    int translations = 0, mappings = 0;
    for (const NatRecord& r : nat_records_in_order(trace, nat->name)) {
      const bool outward = r.direction == "outbound" || r.direction == "hairpin";
      if (r.action == "translate" && outward) {
        ++translations;
        const std::string packet = r.before_src.to_string() + " -> " + r.before_dst.to_string() + " left as " +
                                   r.after_src.to_string() + " (" + trace.where_record(*r.json) + ")";
        const NatMapping* expected = replay.expected_mapping(r);
        if (expected && expected->external != r.after_src) {
          return Verdict::fail(nat->name + " (" + nat::to_string(nat->config.mapping) + " mapping): " + packet +
                               ", but its live mapping of " + r.before_src.to_string() + " toward " +
                               toward(expected->key_remote) + " is " + expected->external.to_string() + " (made " +
                               trace.where_record(*expected->created_by) + ")");
        }
        if (!expected) {
          // A new key must get a new external endpoint: the "only if".
          for (const NatMapping& m : replay.live()) {
            if (m.proto != r.proto || m.internal != r.before_src || m.external != r.after_src) continue;
            return Verdict::fail(nat->name + " (" + nat::to_string(nat->config.mapping) + " mapping): " + packet +
                                 ", reusing the mapping made toward " + toward(m.key_remote) + " (" +
                                 trace.where_record(*m.created_by) + ") for a destination it keys apart");
          }
        }
      }
      if (replay.apply(r)) ++mappings;
    }
    if (translations == 0) continue;
    if (!summary.empty()) summary += "; ";
    summary += nat->name + " (" + nat::to_string(nat->config.mapping) + "): " + std::to_string(translations) +
               " outbound translations through " + std::to_string(mappings) + " mappings";
  }
  if (summary.empty()) return Verdict::not_applicable("no NAT translated an outbound packet");
  return Verdict::pass(summary);
}

}  // namespace

Check mapping_behaviour_check() {
  return Check{"RFC4787-4.1-mapping-behaviour", 4787, "4.1",
               "A NAT reuses a live mapping exactly as its configured mapping behaviour says: endpoint-independent "
               "for every destination, address-dependent only toward the same destination address, address-and-"
               "port-dependent only toward the same destination address and port.",
               judge_mapping};
}

}  // namespace natlab::reports::checks
