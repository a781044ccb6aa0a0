#include "reports/checks/rfc5389_messages.h"

#include <cstdio>
#include <map>
#include <tuple>

namespace natlab::reports::checks {

bool original_send(const TraceView& trace, const StunOnWire& m) {
  switch (m.carrier) {
    case Carrier::Direct: return !m.packet->relay_hop;  // else the TURN server relaying a peer's message
    case Carrier::SendIndication: return true;           // a TURN client sending through its allocation
    case Carrier::DataIndication: return false;          // the TURN server passing on what a peer sent
    case Carrier::ChannelData: return trace.node_kind(m.packet->from) == NodeKind::Host;
  }
  return false;
}

bool final_receipt(const TraceView& trace, const StunOnWire& m) {
  switch (m.carrier) {
    case Carrier::Direct:
      // A server receiving on a relayed address relays what it got.
      return !(trace.node_kind(m.packet->to) == NodeKind::Server && !trace.is_service_endpoint(m.packet->dst));
    case Carrier::DataIndication: return true;
    case Carrier::SendIndication: return false;
    case Carrier::ChannelData: return trace.node_kind(m.packet->to) == NodeKind::Host;
  }
  return false;
}

const std::string& sender_node(const StunOnWire& m) { return m.packet->from; }
const std::string& receiver_node(const StunOnWire& m) { return m.packet->to; }

std::optional<Endpoint> source_of(const StunOnWire& m) { return m.src; }
std::optional<Endpoint> destination_of(const StunOnWire& m) { return m.dst; }

namespace {
std::uint16_t u16(std::span<const std::uint8_t> b, std::size_t at) {
  return static_cast<std::uint16_t>((b[at] << 8) | b[at + 1]);
}
std::string hex16(std::uint16_t v) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "0x%04X", v);
  return buf;
}
}  // namespace

RawStun walk(std::span<const std::uint8_t> bytes) {
  RawStun r;
  if (bytes.size() < 20) {
    r.framing_error = "only " + std::to_string(bytes.size()) + " bytes, less than the 20-byte header";
    return r;
  }
  r.header = true;
  r.top_bits_zero = (bytes[0] & 0xC0) == 0;
  r.type = static_cast<std::uint16_t>(u16(bytes, 0) & 0x3FFF);
  r.length = u16(bytes, 2);
  r.cookie = (std::uint32_t{u16(bytes, 4)} << 16) | u16(bytes, 6);
  // RFC 5389 6: "The most significant 2 bits of every STUN message MUST be
  // zeroes"; "The magic cookie field MUST contain the fixed value
  // 0x2112A442"; the length "MUST contain the size, in bytes, of the message
  // not including the 20-byte STUN header. Since all STUN attributes are
  // padded to a multiple of 4 bytes, the last 2 bits of this field are
  // always zero."
  if (!r.top_bits_zero) {
    r.framing_error = "the two most significant bits are not zero";
  } else if (r.cookie != stun::kMagicCookie) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "magic cookie 0x%08X, not 0x2112A442", r.cookie);
    r.framing_error = buf;
  } else if (r.length % 4 != 0) {
    r.framing_error = "header length " + std::to_string(r.length) + " is not a multiple of 4";
  } else if (r.length != bytes.size() - 20) {
    r.framing_error = "header length " + std::to_string(r.length) + " but " + std::to_string(bytes.size() - 20) +
                      " bytes follow the header";
  }
  std::size_t pos = 20;
  while (pos + 4 <= bytes.size()) {
    const std::uint16_t type = u16(bytes, pos);
    const std::size_t len = u16(bytes, pos + 2);
    if (pos + 4 + len > bytes.size()) {
      if (r.framing_error.empty()) r.framing_error = "attribute " + hex16(type) + " runs past the end of the message";
      return r;
    }
    r.attributes.push_back(RawAttribute{type, pos, bytes.subspan(pos + 4, len)});
    // RFC 5389 15: "each STUN attribute MUST end on a 32-bit boundary".
    const std::size_t padded = (len + 3) & ~std::size_t{3};
    if (pos + 4 + padded > bytes.size()) {
      if (r.framing_error.empty()) r.framing_error = "attribute " + hex16(type) + " is not padded to 4 bytes";
      return r;
    }
    pos += 4 + padded;
  }
  if (pos != bytes.size() && r.framing_error.empty()) {
    r.framing_error = std::to_string(bytes.size() - pos) + " stray bytes after the last attribute";
  }
  return r;
}

std::vector<const StunOnWire*> received_requests(const TraceView& trace) {
  std::vector<const StunOnWire*> out;
  for (const StunOnWire& m : trace.received_stun()) {
    const bool request_or_indication = m.message.cls == stun::Class::Request || m.message.cls == stun::Class::Indication;
    if (request_or_indication && final_receipt(trace, m)) out.push_back(&m);
  }
  return out;
}

std::vector<SentTransaction> sent_transactions(const TraceView& trace, stun::Class cls) {
  std::vector<SentTransaction> out;
  std::map<std::tuple<std::string, Endpoint, stun::TransactionId>, std::size_t> index;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (m.message.cls != cls || !original_send(trace, m)) continue;
    // The socket is the packet's source: a request sent through a TURN
    // allocation leaves the client's own socket inside a Send indication.
    auto key = std::make_tuple(sender_node(m), m.packet->src, m.message.transaction_id);
    auto [it, fresh] = index.emplace(key, out.size());
    if (fresh) out.push_back(SentTransaction{sender_node(m), m.packet->src, m.message.transaction_id, {}});
    out[it->second].sends.push_back(&m);
  }
  return out;
}

std::vector<Answered> answered(const TraceView& trace) {
  std::map<stun::TransactionId, std::vector<const StunOnWire*>> by_tid;
  for (const StunOnWire* m : received_requests(trace)) by_tid[m->message.transaction_id].push_back(m);

  std::vector<Answered> out;
  for (const StunOnWire& r : trace.sent_stun()) {
    if (r.message.cls != stun::Class::Success && r.message.cls != stun::Class::Error) continue;
    if (!original_send(trace, r)) continue;
    Answered a;
    a.response = &r;
    auto it = by_tid.find(r.message.transaction_id);
    if (it != by_tid.end()) {
      const std::optional<Endpoint> from = source_of(r);
      const StunOnWire* any = nullptr;
      const StunOnWire* here = nullptr;
      for (const StunOnWire* q : it->second) {
        // A trace record is when a packet starts to leave; the responder
        // answers after it arrived, so its response is recorded later.
        if (receiver_node(*q) != sender_node(r) || q->packet->record > r.packet->record) continue;
        if (q->message.cls == stun::Class::Indication) {
          a.indication = q;
          continue;
        }
        any = q;
        if (from && destination_of(*q) == from) here = q;
      }
      a.request = here ? here : any;
    }
    out.push_back(a);
  }
  return out;
}

std::string ms_text(Duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f ms", static_cast<double>(d.count()) / 1e6);
  return buf;
}

std::string plural(std::size_t n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace natlab::reports::checks
