// Send and Data indications (RFC 5766 10): each names the peer and carries
// the data, in XOR-PEER-ADDRESS and DATA.
#include "agents/stun/attributes.h"
#include "reports/checks/rfc5766_checks.h"
#include "reports/checks/rfc5766_wire.h"

namespace natlab::reports::checks {
namespace {

using stun::Class;
using stun::Method;

// Which of XOR-PEER-ADDRESS and DATA a message lacks (or carries malformed).
std::string missing_peer_or_data(const stun::Message& m) {
  std::string missing;
  if (!m.get<stun::XorPeerAddress>()) missing = "XOR-PEER-ADDRESS";
  if (!m.get<stun::DataAttr>()) missing += std::string(missing.empty() ? "" : " and ") + "DATA";
  return missing;
}

Verdict judge_send(const TraceView& trace) {
  int n = 0;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (m.message.cls != Class::Indication || m.message.method_enum() != Method::Send || !from_host_to_server(trace, m))
      continue;
    ++n;
    // RFC 5766 10.1: "The client MUST include an XOR-PEER-ADDRESS attribute and a DATA attribute".
    if (auto missing = missing_peer_or_data(m.message); !missing.empty())
      return Verdict::fail("a client sent a Send indication without " + missing + ": " + trace.where(m));
  }
  if (n == 0) return Verdict::not_applicable("no client sent a Send indication");
  return Verdict::pass(std::to_string(n) + " Send indications from clients, each with XOR-PEER-ADDRESS and DATA");
}

Verdict judge_data(const TraceView& trace) {
  int n = 0;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (m.message.cls != Class::Indication || m.message.method_enum() != Method::Data || !from_turn_server(trace, m))
      continue;
    ++n;
    // RFC 5766 10.3: "The Data indication MUST contain both an
    // XOR-PEER-ADDRESS and a DATA attribute."
    if (auto missing = missing_peer_or_data(m.message); !missing.empty())
      return Verdict::fail(m.packet->from + " sent a Data indication without " + missing + ": " + trace.where(m));
  }
  if (n == 0) return Verdict::not_applicable("no TURN server sent a Data indication");
  return Verdict::pass(std::to_string(n) + " Data indications from servers, each with XOR-PEER-ADDRESS and DATA");
}

}  // namespace

Check send_indication_attributes_check() {
  return Check{"RFC5766-10.1-send-indication-attributes", 5766, "10.1",
               "A Send indication from a TURN client carries an XOR-PEER-ADDRESS and a DATA attribute.", judge_send};
}

Check data_indication_attributes_check() {
  return Check{"RFC5766-10.3-data-indication-attributes", 5766, "10.3",
               "A Data indication from a TURN server carries an XOR-PEER-ADDRESS and a DATA attribute.", judge_data};
}

}  // namespace natlab::reports::checks
