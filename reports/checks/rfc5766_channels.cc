// Channels (RFC 5766 11): the numbers a client may bind, the ChannelData
// framing on the wire, and when a client may use a channel.
#include <algorithm>
#include <map>
#include <tuple>

#include "agents/stun/attributes.h"
#include "reports/checks/rfc5766_checks.h"
#include "reports/checks/rfc5766_wire.h"

namespace natlab::reports::checks {
namespace {

using stun::Class;
using stun::Method;

// RFC 5766 11.2: the server checks "The channel number is in the range 0x4000
// through 0x7FFE (inclusive)". (Section 11's table says 0x4000 through 0x7FFF
// yet counts 16,383 values, which is 0x4000-0x7FFE; 11.2 is the operative rule.)
constexpr std::uint16_t kFirstChannel = 0x4000;
constexpr std::uint16_t kLastChannel = 0x7FFE;
// RFC 5389 7.2.1: a transaction over UDP gives up 39.5 s after its first request.
constexpr Duration kTransactionTimeout = std::chrono::milliseconds(39500);

bool is_channel_bind(const StunOnWire& m, Class cls) {
  return m.message.cls == cls && m.message.method_enum() == Method::ChannelBind;
}

Verdict judge_range(const TraceView& trace) {
  const TurnWire wire(trace);
  int requests = 0, accepted = 0;
  for (const StunOnWire& m : trace.sent_stun()) {
    if (!is_channel_bind(m, Class::Request) || !from_host_to_server(trace, m)) continue;
    ++requests;
    auto number = m.message.get<stun::ChannelNumber>();
    // RFC 5766 11.1: the channel to bind is in a CHANNEL-NUMBER attribute.
    if (!number) return Verdict::fail("a ChannelBind request without CHANNEL-NUMBER: " + trace.where(m));
    if (number->number < kFirstChannel || number->number > kLastChannel) {
      return Verdict::fail("a client asked to bind channel " + channel_hex(number->number) +
                           ", outside 0x4000-0x7FFE: " + trace.where(m));
    }
  }
  for (const TurnExchange& x : wire.exchanges()) {
    if (!x.success() || x.response->message.method_enum() != Method::ChannelBind || !x.request) continue;
    ++accepted;
    auto number = x.request->message.get<stun::ChannelNumber>();
    // RFC 5766 11.2: "If any of these tests fail, the server replies with a 400".
    if (!number || number->number < kFirstChannel || number->number > kLastChannel) {
      return Verdict::fail(x.server + " accepted a ChannelBind for " +
                           (number ? "channel " + channel_hex(number->number) : std::string("no channel")) +
                           ", outside 0x4000-0x7FFE: " + where_answer(trace, x));
    }
  }
  if (requests == 0 && accepted == 0) return Verdict::not_applicable("no ChannelBind request");
  return Verdict::pass(std::to_string(requests) + " ChannelBind requests from clients and " +
                       std::to_string(accepted) + " accepted by servers, all for channels 0x4000-0x7FFE");
}

// Packets between a TURN client and a server's service endpoint (RFC 5766
// 11.4: ChannelData travels only there; a peer gets bare data).
bool client_server_hop(const TraceView& trace, const Packet& p) {
  if (!p.first_hop) return false;
  const NodeKind from = trace.node_kind(p.from);
  return (from == NodeKind::Host && trace.is_service_endpoint(p.dst)) ||
         (from == NodeKind::Server && trace.is_service_endpoint(p.src));
}

Verdict judge_length(const TraceView& trace) {
  int frames = 0, padded = 0;
  for (const Packet& p : trace.packets()) {
    if (!client_server_hop(trace, p) || p.proto != "udp") continue;
    auto h = channel_data_header(p);
    if (!h) continue;
    ++frames;
    const std::size_t needed = 4u + h->length;
    const std::size_t with_padding = 4u + (h->length + 3u) / 4u * 4u;
    // RFC 5766 11.4: Length is the number of bytes of application data.
    // 11.5: over UDP the padding to a multiple of 4 "is not required but MAY
    // be included"; 11.6: a datagram "shorter than 4 + Length" is discarded.
    if (p.payload.size() < needed) {
      return Verdict::fail("ChannelData " + channel_hex(h->channel) + " claims " + std::to_string(h->length) +
                           " bytes of data but the datagram holds only " + std::to_string(p.payload.size() - 4) +
                           ": " + trace.where(p));
    }
    if (p.payload.size() > with_padding) {
      return Verdict::fail("ChannelData " + channel_hex(h->channel) + " with Length " + std::to_string(h->length) +
                           " is " + std::to_string(p.payload.size()) + " bytes, more than 4 + Length + padding (" +
                           std::to_string(with_padding) + "): " + trace.where(p));
    }
    if (p.payload.size() > needed) ++padded;
  }
  if (frames == 0) return Verdict::not_applicable("no ChannelData between a TURN client and a server");
  return Verdict::pass(std::to_string(frames) + " ChannelData datagrams, each 4 + Length bytes (" +
                       std::to_string(padded) + " with padding)");
}

// A client's view of one channel on one 5-tuple (its own socket and the server).
struct ClientChannel {
  std::map<stun::TransactionId, Time> pending;  // requests without an answer yet: tid -> sent at
  std::optional<Time> bound_until;              // after a success: the server's 600 s (or the allocation's end)
  int refused_with = 0;                         // the last answer was this error
  Time answered_at{};
};

Verdict judge_after_bind(const TraceView& trace) {
  const TurnWire wire(trace);
  // Client-side events in trace order: ChannelBind requests sent, answers
  // received, ChannelData sent.
  struct Item {
    std::size_t record;
    const StunOnWire* stun;
    const Packet* data;
  };
  std::vector<Item> items;
  for (const StunOnWire& m : trace.sent_stun())
    if (is_channel_bind(m, Class::Request) && from_host_to_server(trace, m)) items.push_back({m.packet->record, &m, nullptr});
  for (const StunOnWire& m : trace.received_stun())
    if (m.message.method_enum() == Method::ChannelBind && m.message.cls != Class::Request && to_host_from_server(trace, m))
      items.push_back({m.packet->record, &m, nullptr});
  for (const Packet& p : trace.packets())
    if (p.first_hop && trace.node_kind(p.from) == NodeKind::Host && trace.is_service_endpoint(p.dst) &&
        channel_data_header(p))
      items.push_back({p.record, nullptr, &p});
  std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.record < b.record; });

