// RFC 5766 11: "A channel binding lasts for 10 minutes unless refreshed.
// Refreshing the binding ... resets the time-to-expiry timer back to 10
// minutes. When the channel binding expires, the channel becomes unbound."
// Judged twice: on the TURN server's channel-installed / channel-expired
// events (each backed by a ChannelBind success on the wire), and on the wire,
// where the server sends ChannelData to a client only on a channel bound by
// a ChannelBind answered less than 600 s before (RFC 5766 11.7: otherwise a
// Data indication).
#include <map>
#include <tuple>

#include "reports/checks/rfc5766_checks.h"
#include "reports/checks/rfc5766_wire.h"

namespace natlab::reports::checks {
namespace {

struct Bound {
  Time expiry{};
  const Json* event = nullptr;
};
using ChannelKey = std::tuple<std::string, std::string, int>;  // server, relayed, channel

bool backed_by_wire(const TurnWire& wire, const std::string& server, const std::string& relayed, int channel,
                    const std::string& peer, Time t) {
  for (const auto& a : wire.allocations()) {
    if (a.server != server || a.relayed.to_string() != relayed) continue;
    for (const auto& s : a.channels)
      if (s.number == channel && s.peer.to_string() == peer && s.from >= t && s.from <= t + kServerQueueSlack)
        return true;
  }
  return false;
}

std::optional<Verdict> judge_events(const TraceView& trace, const TurnWire& wire, int& installs, int& expiries) {
  const Time run_end = trace.scenario().duration;
  std::map<ChannelKey, Bound> live;
  for (const Json* e : trace.events({})) {
    const std::string server = e->value("agent", "");
    if (!turn_service(trace, server)) continue;
    const std::string event = e->value("event", "");
    const Time t = TraceView::time_of(*e);
    const std::string relayed = e->value("relayed", "");
    const int channel = e->value("channel", 0);
    const std::string what = "channel " + channel_hex(channel) + " to " + e->value("peer", "") + " on " + relayed;
    if (event == "channel-installed") {
      ++installs;
      const Time expiry(e->value("expiry_ns", std::int64_t{0}));
      if (expiry - t != kChannelLifetime) {
        return Verdict::fail(server + " bound " + what + " for " + format_seconds(expiry - t) + ", not 600 s: " +
                             trace.where_record(*e));
      }
      if (!backed_by_wire(wire, server, relayed, channel, e->value("peer", ""), t)) {
        return Verdict::fail(server + " bound " + what + " without a ChannelBind success on the wire: " +
                             trace.where_record(*e));
      }
      live[{server, relayed, channel}] = Bound{expiry, e};
    } else if (event == "channel-expired") {
      ++expiries;
      auto it = live.find({server, relayed, channel});
      if (it == live.end()) {
        return Verdict::fail(server + " expired " + what + ", which it never bound: " + trace.where_record(*e));
      }
      if (t != it->second.expiry) {
        return Verdict::fail(server + " unbound " + what + " " + (t < it->second.expiry ? "early" : "late") + ", at " +
                             TraceView::format_time(t) + " instead of " + TraceView::format_time(it->second.expiry) +
                             " (600 s after " + trace.where_record(*it->second.event) + ")");
      }
      live.erase(it);
    } else if (event == "allocation-deleted") {
      // RFC 5766 11: "If an allocation expires, all its channel bindings expire with it."
      for (auto it = live.begin(); it != live.end();)
        it = std::get<0>(it->first) == server && std::get<1>(it->first) == relayed ? live.erase(it) : std::next(it);
    }
  }
  for (const auto& [key, b] : live) {
    if (b.expiry >= run_end) continue;
    return Verdict::fail(std::get<0>(key) + " kept channel " + channel_hex(std::get<2>(key)) + " on " + std::get<1>(key) +
                         " bound past " + TraceView::format_time(b.expiry) + ", 600 s after " +
                         trace.where_record(*b.event) + ": no channel-expired event by the end of the run");
  }
  return std::nullopt;
}

Verdict judge_channel_lifetime(const TraceView& trace) {
  const TurnWire wire(trace);
  int installs = 0, expiries = 0;
  if (auto v = judge_events(trace, wire, installs, expiries)) return *v;
  // The wire: ChannelData from the server only on a bound, unexpired channel.
  int frames = 0;
  for (const RelayedByServer& r : relayed_by_servers(trace)) {
    if (r.kind != RelayedByServer::ChannelData) continue;
    const Time t = r.packet->t;
    const WireAllocation* a = wire.by_tuple(r.tuple, t);
    if (!a || t >= a->end + kServerQueueSlack) continue;  // RFC5766-5-no-relay-without-allocation
    ++frames;
    if (a->channel_at(r.channel, t, kServerQueueSlack)) continue;
    std::string history = "no ChannelBind for it ever succeeded on that allocation";
    for (const auto& s : a->channels)
      if (s.number == r.channel && s.from <= t)
        history = "it was last bound at " + TraceView::format_time(s.from) + " and expired at " +
                  TraceView::format_time(s.until);
    return Verdict::fail(a->server + " sent ChannelData on channel " + channel_hex(r.channel) + " to " +
                         r.tuple.client.to_string() + " while that channel was not bound: " + trace.where(*r.packet) +
                         "; " + history);
  }
  if (installs == 0 && frames == 0) return Verdict::not_applicable("no TURN server bound a channel");
  return Verdict::pass(std::to_string(installs) + " channel bindings or refreshes for 600 s, " +
                       std::to_string(expiries) + " expiries exactly 600 s after the last refresh; " +
                       std::to_string(frames) + " ChannelData frames from servers, all on bound channels");
}

}  // namespace

Check channel_lifetime_check() {
  return Check{"RFC5766-11-channel-lifetime", 5766, "11",
               "A channel binding lasts exactly 10 minutes from the last ChannelBind that created or refreshed it, "
               "and the TURN server sends ChannelData only on a channel bound at that moment.",
               judge_channel_lifetime};
}

}  // namespace natlab::reports::checks
