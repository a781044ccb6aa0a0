#include "reports/checks/rfc5766_wire.h"

#include <cstdio>
#include <map>
#include <utility>

#include "agents/stun/attributes.h"
#include "agents/stun/demux.h"

namespace natlab::reports::checks {

using stun::Class;
using stun::Method;

bool is_turn_method(const stun::Message& m) {
  switch (m.method_enum()) {
    case Method::Allocate:
    case Method::Refresh:
    case Method::Send:
    case Method::Data:
    case Method::CreatePermission:
    case Method::ChannelBind:
      return true;
    default:
      return false;
  }
}

bool to_turn_server(const TraceView& trace, const StunOnWire& m) {
  const Packet& p = *m.packet;
  return m.carrier == Carrier::Direct && p.last_hop && trace.node_kind(p.to) == NodeKind::Server &&
         trace.is_service_endpoint(p.dst);
}

bool from_turn_server(const TraceView& trace, const StunOnWire& m) {
  const Packet& p = *m.packet;
  return m.carrier == Carrier::Direct && p.first_hop && trace.node_kind(p.from) == NodeKind::Server &&
         trace.is_service_endpoint(p.src);
}

bool from_host_to_server(const TraceView& trace, const StunOnWire& m) {
  const Packet& p = *m.packet;
  return m.carrier == Carrier::Direct && p.first_hop && trace.node_kind(p.from) == NodeKind::Host &&
         trace.is_service_endpoint(p.dst);
}

bool to_host_from_server(const TraceView& trace, const StunOnWire& m) {
  const Packet& p = *m.packet;
  return m.carrier == Carrier::Direct && p.last_hop && trace.node_kind(p.to) == NodeKind::Host &&
         trace.is_service_endpoint(p.src);
}

int TurnExchange::error_code() const {
  if (response->message.cls != Class::Error) return 0;
  auto ec = response->message.get<stun::ErrorCode>();
  return ec ? ec->code : 0;
}

const PermissionSpan* WireAllocation::permission_at(const IpAddress& peer, Time t, Duration slack) const {
  if (t < created || t >= end + slack) return nullptr;
  for (const auto& s : permissions) {
    const Time until = s.until < end ? s.until : end;
    if (s.peer == peer && s.from <= t && t < until + slack) return &s;
  }
  return nullptr;
}

const ChannelSpan* WireAllocation::channel_at(std::uint16_t number, Time t, Duration slack) const {
  if (t < created || t >= end + slack) return nullptr;
  const ChannelSpan* found = nullptr;
  for (const auto& s : channels) {
    const Time until = s.until < end ? s.until : end;
    if (s.number == number && s.from <= t && t < until + slack) found = &s;  // the latest binding wins
  }
  return found;
}

TurnWire::TurnWire(const TraceView& trace) {
  pair_exchanges(trace);
  build_allocations(trace);
}

void TurnWire::pair_exchanges(const TraceView& trace) {
  using Key = std::pair<TurnTuple, stun::TransactionId>;
  std::map<Key, std::vector<const StunOnWire*>> requests;
  for (const auto& m : trace.received_stun()) {
    if (m.message.cls != Class::Request || !is_turn_method(m.message) || !to_turn_server(trace, m)) continue;
    requests[{TurnTuple{m.packet->src, m.packet->dst}, m.message.transaction_id}].push_back(&m);
  }
  for (const auto& m : trace.sent_stun()) {
    if (m.message.cls != Class::Success && m.message.cls != Class::Error) continue;
    if (!is_turn_method(m.message) || !from_turn_server(trace, m)) continue;
    TurnExchange x;
    x.tuple = TurnTuple{m.packet->dst, m.packet->src};
    x.server = m.packet->from;
    x.response = &m;
    auto it = requests.find({x.tuple, m.message.transaction_id});
    if (it != requests.end()) {
      for (const StunOnWire* r : it->second)
        if (r->packet->record < m.packet->record && r->message.method == m.message.method) x.request = r;
    }
    exchanges_.push_back(x);
  }
}

Duration granted_lifetime(const TraceView& trace, const TurnExchange& x) {
  if (auto lt = x.response->message.get<stun::Lifetime>()) return std::chrono::seconds(lt->seconds);
  const sim::TurnService* service = turn_service(trace, x.server);
  return service ? service->default_lifetime : Duration(std::chrono::seconds(600));
}

void TurnWire::build_allocations(const TraceView& trace) {
  // Index of the allocation live on a 5-tuple while building.
  auto live_on = [&](const TurnTuple& tuple, Time t) -> WireAllocation* {
    for (auto it = allocations_.rbegin(); it != allocations_.rend(); ++it)
      if (it->tuple == tuple && it->live_at(t)) return &*it;
    return nullptr;
  };
  for (const TurnExchange& x : exchanges_) {
    if (!x.success()) continue;
    const Time t = x.t();
    const stun::Message& answer = x.response->message;
    switch (answer.method_enum()) {
      case Method::Allocate: {
        auto relayed = answer.get<stun::XorRelayedAddress>();
        if (!relayed) break;
        // RFC 5766 6.2: a retransmitted Allocate gets the same success again;
        // it does not make a second allocation or restart the lifetime.
        if (WireAllocation* a = live_on(x.tuple, t); a && a->relayed == relayed->endpoint) break;
        WireAllocation a;
        a.tuple = x.tuple;
        a.server = x.server;
        a.relayed = relayed->endpoint;
        if (x.request)
          if (auto user = x.request->message.get<stun::Username>()) a.username = user->value;
        a.created_by = &x;
        a.created = t;
        a.end = t + granted_lifetime(trace, x);
        allocations_.push_back(std::move(a));
        break;
      }
      case Method::Refresh: {
        WireAllocation* a = live_on(x.tuple, t);
        if (!a) break;
        std::optional<stun::Lifetime> asked;
        if (x.request) asked = x.request->message.get<stun::Lifetime>();
        // RFC 5766 7.2: a LIFETIME of 0 deletes the allocation at once.
        const Duration granted = granted_lifetime(trace, x);
        if ((asked && asked->seconds == 0) || granted == Duration::zero()) {
          a->end = t;
          a->deleted_by = &x;
        } else {
          a->end = t + granted;
        }
        break;
      }
      case Method::CreatePermission: {
        WireAllocation* a = live_on(x.tuple, t);
        if (!a || !x.request) break;
        // RFC 5766 9.2: one permission per XOR-PEER-ADDRESS, port ignored.
        for (const auto& at : x.request->message.attributes) {
          if (at.type != stun::attr::XorPeerAddress) continue;
          auto peer = stun::XorPeerAddress::decode_value(at.value, x.request->message.transaction_id);
          if (peer) a->permissions.push_back({peer->endpoint.address, t, t + kPermissionLifetime, &x});
        }
        break;
      }
      case Method::ChannelBind: {
        WireAllocation* a = live_on(x.tuple, t);
        if (!a || !x.request) break;
        auto number = x.request->message.get<stun::ChannelNumber>();
        auto peer = x.request->message.get<stun::XorPeerAddress>();
        if (!number || !peer) break;
        // RFC 5766 11.2: the binding, and a permission for the peer's address.
        a->channels.push_back({number->number, peer->endpoint, t, t + kChannelLifetime, &x});
        a->permissions.push_back({peer->endpoint.address, t, t + kPermissionLifetime, &x});
        break;
      }
      default:
        break;
    }
  }
}

const WireAllocation* TurnWire::by_relayed(const Endpoint& relayed, Time t) const {
  const WireAllocation* found = nullptr;
  for (const auto& a : allocations_)
    if (a.relayed == relayed && a.created <= t) found = &a;
  return found;
}

const WireAllocation* TurnWire::by_tuple(const TurnTuple& tuple, Time t) const {
  const WireAllocation* found = nullptr;
  for (const auto& a : allocations_)
    if (a.tuple == tuple && a.created <= t) found = &a;
  return found;
}

const TurnExchange* TurnWire::answer_to(const TurnTuple& tuple, const stun::TransactionId& tid) const {
  for (const auto& x : exchanges_)
    if (x.tuple == tuple && x.response->message.transaction_id == tid) return &x;
  return nullptr;
}

const sim::TurnService* turn_service(const TraceView& trace, const std::string& server) {
  const sim::Server* s = trace.scenario().find_server(server);
  return s && s->turn ? &*s->turn : nullptr;
}

std::optional<ChannelDataHeader> channel_data_header(const Packet& p) {
  if (p.payload.size() < 4 || stun::classify(p.payload) != stun::PacketKind::ChannelData) return std::nullopt;
  ChannelDataHeader h;
  h.channel = static_cast<std::uint16_t>(p.payload[0] << 8 | p.payload[1]);
  h.length = static_cast<std::uint16_t>(p.payload[2] << 8 | p.payload[3]);
  return h;
}

std::vector<RelayedByServer> relayed_by_servers(const TraceView& trace) {
  std::vector<RelayedByServer> out;
  std::size_t next_stun = 0;
  const auto& sent = trace.sent_stun();
  for (const Packet& p : trace.packets()) {
    // Only TURN servers relay; a STUN server answering from its RFC 5780
    // alternate port is not relaying.
    if (!p.first_hop || trace.node_kind(p.from) != NodeKind::Server || !turn_service(trace, p.from)) continue;
    if (p.relay_hop) {
      RelayedByServer r;
      r.kind = RelayedByServer::ToPeer;
      r.packet = &p;
      r.peer = p.dst;
      out.push_back(r);
      continue;
    }
    if (auto h = channel_data_header(p)) {
      RelayedByServer r;
      r.kind = RelayedByServer::ChannelData;
      r.packet = &p;
      r.tuple = TurnTuple{p.dst, p.src};
      r.channel = h->channel;
      out.push_back(r);
      continue;
    }
    // The Data indication this packet carries, if any (sent_stun is in packet order).
    while (next_stun < sent.size() && sent[next_stun].packet->record < p.record) ++next_stun;
    for (std::size_t i = next_stun; i < sent.size() && sent[i].packet == &p; ++i) {
      const StunOnWire& m = sent[i];
      if (m.carrier != Carrier::Direct || m.message.cls != Class::Indication ||
          m.message.method_enum() != Method::Data)
        continue;
      RelayedByServer r;
      r.kind = RelayedByServer::DataIndication;
      r.packet = &p;
      r.indication = &m;
      r.tuple = TurnTuple{p.dst, p.src};
      if (auto peer = m.message.get<stun::XorPeerAddress>()) r.peer = peer->endpoint;
      out.push_back(r);
    }
  }
  return out;
}

std::string format_seconds(Duration d) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.9g s", static_cast<double>(d.count()) / 1e9);
  return buf;
}

std::string channel_hex(int channel) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "0x%04X", static_cast<unsigned>(channel));
  return buf;
}

std::string where_answer(const TraceView& trace, const TurnExchange& x) { return trace.where(*x.response); }

}  // namespace natlab::reports::checks
