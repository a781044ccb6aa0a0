// RFC 5766 8: "The Permission Lifetime MUST be 300 seconds (= 5 minutes)":
// a permission expires exactly 300 s after it was installed or last
// refreshed, not earlier and not later. Judged on the TURN server's own
// permission-installed / permission-expired events, each installation backed
// by a CreatePermission or ChannelBind success on the wire at that instant.
// (That nothing is relayed after the wire's 300 s is
// RFC5766-8-relay-needs-permission.)
#include <map>
#include <tuple>

#include "reports/checks/rfc5766_checks.h"
#include "reports/checks/rfc5766_wire.h"

namespace natlab::reports::checks {
namespace {

struct Installed {
  Time expiry{};
  const Json* event = nullptr;
};
using PermissionKey = std::tuple<std::string, std::string, std::string>;  // server, relayed, peer

// The wire's CreatePermission or ChannelBind success that installed this
// permission: same server, relayed address and peer, answered at the event's
// instant (the answer may leave a little later, behind other packets).
bool backed_by_wire(const TurnWire& wire, const std::string& server, const std::string& relayed,
                    const std::string& peer, Time t) {
  for (const auto& a : wire.allocations()) {
    if (a.server != server || a.relayed.to_string() != relayed) continue;
    for (const auto& s : a.permissions)
      if (s.peer.to_string() == peer && s.from >= t && s.from <= t + kServerQueueSlack) return true;
  }
  return false;
}

Verdict judge_permission_lifetime(const TraceView& trace) {
  const TurnWire wire(trace);
  const Time run_end = trace.scenario().duration;
  std::map<PermissionKey, Installed> live;
  int installs = 0, expiries = 0;
  for (const Json* e : trace.events({})) {
    const std::string server = e->value("agent", "");
    if (!turn_service(trace, server)) continue;
    const std::string event = e->value("event", "");
    const Time t = TraceView::time_of(*e);
    const std::string relayed = e->value("relayed", "");
    if (event == "permission-installed") {
      ++installs;
      const Time expiry(e->value("expiry_ns", std::int64_t{0}));
      // RFC 5766 8: installing or refreshing sets the time-to-expiry to 300 s.
      if (expiry - t != kPermissionLifetime) {
        return Verdict::fail(server + " installed a permission for " + e->value("peer", "") + " on " + relayed +
                             " with a lifetime of " + format_seconds(expiry - t) + ", not 300 s: " + trace.where_record(*e));
      }
      if (!backed_by_wire(wire, server, relayed, e->value("peer", ""), t)) {
        return Verdict::fail(server + " installed a permission for " + e->value("peer", "") + " on " + relayed +
                             " that no CreatePermission or ChannelBind success on the wire installed: " +
                             trace.where_record(*e));
      }
      live[{server, relayed, e->value("peer", "")}] = Installed{expiry, e};
    } else if (event == "permission-expired") {
      ++expiries;
      auto it = live.find({server, relayed, e->value("peer", "")});
      if (it == live.end()) {
        return Verdict::fail(server + " expired a permission for " + e->value("peer", "") + " on " + relayed +
                             " that it never installed: " + trace.where_record(*e));
      }
      const Installed& in = it->second;
      if (t != in.expiry) {
        return Verdict::fail(server + " expired the permission for " + e->value("peer", "") + " on " + relayed + " " +
                             (t < in.expiry ? "early" : "late") + ", at " + TraceView::format_time(t) + " instead of " +
                             TraceView::format_time(in.expiry) + " (300 s after " + trace.where_record(*in.event) +
                             "): " + trace.where_record(*e));
      }
      live.erase(it);
    } else if (event == "allocation-deleted") {
      // RFC 5766 8: "If an allocation expires, all its permissions expire with it."
      for (auto it = live.begin(); it != live.end();)
        it = std::get<0>(it->first) == server && std::get<1>(it->first) == relayed ? live.erase(it) : std::next(it);
    }
  }
  // Not later: a permission whose 300 s ran out during the run must be gone.
  for (const auto& [key, in] : live) {
    if (in.expiry >= run_end) continue;
    return Verdict::fail(std::get<0>(key) + " kept the permission for " + std::get<2>(key) + " on " + std::get<1>(key) +
                         " past " + TraceView::format_time(in.expiry) + ", 300 s after " +
                         trace.where_record(*in.event) + ": no permission-expired event by the end of the run (" +
                         TraceView::format_time(run_end) + ")");
  }
  if (installs == 0) return Verdict::not_applicable("no TURN server installed a permission");
  return Verdict::pass(std::to_string(installs) + " permission installations or refreshes, each for 300 s and backed by "
                       "the wire; " + std::to_string(expiries) + " expiries, each exactly 300 s after the last refresh");
}

}  // namespace

Check permission_lifetime_check() {
  return Check{"RFC5766-8-permission-lifetime", 5766, "8",
               "A TURN server's permission lasts exactly 300 seconds from its installation or last refresh by a "
               "CreatePermission or ChannelBind: it expires neither earlier nor later.",
               judge_permission_lifetime};
}

}  // namespace natlab::reports::checks
