// Allocation lifetimes (RFC 5766 7): a client that keeps an allocation
// refreshes it before its lifetime runs out, and a Refresh with LIFETIME 0
// deletes it at once.
#include <set>

#include "agents/stun/attributes.h"
#include "reports/checks/rfc5766_checks.h"
#include "reports/checks/rfc5766_wire.h"

namespace natlab::reports::checks {
namespace {

using stun::Class;
using stun::Method;

bool is_allocate_or_refresh(const stun::Message& m) {
  return m.method_enum() == Method::Allocate || m.method_enum() == Method::Refresh;
}

Verdict judge_refresh(const TraceView& trace) {
  const TurnWire wire(trace);
  const Time run_end = trace.scenario().duration;
  std::set<stun::TransactionId> seen;
  int refreshed = 0, deallocated = 0, pending = 0;
  for (const StunOnWire& answer : trace.received_stun()) {
    const stun::Message& m = answer.message;
    if (m.cls != Class::Success || !is_allocate_or_refresh(m) || !to_host_from_server(trace, answer)) continue;
    if (!seen.insert(m.transaction_id).second) continue;  // a second copy of the same answer
    auto lifetime = m.get<stun::Lifetime>();
    if (!lifetime || lifetime->seconds == 0) continue;  // no lifetime to keep (LIFETIME 0: deallocated)
    // The server's clock started when it answered (RFC 5766 6.2, 7.2), so
    // the allocation ends LIFETIME seconds after the answer left the server.
    Time granted = answer.packet->t;
    for (const TurnExchange& x : wire.exchanges())
      if (x.response->message.transaction_id == m.transaction_id) {
        granted = x.t();
        break;
      }
    const Time deadline = granted + std::chrono::seconds(lifetime->seconds);
    const Endpoint client = answer.packet->dst, server = answer.packet->src;
    // RFC 5766 7: the client refreshes (any Refresh, LIFETIME 0 included)
    // before the time-to-expiry reaches 0.
    const StunOnWire* refresh = nullptr;
    for (const StunOnWire& r : trace.sent_stun()) {
      if (r.packet->record <= answer.packet->record || r.packet->t >= deadline) continue;
      if (r.message.cls == Class::Request && r.message.method_enum() == Method::Refresh && from_host_to_server(trace, r) &&
          r.packet->src == client && r.packet->dst == server) {
        refresh = &r;
        break;
      }
    }
    if (refresh) {
      auto asked = refresh->message.get<stun::Lifetime>();
      ++(asked && asked->seconds == 0 ? deallocated : refreshed);
      continue;
    }
    if (deadline >= run_end) {
      ++pending;  // the run ended first
      continue;
    }
    return Verdict::fail("the allocation of " + client.to_string() + " on " + server.to_string() + " (LIFETIME " +
                         std::to_string(lifetime->seconds) + " s, " + trace.where(answer) + ") ran out at " +
                         TraceView::format_time(deadline) + " without a Refresh from the client");
  }
  if (refreshed + deallocated == 0) {
    return Verdict::not_applicable(pending ? std::to_string(pending) + " allocation lifetimes, none ending before the run"
                                           : std::string("no client received an Allocate or Refresh success"));
  }
  return Verdict::pass(std::to_string(refreshed + deallocated) + " allocation lifetimes, each followed by a Refresh "
                       "before it ran out (" + std::to_string(refreshed) + " refreshed, " + std::to_string(deallocated) +
                       " deallocated with LIFETIME 0; " + std::to_string(pending) + " still running at the end)");
}

bool on_allocation(const stun::Message& m) {
  const Method method = m.method_enum();
  return method == Method::Refresh || method == Method::CreatePermission || method == Method::ChannelBind;
}

Verdict judge_lifetime_zero(const TraceView& trace) {
  const TurnWire wire(trace);
  int n = 0, later = 0;
  for (const TurnExchange& x : wire.exchanges()) {
    if (!x.success() || x.response->message.method_enum() != Method::Refresh || !x.request) continue;
    auto asked = x.request->message.get<stun::Lifetime>();
    if (!asked || asked->seconds != 0) continue;
    // Only the answer that deleted a live allocation (a second success to a
    // retransmission of that Refresh deletes nothing more).
    const WireAllocation* a = wire.by_tuple(x.tuple, x.t());
    if (!a || a->deleted_by != &x) continue;
    ++n;
    // RFC 5766 7.2: "If the value of the LIFETIME attribute is 0, then the
    // request succeeds and the allocation is deleted": the server's
    // allocation-deleted event (reason refresh-lifetime-0) at that instant,
    // when the server reports allocation events at all.
    if (!trace.events_of(x.server, "allocation-created").empty()) {
      bool deleted = false;
      for (const Json* e : trace.events_of(x.server, "allocation-deleted")) {
        const Time t = TraceView::time_of(*e);
        deleted |= e->value("client", "") == x.tuple.client.to_string() &&
                   e->value("reason", "") == "refresh-lifetime-0" && t <= x.t() && t + kServerQueueSlack >= x.t();
      }
      if (!deleted) {
        return Verdict::fail(x.server + " answered a Refresh with LIFETIME 0 with success but reported no "
                             "allocation-deleted (refresh-lifetime-0) for " + x.tuple.client.to_string() + ": " +
                             where_answer(trace, x));
      }
    }
    // Afterwards the 5-tuple has no allocation (RFC 5766 4: 437) until a new
    // Allocate succeeds on it.
    for (const TurnExchange& y : wire.exchanges()) {
      if (y.tuple != x.tuple || y.response->packet->record <= x.response->packet->record) continue;
      if (y.response->message.transaction_id == x.response->message.transaction_id) continue;  // retransmission
      if (y.response->message.method_enum() == Method::Allocate && y.success()) break;
      if (!on_allocation(y.response->message)) continue;
      ++later;
      const int code = y.error_code();
      if (code == 437 || code == 401 || code == 438 || code == 420) continue;
      return Verdict::fail(x.server + " answered " +
                           (y.success() ? std::string("success") : "error " + std::to_string(code)) +
                           ", not 437, to a request on the 5-tuple " + x.tuple.to_string() +
                           " whose allocation a Refresh with LIFETIME 0 deleted (" + where_answer(trace, x) + "): " +
                           where_answer(trace, y));
    }
  }
  if (n == 0) return Verdict::not_applicable("no allocation was deleted by a Refresh with LIFETIME 0");
  return Verdict::pass(std::to_string(n) + " allocations deleted by a Refresh with LIFETIME 0, each reported at once; " +
                       std::to_string(later) + " later requests on those 5-tuples refused");
}

}  // namespace

Check refresh_before_expiry_check() {
  return Check{"RFC5766-7-refresh-before-expiry", 5766, "7",
               "A TURN client sends a Refresh for its allocation before the lifetime granted by the last Allocate or "
               "Refresh success runs out (a Refresh with LIFETIME 0, which deallocates, counts).",
               judge_refresh};
}

Check lifetime_zero_deletes_check() {
  return Check{"RFC5766-7.2-lifetime-zero-deletes", 5766, "7.2",
               "A Refresh with LIFETIME 0 that succeeds deletes the allocation at once: the server reports it deleted "
               "and answers later requests on that 5-tuple with 437 (Allocation Mismatch).",
               judge_lifetime_zero};
}

}  // namespace natlab::reports::checks
