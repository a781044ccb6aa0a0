#include "reports/checks/trace_view.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "agents/ice/rfc4571_framing.h"
#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/stun/demux.h"
#include "agents/stun/summary.h"
#include "agents/turn/stream_deframer.h"
#include "common/hex.h"

namespace natlab::reports::checks {

const char* to_string(Carrier c) {
  switch (c) {
    case Carrier::Direct: return "direct";
    case Carrier::SendIndication: return "in a Send indication";
    case Carrier::DataIndication: return "in a Data indication";
    case Carrier::ChannelData: return "in ChannelData";
  }
  return "direct";
}

bool StunOnWire::is_ice_check() const {
  return message.cls == stun::Class::Request && message.method_enum() == stun::Method::Binding &&
         message.find(stun::attr::Priority) != nullptr;
}

bool tcp_local_of(const Endpoint& candidate, const Endpoint& connection_local) {
  if (candidate == connection_local) return true;
  return candidate.port == kActiveTcpPort && candidate.address == connection_local.address;
}

std::string tid_hex(const stun::TransactionId& tid) { return to_hex(tid); }

std::string describe(const stun::Message& m) {
  return stun::method_name(m.method) + " " + stun::class_name(m.cls) + " tid=" + tid_hex(m.transaction_id);
}

std::string json_string(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<Endpoint> json_endpoint(const Json& j, const char* key) { return Endpoint::parse(json_string(j, key)); }

TraceView::TraceView(const sim::Scenario& scenario, std::vector<Json> records)
    : scenario_(&scenario), records_(std::move(records)) {
  index_packets();
  index_agents();
  index_records();
}

TraceView TraceView::from_jsonl(const sim::Scenario& scenario, std::string_view text) {
  std::vector<Json> records;
  std::size_t line = 0;
  while (!text.empty()) {
    ++line;
    std::size_t nl = text.find('\n');
    std::string_view l = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view{} : text.substr(nl + 1);
    if (l.empty()) continue;
    Json j = Json::parse(l, nullptr, false);
    if (j.is_discarded() || !j.is_object()) {
      throw std::runtime_error("trace line " + std::to_string(line) + " is not a JSON object");
    }
    records.push_back(std::move(j));
  }
  return TraceView(scenario, std::move(records));
}

Time TraceView::time_of(const Json& record) {
  auto it = record.find("t_ns");
  return Time(it != record.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0);
}

std::string TraceView::format_time(Time t) {
  char buf[48];
  std::snprintf(buf, sizeof buf, "%.6f s", static_cast<double>(t.count()) / 1e9);
  return buf;
}

std::size_t TraceView::index_of(const Json& record) const {
  return static_cast<std::size_t>(&record - records_.data());
}

NodeKind TraceView::node_kind(std::string_view node) const {
  if (node == "internet") return NodeKind::Internet;
  const std::string n(node);
  if (scenario_->find_server(n)) return NodeKind::Server;
  if (scenario_->find_nat(n)) return NodeKind::Nat;
  if (scenario_->find_host(n)) return NodeKind::Host;
  return NodeKind::Unknown;
}

bool TraceView::is_service_endpoint(const Endpoint& ep) const {
  for (const auto& s : scenario_->servers) {
    if (s.address != ep.address && !(s.alternate_address && *s.alternate_address == ep.address)) continue;
    if (s.stun && s.stun->port == ep.port) return true;
    if (s.turn && s.turn->port == ep.port) return true;
    // RFC 5780 7.2: a STUN server with an alternate address also answers
    // CHANGE-REQUEST from its alternate port, the one after its own
    // (sim/server_machine.cc), on both addresses.
    if (s.stun && !s.turn && s.alternate_address && s.stun->port + 1 == ep.port) return true;
  }
  return false;
}

const Endpoint* TraceView::lookup(const std::vector<std::pair<TupleKey, Endpoint>>& table, const TupleKey& k) const {
  // Latest binding wins: a client may re-allocate on the same 5-tuple.
  for (auto it = table.rbegin(); it != table.rend(); ++it)
    if (it->first == k) return &it->second;
  return nullptr;
}

void TraceView::unwrap(const Packet& p, std::span<const std::uint8_t> payload, std::vector<StunOnWire>& out,
                       bool record_malformed) {
  const auto kind = stun::classify(payload);
  if (kind == stun::PacketKind::ChannelData) {
    // A ChannelData message cut from a TCP stream comes without its padding.
    auto cd = stun::decode_channel_data(payload, false);
    if (!cd) {
      if (record_malformed) {
        malformed_.push_back({&p, std::string("ChannelData: ") + stun::to_string(cd.error),
                              std::vector<std::uint8_t>(payload.begin(), payload.end())});
      }
      return;
    }
    auto inner = stun::decode(cd.frame->data);
    if (!inner) return;  // media over a channel
    StunOnWire m{&p, Carrier::ChannelData, std::move(*inner.message), cd.frame->data, std::nullopt, std::nullopt};
    const bool to_server = is_service_endpoint(p.dst);
    const TupleKey tuple = to_server ? TupleKey{p.src, p.dst, 0} : TupleKey{p.dst, p.src, 0};
    const Endpoint* relayed = lookup(relayed_of_, tuple);
    const Endpoint* peer = lookup(peer_of_channel_, TupleKey{tuple.a, tuple.b, cd.frame->channel});
    if (relayed) (to_server ? m.src : m.dst) = *relayed;
    if (peer) (to_server ? m.dst : m.src) = *peer;
    out.push_back(std::move(m));
    return;
  }
  if (kind != stun::PacketKind::Stun) return;
  auto r = stun::decode(payload);
  if (!r) {
    if (record_malformed) {
      malformed_.push_back({&p, std::string("STUN: ") + stun::to_string(r.error),
                            std::vector<std::uint8_t>(payload.begin(), payload.end())});
    }
    return;
  }
  const stun::Message& msg = *r.message;
  out.push_back(StunOnWire{&p, Carrier::Direct, msg, std::vector<std::uint8_t>(payload.begin(), payload.end()), p.src,
                           p.dst});

  // What this hop teaches about the 5-tuple (client side key: client, server).
  const bool from_server = is_service_endpoint(p.src);
  const TupleKey tuple = from_server ? TupleKey{p.dst, p.src, 0} : TupleKey{p.src, p.dst, 0};
  if (msg.method_enum() == stun::Method::Allocate && msg.cls == stun::Class::Success) {
    if (auto relayed = msg.get<stun::XorRelayedAddress>()) relayed_of_.push_back({tuple, relayed->endpoint});
  }
  if (msg.method_enum() == stun::Method::ChannelBind && msg.cls == stun::Class::Request) {
    auto ch = msg.get<stun::ChannelNumber>();
    auto peer = msg.get<stun::XorPeerAddress>();
    if (ch && peer) peer_of_channel_.push_back({TupleKey{tuple.a, tuple.b, ch->number}, peer->endpoint});
  }
  if (msg.cls != stun::Class::Indication) return;
  const bool send = msg.method_enum() == stun::Method::Send;
  if (!send && msg.method_enum() != stun::Method::Data) return;
  auto data = msg.get<stun::DataAttr>();
  auto peer = msg.get<stun::XorPeerAddress>();
  if (!data) return;
  auto inner = stun::decode(data->bytes);
  if (!inner) return;
  StunOnWire m{&p, send ? Carrier::SendIndication : Carrier::DataIndication, std::move(*inner.message), data->bytes,
               std::nullopt, std::nullopt};
  const Endpoint* relayed = lookup(relayed_of_, tuple);
  if (send) {
    if (relayed) m.src = *relayed;
    if (peer) m.dst = peer->endpoint;
  } else {
    if (peer) m.src = peer->endpoint;
    if (relayed) m.dst = *relayed;
  }
  out.push_back(std::move(m));
}

void TraceView::index_packets() {
  for (std::size_t i = 0; i < records_.size(); ++i) {
    const Json& r = records_[i];
    if (json_string(r, "kind") != "packet") continue;
    Packet p;
    p.record = i;
    p.t = time_of(r);
    p.wire = json_string(r, "wire");
    p.from = json_string(r, "from");
    p.to = json_string(r, "to");
    p.src = json_endpoint(r, "src").value_or(Endpoint{});
    p.dst = json_endpoint(r, "dst").value_or(Endpoint{});
    p.proto = json_string(r, "proto");
    p.size = r.value("size", std::size_t{0});
    p.lost = r.value("lost", false) || r.contains("dropped");  // either way it never arrived
    if (auto hex = from_hex(json_string(r, "payload"))) p.payload = std::move(*hex);
    if (auto seq = r.find("seq"); seq != r.end() && seq->is_number_unsigned()) p.seq = seq->get<std::uint32_t>();
    p.flags = json_string(r, "flags");
    const NodeKind fk = node_kind(p.from), tk = node_kind(p.to);
    p.first_hop = fk == NodeKind::Host || fk == NodeKind::Server;
    p.last_hop = tk == NodeKind::Host || tk == NodeKind::Server;
    p.relay_hop = fk == NodeKind::Server && !is_service_endpoint(p.src);
    packets_.push_back(std::move(p));
  }
  // Busy periods per wire and direction: ns-3's point-to-point device sends
  // the IP datagram plus a 2-byte PPP header at the link's bandwidth.
  std::map<std::pair<std::string, std::string>, std::pair<Time, Time>> busy;  // -> (free at, busy since)
  for (Packet& p : packets_) {
    const std::string child = p.wire.substr(std::min(p.wire.size(), p.wire.find("<->") + 3));
    std::uint64_t bps = scenario_->links.bandwidth_bps;
    if (const auto* h = scenario_->find_host(child)) bps = h->link.bandwidth_bps;
    if (const auto* n = scenario_->find_nat(child)) bps = n->link.bandwidth_bps;
    if (const auto* v = scenario_->find_server(child)) bps = v->link.bandwidth_bps;
    const Time tx((static_cast<std::int64_t>(p.size) + 2) * 8 * 1'000'000'000LL / static_cast<std::int64_t>(std::max<std::uint64_t>(bps, 1)));
    auto& [free_at, since] = busy[{p.wire, p.from}];
    const bool queued = free_at.count() > 0 && p.t <= free_at + std::chrono::microseconds(1);
    if (!queued) since = p.t;
    p.busy_since = since;
    free_at = p.t + tx;
  }
  index_streams();
}

namespace {

// One direction of a TCP connection on one wire, as a first hop (what the
// sender sent, lost segments included), a last hop (what arrived) or a
// middle hop.
enum class StreamHop { Sent, Received, Middle };
struct TcpStreamKey {
  StreamHop hop = StreamHop::Sent;
  std::string wire, from;
  Endpoint src, dst;
  auto operator<=>(const TcpStreamKey&) const = default;
};
struct TcpStreamState {
  bool started = false;
  std::uint32_t next = 0;  // sequence number of the next byte in order
  std::vector<std::pair<std::uint32_t, std::vector<std::uint8_t>>> ahead;  // out of order, by arrival
  bool service = false;    // to or from a STUN/TURN service: STUN and ChannelData back to back
  ice::Rfc4571Deframer rfc4571;
  turn::StreamDeframer stun_turn;
};

// Signed distance from `b` to `a` in sequence space (RFC 793 3.3: modulo 2^32).
std::int64_t seq_after(std::uint32_t a, std::uint32_t b) { return static_cast<std::int32_t>(a - b); }

// Appends the in-order part of a segment at `seq` to `out`; keeps a segment
// that starts beyond the next expected byte for later.
void reassemble(TcpStreamState& s, std::uint32_t seq, const std::vector<std::uint8_t>& data,
                std::vector<std::uint8_t>& out) {
  if (!s.started) {  // no SYN in the trace: the first data starts the stream
    s.started = true;
    s.next = seq;
  }
  s.ahead.push_back({seq, data});
  for (bool progress = true; progress;) {
    progress = false;
    for (auto it = s.ahead.begin(); it != s.ahead.end(); ++it) {
      const std::int64_t rel = seq_after(it->first, s.next);
      if (rel > 0) continue;
      const std::size_t skip = static_cast<std::size_t>(-rel);
      if (skip < it->second.size()) {  // else a retransmission of bytes already had
        out.insert(out.end(), it->second.begin() + static_cast<std::ptrdiff_t>(skip), it->second.end());
        s.next += static_cast<std::uint32_t>(it->second.size() - skip);
      }
      s.ahead.erase(it);
      progress = true;
      break;
    }
  }
}

}  // namespace

void TraceView::index_streams() {
  std::map<TcpStreamKey, TcpStreamState> streams;
  // Pointers into packets_ are stable from here on.
  for (const Packet& p : packets_) {
    if (p.proto != "tcp") {
      if (p.payload.empty()) continue;
      if (p.first_hop) unwrap(p, p.payload, sent_, true);
      if (p.last_hop && !p.lost) unwrap(p, p.payload, received_, false);
      if (!p.first_hop && !(p.last_hop && !p.lost)) {
        std::vector<StunOnWire> ignored;  // middle hops still teach 5-tuple bindings
        unwrap(p, p.payload, ignored, false);
      }
      continue;
    }
    std::vector<StreamHop> hops;
    if (p.first_hop) hops.push_back(StreamHop::Sent);
    if (p.last_hop && !p.lost) hops.push_back(StreamHop::Received);
    if (!p.first_hop && !p.last_hop && !p.lost) hops.push_back(StreamHop::Middle);
    for (StreamHop hop : hops) {
      TcpStreamState& s = streams[TcpStreamKey{hop, p.wire, p.from, p.src, p.dst}];
      if (p.flags.find("SYN") != std::string::npos) {
        // A SYN starts a connection (again, after TIME_WAIT): RFC 793 3.3,
        // the first data byte is ISN + 1.
        s = TcpStreamState();
        s.started = true;
        s.next = p.seq + 1;
      }
      if (p.payload.empty()) continue;
      s.service = is_service_endpoint(p.src) || is_service_endpoint(p.dst);
      std::vector<std::uint8_t> bytes;
      reassemble(s, p.seq, p.payload, bytes);
      if (bytes.empty()) continue;
      std::vector<std::vector<std::uint8_t>> messages;
      if (s.service) {
        // RFC 5389 7.2.2 / RFC 5766 11.5: STUN messages and ChannelData back to back.
        s.stun_turn.push(bytes);
        while (auto f = s.stun_turn.next()) messages.push_back(std::move(f->bytes));
      } else {
        // RFC 6544 3: ICE-TCP carries STUN and media in RFC 4571 frames.
        s.rfc4571.feed(bytes);
        while (auto f = s.rfc4571.next()) messages.push_back(std::move(*f));
      }
      for (auto& m : messages) {
        if (hop == StreamHop::Sent) sent_stream_.push_back(StreamMessage{&p, m});
        // In RFC 4571 frames only STUN is ICE's; the rest is media.
        if (!s.service && stun::classify(m) != stun::PacketKind::Stun) continue;
        if (hop == StreamHop::Sent) {
          unwrap(p, m, sent_, true);
        } else if (hop == StreamHop::Received) {
          unwrap(p, m, received_, false);
        } else {
          std::vector<StunOnWire> ignored;
          unwrap(p, m, ignored, false);
        }
      }
    }
  }
}

void TraceView::index_agents() {
  for (const auto& a : scenario_->agents) {
    AgentInfo info;
    info.name = a.name;
    info.config = &a;
    info.host = a.host;
    agents_.push_back(std::move(info));
  }
  for (const Json& r : records_) {
    if (json_string(r, "kind") != "agent" || json_string(r, "event") != "candidate-gathered") continue;
    auto it = std::find_if(agents_.begin(), agents_.end(), [&](const AgentInfo& a) { return a.name == json_string(r, "agent"); });
    if (it == agents_.end() || !r.contains("candidate") || !r["candidate"].is_object()) continue;
    const Json& c = r["candidate"];
    it->candidates.push_back(c);
    if (json_string(c, "type") == "host") {
      if (auto ep = Endpoint::parse(json_string(c, "address"))) it->sockets.push_back(*ep);
    }
  }
}

const AgentInfo* TraceView::agent(std::string_view name) const {
  for (const auto& a : agents_)
    if (a.name == name) return &a;
  return nullptr;
}

Endpoint TraceView::local_socket(const StunOnWire& m, bool sent) const {
  const Endpoint& local = sent ? m.packet->src : m.packet->dst;
  if (!m.tcp() || agent_by_socket(local)) return local;
  const Endpoint active{local.address, kActiveTcpPort};
  const AgentInfo* a = agent_by_socket(active);
  return a && a->host == (sent ? m.packet->from : m.packet->to) ? active : local;
}

const AgentInfo* TraceView::agent_by_socket(const Endpoint& ep) const {
  for (const auto& a : agents_)
    if (std::find(a.sockets.begin(), a.sockets.end(), ep) != a.sockets.end()) return &a;
  return nullptr;
}

void TraceView::index_records() {
  for (const Json& r : records_) {
    const std::string kind = json_string(r, "kind");
    if (kind == "agent") {
      const std::string agent = json_string(r, "agent"), event = json_string(r, "event");
      events_by_name_[""].push_back(&r);
      events_by_name_[event].push_back(&r);
      events_by_agent_[{agent, ""}].push_back(&r);
      events_by_agent_[{agent, event}].push_back(&r);
    } else if (kind == "nat") {
      nat_by_name_[""].push_back(&r);
      nat_by_name_[json_string(r, "nat")].push_back(&r);
    }
  }
}

std::vector<const Json*> TraceView::events(std::string_view event) const {
  auto it = events_by_name_.find(event);
  return it == events_by_name_.end() ? std::vector<const Json*>{} : it->second;
}

std::vector<const Json*> TraceView::events_of(std::string_view agent, std::string_view event) const {
  auto it = events_by_agent_.find(std::make_pair(std::string(agent), std::string(event)));
  return it == events_by_agent_.end() ? std::vector<const Json*>{} : it->second;
}

std::vector<const Json*> TraceView::nat_records(std::string_view nat) const {
  auto it = nat_by_name_.find(nat);
  return it == nat_by_name_.end() ? std::vector<const Json*>{} : it->second;
}

std::string TraceView::where(const Packet& p) const {
  return "t=" + format_time(p.t) + ", trace line " + std::to_string(p.record + 1) + ", wire " + p.wire + ", " +
         p.src.to_string() + " -> " + p.dst.to_string();
}

std::string TraceView::where(const StunOnWire& m) const {
  std::string s = where(*m.packet) + ", " + describe(m.message);
  if (m.carrier != Carrier::Direct) s += std::string(" ") + to_string(m.carrier);
  return s;
}

std::string TraceView::where_record(const Json& record) const {
  std::string s = "t=" + format_time(time_of(record)) + ", trace line " + std::to_string(index_of(record) + 1);
  if (!json_string(record, "agent").empty()) s += ", agent " + json_string(record, "agent");
  if (!json_string(record, "event").empty()) s += " event " + json_string(record, "event");
  if (!json_string(record, "nat").empty()) s += ", nat " + json_string(record, "nat") + " " + json_string(record, "action");
  return s;
}

}  // namespace natlab::reports::checks