  using ClientChannelKey = std::tuple<Endpoint, Endpoint, std::uint16_t>;  // client socket, server, channel
  std::map<ClientChannelKey, ClientChannel> channels;
  std::map<stun::TransactionId, ClientChannelKey> key_of;  // ChannelBind transaction -> its channel
  int frames = 0;
  for (const Item& it : items) {
    if (it.stun && it.stun->message.cls == Class::Request) {
      auto number = it.stun->message.get<stun::ChannelNumber>();
      if (!number) continue;
      const ClientChannelKey k{it.stun->packet->src, it.stun->packet->dst, number->number};
      channels[k].pending.emplace(it.stun->message.transaction_id, it.stun->packet->t);
      key_of[it.stun->message.transaction_id] = k;
    } else if (it.stun) {
      auto k = key_of.find(it.stun->message.transaction_id);
      if (k == key_of.end()) continue;
      ClientChannel& c = channels[k->second];
      if (!c.pending.erase(it.stun->message.transaction_id)) continue;  // a duplicate answer
      c.answered_at = it.stun->packet->t;
      if (it.stun->message.cls == Class::Success) {
        // The server bound it when it answered: 600 s from then, and never
        // beyond the allocation (RFC 5766 11).
        Time until = it.stun->packet->t + kChannelLifetime;
        for (const TurnExchange& x : wire.exchanges()) {
          if (x.response->message.transaction_id != it.stun->message.transaction_id) continue;
          until = x.t() + kChannelLifetime;
          if (const WireAllocation* a = wire.by_tuple(x.tuple, x.t()); a && a->end < until) until = a->end;
          break;
        }
        c.bound_until = until;
        c.refused_with = 0;
      } else {
        auto ec = it.stun->message.get<stun::ErrorCode>();
        c.bound_until.reset();
        c.refused_with = ec ? ec->code : -1;
      }
    } else {
      auto h = channel_data_header(*it.data);
      const Time t = it.data->t;
      ++frames;
      const ClientChannelKey k{it.data->src, it.data->dst, h->channel};
      auto found = channels.find(k);
      const std::string what = "ChannelData on channel " + channel_hex(h->channel) + " " + trace.where(*it.data);
      if (found == channels.end()) {
        return Verdict::fail("a client sent " + what + " without ever asking to bind that channel on this 5-tuple");
      }
      const ClientChannel& c = found->second;
      if (c.bound_until && t < *c.bound_until) continue;
      // RFC 5766 11: "the client MAY elect to send ChannelData messages before
      // receiving the ChannelBind success response" — while it waits for it.
      bool waiting = false;
      for (const auto& [tid, sent] : c.pending) waiting |= t < sent + kTransactionTimeout;
      if (waiting) continue;
      if (c.bound_until) {
        return Verdict::fail("a client sent " + what + " after the binding expired at " +
                             TraceView::format_time(*c.bound_until) + " (600 s after the server's last ChannelBind "
                             "success, or its allocation's end)");
      }
      if (c.refused_with != 0) {
        return Verdict::fail("a client sent " + what + " after the server refused to bind it (error " +
                             std::to_string(c.refused_with) + " received at " + TraceView::format_time(c.answered_at) +
                             ")");
      }
      return Verdict::fail("a client sent " + what + " while its ChannelBind went unanswered for longer than a "
                           "transaction lasts (39.5 s)");
    }
  }
  if (frames == 0) return Verdict::not_applicable("no client sent ChannelData");
  return Verdict::pass(std::to_string(frames) + " ChannelData datagrams from clients, each on a channel bound (or "
                       "being bound) on its 5-tuple");
}

}  // namespace

Check channel_number_range_check() {
  return Check{"RFC5766-11.2-channel-number-range", 5766, "11.2",
               "ChannelBind requests ask for a channel number in 0x4000 through 0x7FFE, and a TURN server accepts no "
               "other.",
               judge_range};
}

Check channeldata_length_check() {
  return Check{"RFC5766-11.4-channeldata-length", 5766, "11.4",
               "A ChannelData message's Length field is the number of data bytes that follow, and over UDP the "
               "datagram holds exactly those bytes, plus at most the padding to a multiple of four.",
               judge_length};
}

Check channeldata_after_bind_check() {
  return Check{"RFC5766-11-channeldata-after-bind", 5766, "11",
               "A TURN client sends ChannelData on a channel only once it has asked the server to bind it on that "
               "5-tuple, and not after the server refused the binding or the binding's 10 minutes ran out.",
               judge_after_bind};
}

}  // namespace natlab::reports::checks
