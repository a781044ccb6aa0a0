// Keepalives (RFC 5245 10): "If there has been no packet sent on the
// candidate pair ICE is using for a component of a media stream for Tr
// seconds (where packets include those defined for the component (RTP or
// RTCP) and previous keepalives), an agent MUST generate a keepalive on that
// pair. Tr SHOULD be configurable and SHOULD have a default of 15 seconds."
//
// Judged from completion (the pair is in use) to the end of the run or the
// hang-up, on the pair selected at each moment: every packet the agent sends
// on it counts (media, Binding indications, checks). A pair whose local candidate is
// relayed is used through the TURN server: Send indications to the peer, or
// ChannelData on the channel bound to it, from the socket that holds the
// allocation (over UDP, or on its TCP connection to the server).
#include <algorithm>
#include <cstdio>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/stun/demux.h"
#include "reports/checks/rfc5245_sess_checks.h"
#include "reports/checks/rfc5245_sess_model.h"

namespace natlab::reports::checks {
namespace {

using sess::Party;
using sess::SessionModel;

// A timer fires at last + Tr exactly; the packet may wait a moment on the
// host's link.
constexpr Duration kKeepaliveSlack = std::chrono::milliseconds(1);

std::string seconds(Duration d) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3f s", static_cast<double>(d.count()) / 1e9);
  return buf;
}

struct InUse {
  Time from{}, to{};           // selected and in use during [from, to]
  bool relayed = false;
  bool tcp = false;            // an ICE-TCP pair (RFC 6544): its traffic is RFC 4571 frames on a connection
  Endpoint base, remote;       // the pair: local base (socket or relayed address), remote candidate
  const Json* record = nullptr;
};

// The socket and TURN server of the allocation whose relayed address is
// `relayed`, from the Allocate success response that reached the host.
std::optional<std::pair<Endpoint, Endpoint>> allocation_of(const TraceView& trace, const std::string& host,
                                                           const Endpoint& relayed) {
  for (const StunOnWire& m : trace.received_stun()) {
    if (m.carrier != Carrier::Direct || m.packet->to != host) continue;
    if (m.message.method_enum() != stun::Method::Allocate || m.message.cls != stun::Class::Success) continue;
    auto x = m.message.get<stun::XorRelayedAddress>();
    if (x && x->endpoint == relayed) return std::make_pair(m.packet->dst, m.packet->src);
  }
  return std::nullopt;
}

// Times at which `host` sent a packet on the pair.
std::vector<Time> traffic(const TraceView& trace, const std::string& host, const InUse& u) {
  std::vector<Time> out;
  if (u.tcp && !u.relayed) {
    // Every frame (media or STUN) the host sent on the pair's connection;
    // bare TCP segments (ACKs) are the stack's, not the agent's.
    for (const StreamMessage& m : trace.sent_stream_messages()) {
      const Packet& p = *m.packet;
      if (p.from == host && p.dst == u.remote && tcp_local_of(u.base, p.src)) out.push_back(p.t);
    }
    return out;
  }
  if (!u.relayed) {
    for (const Packet& p : trace.packets())
      if (p.first_hop && p.from == host && p.proto != "tcp" && p.src == u.base && p.dst == u.remote) out.push_back(p.t);
    return out;
  }
  auto alloc = allocation_of(trace, host, u.base);
  if (!alloc) return out;
  const auto& [socket, server] = *alloc;
  // What the host sent to the server from the allocation's socket, message
  // by message: UDP datagrams, or the messages cut from its TCP connection
  // (RFC 5766 2.1; ChannelData there without its padding, 11.5).
  struct Sent {
    Time t{};
    const std::vector<std::uint8_t>* bytes = nullptr;
  };
  std::vector<Sent> messages;
  for (const Packet& p : trace.packets()) {
    if (!p.first_hop || p.from != host || p.src != socket || p.dst != server || p.payload.empty()) continue;
    if (p.proto == "tcp") continue;  // TCP segments are slices of a stream, not messages
    messages.push_back({p.t, &p.payload});
  }
  for (const StreamMessage& m : trace.sent_stream_messages()) {
    const Packet& p = *m.packet;
    if (p.from == host && p.src == socket && p.dst == server) messages.push_back({p.t, &m.bytes});
  }
  std::stable_sort(messages.begin(), messages.end(), [](const Sent& a, const Sent& b) { return a.t < b.t; });
  std::vector<std::pair<std::uint16_t, Endpoint>> channels;  // latest binding last
  for (const Sent& sent : messages) {
    const std::vector<std::uint8_t>& bytes = *sent.bytes;
    const auto kind = stun::classify(bytes);
    if (kind == stun::PacketKind::ChannelData) {
      auto cd = stun::decode_channel_data(bytes);
      if (!cd) continue;
      const Endpoint* peer = nullptr;
      for (const auto& [n, e] : channels)
        if (n == cd.frame->channel) peer = &e;
      if (peer && *peer == u.remote) out.push_back(sent.t);
      continue;
    }
    if (kind != stun::PacketKind::Stun) continue;
    auto r = stun::decode(bytes);
    if (!r) continue;
    const auto& msg = *r.message;
    auto peer = msg.get<stun::XorPeerAddress>();
    if (msg.method_enum() == stun::Method::ChannelBind && msg.cls == stun::Class::Request) {
      if (auto ch = msg.get<stun::ChannelNumber>(); ch && peer) channels.push_back({ch->number, peer->endpoint});
    } else if (msg.method_enum() == stun::Method::Send && msg.cls == stun::Class::Indication && peer &&
               peer->endpoint == u.remote) {
      out.push_back(sent.t);
    }
  }
  return out;
}

Verdict judge_keepalive(const TraceView& trace) {
  SessionModel m(trace);
  std::vector<int> packets(m.parties().size(), 0);
  std::vector<bool> judged(m.parties().size(), false);
  for (const Party& p : m.parties()) {
    const sim::Agent* agent = trace.scenario().find_agent(p.agent);
    if (!agent) continue;
    // The pair is in use until the run ends, or the call is hung up
    // (sessions[].end: the agent closes and keeps nothing alive).
    Time end = trace.scenario().duration;
    for (const Json* e : m.events(p, "hangup")) end = std::min(end, TraceView::time_of(*e));
    const Duration tr = agent->keepalive;
    const Json* completed = nullptr;
    for (const Json* e : m.events(p, "ice-state"))
      if (!completed && sess::str_field(*e, "state") == "completed") completed = e;
    if (!completed) continue;
    const Time start = TraceView::time_of(*completed);
    if (end - start <= tr) continue;  // the run ended before a keepalive was due
    judged[p.index] = true;
    for (int component = 1; component <= p.components; ++component) {
      // The pairs selected for this component from completion on.
      std::vector<InUse> uses;
      for (const Json* e : m.events(p, "selected-pair")) {
        if (e->value("component", 0) != component || !e->contains("local") || !e->contains("remote")) continue;
        const Json& local = (*e)["local"];
        auto base = Endpoint::parse(sess::str_field(local, "base"));
        auto remote = Endpoint::parse(sess::str_field((*e)["remote"], "address"));
        if (!base || !remote) continue;
        const Time t = std::max(start, TraceView::time_of(*e));
        if (!uses.empty() && uses.back().from >= t) uses.pop_back();  // replaced before completion
        if (!uses.empty()) uses.back().to = t;
        uses.push_back(InUse{t, end, sess::str_field(local, "type") == "relay",
                             sess::str_field(local, "transport") == "tcp", *base, *remote, e});
      }
      for (const InUse& u : uses) {
        std::vector<Time> points{u.from};
        for (Time t : traffic(trace, trace.agent(p.agent) ? trace.agent(p.agent)->host : "", u))
          if (t > u.from && t < u.to) points.push_back(t);
        points.push_back(u.to);
        for (std::size_t i = 1; i < points.size(); ++i) {
          if (points[i] - points[i - 1] <= tr + kKeepaliveSlack) continue;
          const bool at_end = i + 1 == points.size();
          return Verdict::fail(sess::who(p) + " sent nothing on its selected pair " + u.base.to_string() + " -> " +
                               u.remote.to_string() + " (component " + std::to_string(component) + ") for " +
                               seconds(points[i] - points[i - 1]) + ", more than Tr " + seconds(tr) + ": from t=" +
                               TraceView::format_time(points[i - 1]) + (at_end ? " to the end of the run or of the pair's use at t=" : " to t=") +
                               TraceView::format_time(points[i]) + "; pair selected " +
                               trace.where_record(*u.record));
        }
        packets[p.index] += static_cast<int>(points.size()) - 2;
      }
    }
  }
  std::string d;
  for (const Party& p : m.parties()) {
    if (!judged[p.index]) continue;
    if (!d.empty()) d += "; ";
    d += sess::who(p) + ": " + std::to_string(packets[p.index]) +
         " packets on the selected pair after completion, none more than Tr apart";
  }
  if (d.empty()) return Verdict::not_applicable("no agent completed more than Tr before the run ended");
  return Verdict::pass(d);
}

}  // namespace

Check keepalive_check() {
  return Check{"RFC5245-10-keepalive", 5245, "10",
               "After ICE completes, an agent sends something (media or a keepalive) on each selected pair at least "
               "every Tr (its keepalive interval, 15 s by default).",
               judge_keepalive};
}

}  // namespace natlab::reports::checks
