// Allocate (RFC 5766 6): what the client asks for, what the server refuses,
// and what the success response hands out.
#include "agents/stun/attributes.h"
#include "reports/checks/rfc5766_checks.h"
#include "reports/checks/rfc5766_wire.h"

namespace natlab::reports::checks {
namespace {

using stun::Class;
using stun::Method;

constexpr std::uint8_t kUdp = 17;  // RFC 5766 14.7: the IANA protocol number

Verdict judge_requested_transport(const TraceView& trace) {
  int n = 0;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (m.message.cls != Class::Request || m.message.method_enum() != Method::Allocate || !from_host_to_server(trace, m))
      continue;
    ++n;
    // RFC 5766 6.1: "The client MUST include a REQUESTED-TRANSPORT attribute";
    // this specification allows only UDP (17).
    auto transport = m.message.get<stun::RequestedTransport>();
    if (!transport) return Verdict::fail("an Allocate request without REQUESTED-TRANSPORT: " + trace.where(m));
    if (transport->protocol != kUdp) {
      return Verdict::fail("an Allocate request for transport protocol " + std::to_string(transport->protocol) +
                           ", not UDP (17): " + trace.where(m));
    }
  }
  if (n == 0) return Verdict::not_applicable("no client sent an Allocate request");
  return Verdict::pass(std::to_string(n) + " Allocate requests from clients, all with REQUESTED-TRANSPORT UDP (17)");
}

Verdict judge_442(const TraceView& trace) {
  const TurnWire wire(trace);
  int n = 0;
  for (const TurnExchange& x : wire.exchanges()) {
    if (x.response->message.method_enum() != Method::Allocate || !x.request) continue;
    auto transport = x.request->message.get<stun::RequestedTransport>();
    if (transport && transport->protocol == kUdp) continue;
    ++n;
    const std::string asked =
        transport ? "transport protocol " + std::to_string(transport->protocol) : std::string("no REQUESTED-TRANSPORT");
    if (x.success()) {
      return Verdict::fail(x.server + " granted an allocation to an Allocate with " + asked + ": " +
                           where_answer(trace, x));
    }
    // RFC 5766 6.2 step 3 comes after authentication (step 1: 401, 438),
    // unknown attributes (RFC 5389 7.3: 420) and the 5-tuple check (step 2:
    // 437); then a missing attribute is 400, another protocol 442.
    const int code = x.error_code();
    if (code == 401 || code == 438 || code == 420 || code == 437) continue;
    const int expected = transport ? 442 : 400;
    if (code != expected) {
      return Verdict::fail(x.server + " answered an Allocate with " + asked + " with error " + std::to_string(code) +
                           " instead of " + std::to_string(expected) + ": " + where_answer(trace, x));
    }
  }
  if (n == 0) return Verdict::not_applicable("no Allocate asked for a transport other than UDP");
  return Verdict::pass(std::to_string(n) + " Allocates for a transport other than UDP, none granted, each answered "
                       "442 (400 without REQUESTED-TRANSPORT) once authenticated");
}

Verdict judge_relayed_address(const TraceView& trace) {
  const TurnWire wire(trace);
  int n = 0;
  for (const TurnExchange& x : wire.exchanges()) {
    if (!x.success() || x.response->message.method_enum() != Method::Allocate) continue;
    ++n;
    const sim::Server* server = trace.scenario().find_server(x.server);
    // RFC 5766 6.2: the success response carries XOR-RELAYED-ADDRESS, a
    // "transport address on the TURN server" (RFC 5766 2) ...
    auto relayed = x.response->message.get<stun::XorRelayedAddress>();
    if (!relayed) return Verdict::fail(x.server + " sent an Allocate success without XOR-RELAYED-ADDRESS: " +
                                       where_answer(trace, x));
    const Endpoint& r = relayed->endpoint;
    const bool own = server && (r.address == server->address ||
                                (server->alternate_address && r.address == *server->alternate_address));
    if (!own) {
      return Verdict::fail(x.server + " handed out relayed address " + r.to_string() + ", not one of its own: " +
                           where_answer(trace, x));
    }
    // ... on a port of the range it is configured to relay from (6.2: SHOULD
    // be 49152-65535, scenario servers[].turn.relay_ports).
    if (server->turn && (r.port < server->turn->relay_port_min || r.port > server->turn->relay_port_max)) {
      return Verdict::fail(x.server + " handed out relayed port " + std::to_string(r.port) + ", outside its relay_ports " +
                           std::to_string(server->turn->relay_port_min) + "-" +
                           std::to_string(server->turn->relay_port_max) + ": " + where_answer(trace, x));
    }
  }
  if (n == 0) return Verdict::not_applicable("no TURN server granted an allocation");
  return Verdict::pass(std::to_string(n) + " Allocate successes, each relayed address on the granting server within its "
                       "relay ports");
}

}  // namespace

Check requested_transport_udp_check() {
  return Check{"RFC5766-6.1-requested-transport-udp", 5766, "6.1",
               "A TURN client's Allocate request carries REQUESTED-TRANSPORT, and it asks for UDP (17).",
               judge_requested_transport};
}

Check unsupported_transport_442_check() {
  return Check{"RFC5766-6.2-unsupported-transport-442", 5766, "6.2",
               "A TURN server never grants an Allocate asking for a transport other than UDP: once authenticated, it "
               "answers 442 (Unsupported Transport Protocol), or 400 when REQUESTED-TRANSPORT is missing.",
               judge_442};
}

Check relayed_address_on_server_check() {
  return Check{"RFC5766-6.2-relayed-address-on-server", 5766, "6.2",
               "The XOR-RELAYED-ADDRESS of an Allocate success is a transport address of the TURN server that "
               "granted it, on one of its relay ports.",
               judge_relayed_address};
}

}  // namespace natlab::reports::checks
