// What a TURN server relays, judged at the server's output: application data
// leaves a relayed address towards a peer (RFC 5766 10.2, 11.6), or reaches
// the client in a Data indication (10.3) or ChannelData (11.7). Both need a
// live allocation, and a live permission for the peer's IP address (8).
#include <map>

#include "reports/checks/rfc5766_checks.h"
#include "reports/checks/rfc5766_wire.h"

namespace natlab::reports::checks {
namespace {

const char* kind_name(RelayedByServer::Kind k) {
  switch (k) {
    case RelayedByServer::ToPeer: return "datagram to a peer";
    case RelayedByServer::DataIndication: return "Data indication";
    case RelayedByServer::ChannelData: return "ChannelData";
  }
  return "datagram";
}

const WireAllocation* allocation_of(const TurnWire& wire, const RelayedByServer& r) {
  const Time t = r.packet->t;
  return r.kind == RelayedByServer::ToPeer ? wire.by_relayed(r.packet->src, t) : wire.by_tuple(r.tuple, t);
}

std::string where_relayed(const TraceView& trace, const RelayedByServer& r) {
  return r.indication ? trace.where(*r.indication) : trace.where(*r.packet) + ", " + kind_name(r.kind);
}

// The end of an allocation: its lifetime on the wire, or the server's own
// allocation-deleted event if that came first (RFC 5766 5: once deleted it
// relays nothing).
Time effective_end(const TraceView& trace, const WireAllocation& a, const Json** deleted_event) {
  Time end = a.end;
  *deleted_event = nullptr;
  for (const Json* e : trace.events_of(a.server, "allocation-deleted")) {
    const Time t = TraceView::time_of(*e);
    if (e->value("relayed", "") != a.relayed.to_string() || t < a.created || t >= end) continue;
    end = t;
    *deleted_event = e;
  }
  return end;
}

const char* plural(RelayedByServer::Kind k) {
  switch (k) {
    case RelayedByServer::ToPeer: return "datagrams to peers";
    case RelayedByServer::DataIndication: return "Data indications";
    case RelayedByServer::ChannelData: return "ChannelData messages";
  }
  return "datagrams";
}

std::string counts(const std::map<std::string, int>& n) {
  std::string s;
  for (const auto& [k, v] : n) s += (s.empty() ? "" : ", ") + std::to_string(v) + " " + k;
  return s;
}

Verdict judge_permission(const TraceView& trace) {
  const TurnWire wire(trace);
  std::map<std::string, int> judged;
  for (const RelayedByServer& r : relayed_by_servers(trace)) {
    const Time t = r.packet->t;
    const WireAllocation* a = allocation_of(wire, r);
    // Relaying with no live allocation at all is RFC5766-5-no-relay-without-allocation's.
    if (!a || t >= a->end + kServerQueueSlack) continue;
    std::optional<Endpoint> peer = r.peer;
    if (r.kind == RelayedByServer::ChannelData) {
      // A channel that is not bound is RFC5766-11-channel-lifetime's.
      const ChannelSpan* c = a->channel_at(r.channel, t, kServerQueueSlack);
      if (!c) continue;
      peer = c->peer;
    }
    if (!peer) continue;  // a Data indication without XOR-PEER-ADDRESS: RFC5766-10.3-data-indication-attributes
    ++judged[plural(r.kind)];
    // RFC 5766 8: "If no match is found, relaying is not permitted"; 10.2 /
    // 11.6 for data from the client, 10.3 / 11.7 for data from a peer.
    if (a->permission_at(peer->address, t, kServerQueueSlack)) continue;
    std::string history = "no CreatePermission or ChannelBind for " + peer->address.to_string() +
                          " ever succeeded on that allocation";
    for (const auto& s : a->permissions) {
      if (s.peer != peer->address || s.from > t) continue;
      history = "its permission was last installed at " + TraceView::format_time(s.from) + " and expired at " +
                TraceView::format_time(s.until < a->end ? s.until : a->end);
    }
    return Verdict::fail(a->server + " relayed a " + kind_name(r.kind) + " for peer " + peer->to_string() +
                         " on relayed address " + a->relayed.to_string() + " without a permission: " +
                         where_relayed(trace, r) + "; " + history);
  }
  if (judged.empty()) return Verdict::not_applicable("no TURN server relayed data on a live allocation");
  return Verdict::pass(counts(judged) + " relayed, each for a peer with a live permission");
}

Verdict judge_allocation(const TraceView& trace) {
  const TurnWire wire(trace);
  std::map<std::string, int> judged;
  for (const RelayedByServer& r : relayed_by_servers(trace)) {
    const Time t = r.packet->t;
    const WireAllocation* a = allocation_of(wire, r);
    ++judged[plural(r.kind)];
    const std::string what = std::string(kind_name(r.kind)) + " " + where_relayed(trace, r);
    if (!a) {
      const std::string whose = r.kind == RelayedByServer::ToPeer ? "relayed address " + r.packet->src.to_string()
                                                                   : "5-tuple " + r.tuple.to_string();
      return Verdict::fail(r.packet->from + " relayed a " + what + " on " + whose +
                           ", which no Allocate success on the wire ever created");
    }
    const Json* deleted = nullptr;
    const Time end = effective_end(trace, *a, &deleted);
    // RFC 5766 5: an allocation whose time-to-expiry reached zero, or that a
    // Refresh with LIFETIME 0 deleted (7.2), is gone, and so is its relaying.
    if (t < end + kServerQueueSlack) continue;
    std::string why = a->deleted_by ? "deleted by the Refresh with LIFETIME 0 answered at " + where_answer(trace, *a->deleted_by)
                                    : "its lifetime ran out at " + TraceView::format_time(a->end);
    if (deleted) why = "the server deleted it (" + trace.where_record(*deleted) + ")";
    return Verdict::fail(a->server + " relayed a " + what + " after the allocation of relayed address " +
                         a->relayed.to_string() + " for " + a->tuple.client.to_string() + " ended: " + why);
  }
  if (judged.empty()) return Verdict::not_applicable("no TURN server relayed data");
  return Verdict::pass(counts(judged) + " relayed, each on a live allocation");
}

}  // namespace

Check relay_needs_permission_check() {
  return Check{"RFC5766-8-relay-needs-permission", 5766, "8",
               "A TURN server relays data between a client and a peer (Send and Data indications, ChannelData, "
               "datagrams from the relayed address) only while a permission for the peer's IP address is "
               "installed and unexpired.",
               judge_permission};
}

Check no_relay_without_allocation_check() {
  return Check{"RFC5766-5-no-relay-without-allocation", 5766, "5",
               "A TURN server relays data only on a live allocation: never from a relayed address, or to a client's "
               "5-tuple, whose allocation expired or was deleted.",
               judge_allocation};
}

}  // namespace natlab::reports::checks
