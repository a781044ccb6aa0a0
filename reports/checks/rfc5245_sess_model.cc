#include "reports/checks/rfc5245_sess_model.h"

#include <algorithm>
#include <map>

#include "agents/stun/attributes.h"

namespace natlab::reports::checks::sess {

const char* to_string(Role r) { return r == Role::Controlling ? "controlling" : "controlled"; }

std::string str_field(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string endpoint_text(const std::optional<Endpoint>& e) { return e ? e->to_string() : std::string("?"); }

std::string who(const Party& p) { return p.agent + " in session " + p.session; }

std::string per_party(const SessionModel& m, const std::vector<int>& counts, const std::string& noun) {
  std::string out;
  for (const Party& p : m.parties()) {
    if (p.index >= counts.size() || counts[p.index] == 0) continue;
    if (!out.empty()) out += "; ";
    out += who(p) + ": " + std::to_string(counts[p.index]) + " " + noun;
  }
  return out;
}

bool same_connection(const SentCheck& c, const Response& received) {
  if (c.stun->tcp() != received.stun->tcp()) return false;
  if (!c.stun->tcp()) return true;
  const Packet& out = *c.stun->packet;
  const Packet& in = *received.stun->packet;
  return in.dst == out.src && in.src == out.dst;
}

int Response::error_code() const {
  auto e = stun->message.get<stun::ErrorCode>();
  return e ? e->code : 0;
}

namespace {

bool contains(const std::vector<Endpoint>& v, const Endpoint& e) { return std::find(v.begin(), v.end(), e) != v.end(); }

std::optional<Role> parse_role(const std::string& s) {
  if (s == "controlling") return Role::Controlling;
  if (s == "controlled") return Role::Controlled;
  return std::nullopt;
}

bool is_binding(const StunOnWire& m, stun::Class cls) {
  return m.message.cls == cls && m.message.method_enum() == stun::Method::Binding;
}

bool is_response(const StunOnWire& m) {
  return m.message.method_enum() == stun::Method::Binding &&
         (m.message.cls == stun::Class::Success || m.message.cls == stun::Class::Error);
}

}  // namespace

SessionModel::SessionModel(const TraceView& trace) : trace_(&trace) {
  find_parties();
  find_roles();
  find_checks();
  find_responses();
}

void SessionModel::find_parties() {
  const sim::Scenario& sc = trace_->scenario();
  for (const auto& s : sc.sessions) {
    for (int side = 0; side < 2; ++side) {
      Party p;
      p.session = s.name;
      p.agent = side == 0 ? s.controlling : s.controlled;
      p.peer = side == 0 ? s.controlled : s.controlling;
      p.initial_role = side == 0 ? Role::Controlling : Role::Controlled;
      if (const sim::Agent* a = sc.find_agent(p.agent)) p.components = a->components;
      p.sole_session = std::count_if(sc.sessions.begin(), sc.sessions.end(), [&](const sim::Session& o) {
                         return o.controlling == p.agent || o.controlled == p.agent;
                       }) == 1;
      p.from = Time{s.start};
      for (const auto& o : sc.sessions)
        if ((o.controlling == p.agent || o.controlled == p.agent) && o.start > s.start &&
            (!p.until || Time{o.start} < *p.until))
          p.until = Time{o.start};
      p.index = parties_.size();
      parties_.push_back(std::move(p));
    }
  }
  // Signalling: each description as the agent sent it and as its peer got it.
  for (const Json* r : trace_->events({})) {
    const std::string ev = str_field(*r, "event");
    if (ev != "offer-sent" && ev != "answer-sent" && ev != "offer-received" && ev != "answer-received") continue;
    const std::string agent = str_field(*r, "agent");
    const std::string session = str_field(*r, "session");
    auto d = ice::parse_description(str_field(*r, "sdp"));
    if (!d) continue;
    for (Party& p : parties_) {
      if (p.session != session || p.agent != agent) continue;
      if (ev.ends_with("-sent")) p.sdp = *d;
      else p.peer_sdp = *d;
    }
  }
  for (Party& p : parties_) {
    if (!p.peer_sdp) {
      if (const Party* q = party(p.session, p.peer); q && q->sdp) p.peer_sdp = q->sdp;
    }
    auto add_base = [&p](const Endpoint& e, int component) {
      if (contains(p.bases, e)) return;
      p.bases.push_back(e);
      p.base_components.push_back(component);
    };
    if (p.sdp) {
      for (const auto& c : p.sdp->candidates)
        if (c.type == ice::CandidateType::Host || c.type == ice::CandidateType::Relayed) add_base(c.address, c.component);
    }
    if (p.sole_session) {
      // Hand-made traces may lack the SDP: the gathered candidates tell the same.
      if (const AgentInfo* a = trace_->agent(p.agent)) {
        for (const Json& c : a->candidates) {
          const std::string type = str_field(c, "type");
          if (type != "host" && type != "relay") continue;
          const int component = c.value("component", 1);
          if (auto e = Endpoint::parse(str_field(c, "address"))) add_base(*e, component);
        }
      }
    }
  }
}

std::optional<int> Party::component_of(const Endpoint& base) const {
  for (std::size_t i = 0; i < bases.size(); ++i)
    if (bases[i] == base) return base_components[i];
  return std::nullopt;
}

const Party* SessionModel::party(std::string_view session, std::string_view agent) const {
  for (const Party& p : parties_)
    if (p.session == session && p.agent == agent) return &p;
  return nullptr;
}

const Party* SessionModel::party_at(std::string_view agent, const Endpoint& base, std::optional<Time> t) const {
  const Party *sole = nullptr, *first_match = nullptr, *on_then = nullptr;
  for (const Party& p : parties_) {
    if (p.agent != agent) continue;
    const bool on = t && p.during(*t);
    if (contains(p.bases, base)) {
      if (!t || on) return &p;
      if (!first_match) first_match = &p;
    }
    if (p.sole_session) sole = &p;
    if (on && !on_then) on_then = &p;
  }
  if (first_match) return first_match;
  return sole ? sole : on_then;
}

const Party* SessionModel::party_of_event(const Json& record) const {
  const std::string agent = str_field(record, "agent");
  std::optional<Endpoint> local;
  auto it = record.find("local");
  if (it != record.end()) {
    if (it->is_string()) local = Endpoint::parse(it->get<std::string>());
    else if (it->is_object()) local = Endpoint::parse(str_field(*it, "base"));
  }
  const Time t = TraceView::time_of(record);
  if (local) return party_at(agent, *local, t);
  for (const Party& p : parties_)
    if (p.agent == agent && p.sole_session) return &p;
  for (const Party& p : parties_)
    if (p.agent == agent && p.during(t)) return &p;
  return nullptr;
}

std::vector<const Json*> SessionModel::events(const Party& p, std::string_view event) const {
  std::vector<const Json*> out;
  for (const Json* r : trace_->events_of(p.agent, event))
    if (party_of_event(*r) == &p) out.push_back(r);
  return out;
}

void SessionModel::find_roles() {
  roles_.assign(parties_.size(), {});
  for (const Json* r : trace_->events("role-conflict")) {
    const Party* p = party_of_event(*r);
    if (!p) continue;
    auto before = parse_role(str_field(*r, "role_before"));
    auto after = parse_role(str_field(*r, "role_after"));
    if (!before || !after) continue;
    roles_[p->index].push_back(
        RoleChange{r, *before, *after, r->value("sent_487", false), r->value("received_487", false)});
  }
}

Role SessionModel::role_before(const Party& p, std::size_t record) const {
  Role role = p.initial_role;
  for (const RoleChange& c : roles_[p.index]) {
    if (trace_->index_of(*c.record) >= record) break;
    role = c.after;
  }
  return role;
}

Role SessionModel::role_after(const Party& p, Time t) const {
  Role role = p.initial_role;
  for (const RoleChange& c : roles_[p.index]) {
    if (TraceView::time_of(*c.record) > t) break;
    role = c.after;
  }
  return role;
}

std::optional<std::uint64_t> SessionModel::tie_breaker(const Party& p) const {
  for (const SentCheck& c : sent_) {
    if (c.party != &p) continue;
    if (auto a = c.stun->message.get<stun::IceControlling>()) return a->tie_breaker;
    if (auto b = c.stun->message.get<stun::IceControlled>()) return b->tie_breaker;
  }
  return std::nullopt;
}

const AgentInfo* SessionModel::agent_on(const std::string& host, const Endpoint& socket) const {
  const AgentInfo* a = trace_->agent_by_socket(socket);
  if (a) return a->host == host ? a : nullptr;
  // A port none of its candidates names: the host's only agent, if it has one.
  const AgentInfo* only = nullptr;
  for (const AgentInfo& x : trace_->agents()) {
    if (x.host != host) continue;
    if (only) return nullptr;
    only = &x;
  }
  return only;
}

void SessionModel::find_checks() {
  // Sent: Binding requests leaving an agent's host from one of its sockets,
  // bound for a peer: wrapped in TURN framing, or direct to an address that
  // is no STUN/TURN service (those are gathering requests).
  std::map<std::pair<std::size_t, stun::TransactionId>, std::size_t> first_of;
  for (const StunOnWire& m : trace_->sent_stun()) {
    if (!is_binding(m, stun::Class::Request)) continue;
    if (trace_->node_kind(m.packet->from) != NodeKind::Host) continue;
    if (m.carrier == Carrier::Direct && trace_->is_service_endpoint(m.packet->dst)) continue;
    const Endpoint socket = trace_->local_socket(m, true);
    const AgentInfo* a = agent_on(m.packet->from, socket);
    if (!a) continue;
    SentCheck c;
    c.stun = &m;
    c.local = m.carrier == Carrier::Direct ? std::optional<Endpoint>(socket) : m.src;
    c.remote = m.dst;
    c.party = party_at(a->name, c.local.value_or(socket), m.packet->t);
    if (!c.party) c.party = party_at(a->name, socket, m.packet->t);
    if (!c.party) continue;
    auto [it, fresh] = first_of.try_emplace({c.party->index, m.message.transaction_id}, sent_.size());
    c.first = it->second;
    c.retransmit = !fresh;
    if (fresh) by_tid_.push_back({m.message.transaction_id, sent_.size()});
    sent_.push_back(c);
  }
  std::sort(by_tid_.begin(), by_tid_.end());
  // Received: Binding requests arriving at an agent's socket, from a peer.
  for (const StunOnWire& m : trace_->received_stun()) {
    if (!is_binding(m, stun::Class::Request)) continue;
    if (trace_->node_kind(m.packet->to) != NodeKind::Host) continue;
    if (m.carrier == Carrier::Direct && trace_->is_service_endpoint(m.packet->src)) continue;
    const Endpoint socket = trace_->local_socket(m, false);
    const AgentInfo* a = agent_on(m.packet->to, socket);
    if (!a) continue;
    ReceivedCheck rc;
    rc.stun = &m;
    rc.local = m.carrier == Carrier::Direct ? std::optional<Endpoint>(socket) : m.dst;
    rc.remote = m.src;
    rc.party = party_at(a->name, rc.local.value_or(socket), m.packet->t);
    if (!rc.party) rc.party = party_at(a->name, socket, m.packet->t);
    if (!rc.party) continue;
    rc.sent = check_by_tid(m.message.transaction_id);
    received_.push_back(rc);
  }
}

std::optional<std::size_t> SessionModel::check_by_tid(const stun::TransactionId& tid) const {
  auto it = std::lower_bound(by_tid_.begin(), by_tid_.end(), tid,
                             [](const auto& e, const stun::TransactionId& t) { return e.first < t; });
  if (it == by_tid_.end() || it->first != tid) return std::nullopt;
  return it->second;
}

const ReceivedCheck* SessionModel::arrival_of(const Response& sent) const {
  const ReceivedCheck* found = nullptr;
  for (const ReceivedCheck& rc : received_) {
    if (rc.stun->packet->record >= sent.stun->packet->record) break;
    if (rc.party == sent.party && rc.stun->message.transaction_id == sent.stun->message.transaction_id) found = &rc;
  }
  return found;
}

void SessionModel::find_responses() {
  // Matched by transaction ID: the responder is the peer of the check's
  // sender, whatever socket of its host the response left from (a response
  // from the wrong port is for the symmetry check to judge).
  auto host_of = [this](const Party& p) {
    const AgentInfo* a = trace_->agent(p.agent);
    return a ? a->host : std::string();
  };
  for (const StunOnWire& m : trace_->sent_stun()) {
    if (!is_response(m) || trace_->node_kind(m.packet->from) != NodeKind::Host) continue;
    auto check = check_by_tid(m.message.transaction_id);
    if (!check) continue;
    const Party* responder = peer_of(*sent_[*check].party);
    if (!responder || host_of(*responder) != m.packet->from) continue;
    const std::optional<Endpoint> local =
        m.carrier == Carrier::Direct ? std::optional<Endpoint>(trace_->local_socket(m, true))
                                     : m.src;
    responses_sent_.push_back(Response{&m, responder, local, m.dst, *check});
  }
  for (const StunOnWire& m : trace_->received_stun()) {
    if (!is_response(m) || trace_->node_kind(m.packet->to) != NodeKind::Host) continue;
    auto check = check_by_tid(m.message.transaction_id);
    if (!check) continue;
    const SentCheck& c = sent_[*check];
    if (host_of(*c.party) != m.packet->to) continue;
    const std::optional<Endpoint> local =
        m.carrier == Carrier::Direct ? std::optional<Endpoint>(trace_->local_socket(m, false))
                                     : m.dst;
    responses_received_.push_back(Response{&m, c.party, local, m.src, *check});
  }
}

}  // namespace natlab::reports::checks::sess
