// RFC 4787 5: which inbound packets a mapping admits. Endpoint-independent
// filtering admits any external endpoint; address-dependent only addresses
// the inside endpoint has sent to through that mapping; address-and-port-
// dependent only the exact addresses and ports (REQ-8 describes the choice).
// A packet to a public port without a live mapping is dropped. So an
// inbound packet is translated — to the mapping's internal endpoint — if and
// only if the configured rule admits it. Hairpinned packets (REQ-9) are
// judged the same way against the target's mapping, the source being the
// sender's external endpoint.
#include "reports/checks/rfc4787_checks.h"
#include "reports/checks/rfc4787_nat_replay.h"

namespace natlab::reports::checks {
namespace {

std::string contacted(const NatMapping& m) {
  std::string s;
  for (const auto& e : m.contacted) s += (s.empty() ? "" : ", ") + e.to_string();
  return s.empty() ? "nothing" : s;
}

Verdict judge_filtering(const TraceView& trace) {
  std::string summary;
  for (const sim::NatBox* nat : translating_nats(trace)) {
    NatReplay replay(*nat);
    int admitted = 0, refused = 0;
    for (const NatRecord& r : nat_records_in_order(trace, nat->name)) {
      std::optional<Endpoint> remote;  // the source the filter judges
      if (r.direction == "inbound" && r.before_dst.address == nat->config.public_address &&
          (r.action == "translate" || r.reason == "no-mapping" || r.reason == "filtered")) {
        remote = r.before_src;
      } else if (r.direction == "hairpin" && nat->config.hairpinning) {
        if (r.action == "translate") {
          remote = r.after_src;
        } else if (r.reason == "no-mapping" || r.reason == "filtered") {
          if (const NatMapping* sender = replay.expected_mapping(r)) remote = sender->external;
        }
      }
      if (remote) {
        const NatMapping* m = replay.by_external(r.proto, r.before_dst);
        const bool admit = m && replay.admits(*m, *remote);
        const bool translated = r.action == "translate";
        const std::string packet = "a packet from " + remote->to_string() + " to " + r.before_dst.to_string() + " (" +
                                   trace.where_record(*r.json) + ")";
        const std::string rule = std::string(nat::to_string(nat->config.filtering)) + " filtering";
        if (translated && !m) {
          return Verdict::fail(nat->name + " let in " + packet + " though no live mapping holds that port");
        }
        if (translated && !admit) {
          return Verdict::fail(nat->name + " let in " + packet + ", which its " + rule + " refuses: " +
                               m->internal.to_string() + " sent only to " + contacted(*m) + " through that mapping");
        }
        if (!translated && admit) {
          return Verdict::fail(nat->name + " dropped (" + r.reason + ") " + packet + ", which its live mapping for " +
                               m->internal.to_string() + " admits under " + rule + " (it sent to " + contacted(*m) + ")");
        }
        if (translated && r.after_dst != m->internal) {
          return Verdict::fail(nat->name + " delivered " + packet + " to " + r.after_dst.to_string() +
                               " instead of the mapping's internal endpoint " + m->internal.to_string());
        }
        (translated ? admitted : refused) += 1;
      }
      replay.apply(r);
    }
    if (admitted + refused == 0) continue;
    if (!summary.empty()) summary += "; ";
    summary += nat->name + " (" + nat::to_string(nat->config.filtering) + "): " + std::to_string(admitted) +
               " inbound packets admitted, " + std::to_string(refused) + " refused, each as configured";
  }
  if (summary.empty()) return Verdict::not_applicable("no packet arrived at a NAT's public address");
  return Verdict::pass(summary);
}

}  // namespace

Check filtering_behaviour_check() {
  return Check{"RFC4787-5-filtering-behaviour", 4787, "5",
               "A NAT translates an inbound packet, to the internal endpoint of the mapping it is addressed to, if "
               "and only if that mapping is live and the configured filtering behaviour admits the packet's source.",
               judge_filtering};
}

}  // namespace natlab::reports::checks
