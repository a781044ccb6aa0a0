#include "reports/checks/trace_view.h"

#include <algorithm>
#include <cstdio>
#include <map>
#include <stdexcept>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/stun/demux.h"
#include "agents/stun/summary.h"
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

void TraceView::unwrap(const Packet& p, std::vector<StunOnWire>& out, bool record_malformed) {
  const auto kind = stun::classify(p.payload);
  if (kind == stun::PacketKind::ChannelData) {
    auto cd = stun::decode_channel_data(p.payload, p.proto == "tcp");
    if (!cd) {
      if (record_malformed) malformed_.push_back({&p, std::string("ChannelData: ") + stun::to_string(cd.error)});
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
  auto r = stun::decode(p.payload);
  if (!r) {
    if (record_malformed) malformed_.push_back({&p, std::string("STUN: ") + stun::to_string(r.error)});
    return;
  }
  const stun::Message& msg = *r.message;
  out.push_back(StunOnWire{&p, Carrier::Direct, msg, p.payload, p.src, p.dst});

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
  // Pointers into packets_ are stable from here on.
  for (const Packet& p : packets_) {
    if (p.payload.empty()) continue;
    if (p.first_hop) unwrap(p, sent_, true);
    if (p.last_hop && !p.lost) unwrap(p, received_, false);
    if (!p.first_hop && !(p.last_hop && !p.lost)) {
      std::vector<StunOnWire> ignored;  // middle hops still teach 5-tuple bindings
      unwrap(p, ignored, false);
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
