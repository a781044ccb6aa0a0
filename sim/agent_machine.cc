#include "sim/agent_machine.h"

#include <algorithm>
#include <variant>

#include "sim/event_json.h"

namespace natlab::sim {

AgentMachine::AgentMachine(AgentSetup setup, Rng rng)
    : setup_(std::move(setup)), rng_(rng), ice_(setup_.ice, rng_.fork(1)) {}

std::vector<Endpoint> AgentMachine::local_endpoints() const {
  std::vector<Endpoint> v;
  for (const auto& s : setup_.ice.sockets) v.push_back(s.address);
  return v;
}

void AgentMachine::start(Time now) {
  if (ice_.closed()) return;  // the session ended before this agent's `start`
  std::uint64_t stream = 100;
  for (const auto& t : setup_.turn) {
    for (const auto& sock : setup_.ice.sockets) {
      turn::TurnClientConfig cfg;
      cfg.server = t.server;
      cfg.local = sock.address;
      cfg.username = t.username;
      cfg.password = t.password;
      cfg.fingerprint = true;  // the socket is shared with ICE (RFC 5389 7.1)
      // RFC 5389 7.2.1: "the initial value for RTO SHOULD be configurable";
      // the agent's `rto` covers all its transactions to servers.
      cfg.retransmit.rto = setup_.ice.gathering_retransmit.rto;
      cfg.transport = t.transport;
      if (t.transport == Transport::Tcp) {
        // Its own connection from an ephemeral port of the host (the UDP
        // socket is ICE's), with stream ids no one else here uses.
        cfg.local = Endpoint{sock.address.address, 0};
        cfg.first_stream_id = turn_stream_base(relays_.size());
      }
      relays_.push_back(Relay{sock.component, std::make_unique<turn::TurnClient>(cfg, rng_.fork(stream++))});
      ice_.expect_relayed_candidate();
    }
  }
  ice_.start_gathering(now);
  for (auto& r : relays_) r.client->allocate(now);
  process(now);
}

std::optional<Transport> AgentMachine::relay_transport(const Endpoint& relayed) const {
  for (const auto& [address, transport] : allocated_)
    if (address == relayed) return transport;
  return std::nullopt;
}

AgentMachine::Relay* AgentMachine::relay_for_stream(StreamId id) {
  for (auto& r : relays_) {
    const auto& cfg = r.client->config();
    if (cfg.transport != Transport::Tcp) continue;
    // A client numbers its connections from first_stream_id, one per reconnect.
    if (id >= cfg.first_stream_id && id - cfg.first_stream_id < (StreamId{1} << 32)) return &r;
  }
  return nullptr;
}

AgentMachine::Relay* AgentMachine::relay_for_local(const Endpoint& relayed) {
  for (auto& r : relays_)
    if (r.client->relayed() == relayed) return &r;
  return nullptr;
}

void AgentMachine::handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                                   std::span<const std::uint8_t> bytes) {
  // A STUN server and a TURN server often share an address and port: what
  // the TURN client does not recognise as its own (by transaction or as relay
  // data) is ICE's, such as the answer to a gathering Binding request.
  for (auto& r : relays_) {
    if (r.client->config().local == local && r.client->handles(remote, bytes) &&
        r.client->handle_datagram(now, local, remote, bytes)) {
      process(now);
      return;
    }
  }
  ice_.handle_datagram(now, local, remote, bytes);
  process(now);
}

void AgentMachine::handle_timeout(Time now) {
  if (auto t = ice_.poll_timeout(); t && *t <= now) ice_.handle_timeout(now);
  for (auto& r : relays_)
    if (auto t = r.client->poll_timeout(); t && *t <= now) r.client->handle_timeout(now);
  if (media_next_ && *media_next_ <= now) send_media(now);
  if (free_at_ && *free_at_ <= now) free_unused_candidates(now);
  process(now);
}

void AgentMachine::free_unused_candidates(Time now) {
  free_at_.reset();
  for (auto& r : relays_) {
    const auto relayed = r.client->relayed();
    if (!relayed) continue;
    bool used = false;
    for (const auto& [component, pair] : stats_.selected) used |= pair.local.address == *relayed;
    if (used) continue;
    r.client->deallocate(now);
    events_.push_back({{"event", "candidate-freed"}, {"component", r.component}, {"relayed", relayed->to_string()}});
  }
}

void AgentMachine::send_media(Time now) {
  while (media_next_ && *media_next_ <= now) {
    std::vector<std::uint8_t> rtp(172, 0);
    rtp[0] = 0x80;  // RTP version 2 (RFC 7983: 128-191 is RTP/RTCP)
    rtp[2] = static_cast<std::uint8_t>(stats_.media_sent >> 8);
    rtp[3] = static_cast<std::uint8_t>(stats_.media_sent);
    if (ice_.send_data(now, 1, rtp)) ++stats_.media_sent;
    media_next_ = *media_next_ + setup_.media_interval;
    if (*media_next_ >= media_until_) media_next_.reset();
  }
}

void AgentMachine::start_media(Time now, Time until) {
  media_until_ = until;
  media_next_ = now;
  send_media(now);
  process(now);
}

bool AgentMachine::send_data(Time now, int component, std::span<const std::uint8_t> bytes) {
  const bool sent = ice_.send_data(now, component, bytes);
  process(now);
  return sent;
}

void AgentMachine::close(Time now, CloseMode mode) {
  if (ice_.closed()) return;
  ice_.close(now, mode);
  media_next_.reset();
  free_at_.reset();
  for (auto& r : relays_) r.client->deallocate(now);  // RFC 5766 7: a refresh with lifetime 0
  events_.push_back({{"event", "hangup"}, {"tcp_close", std::string(to_string(mode))}});
  process(now);
}

void AgentMachine::set_remote(Time now, const ice::SessionDescription& remote) {
  ice_.set_remote_description(now, remote);
  // Relayed checks reach the peer only through a permission for its address
  // (RFC 5766 8); permissions are per IP, so one per remote candidate IP.
  for (auto& r : relays_) {
    if (r.client->state() != turn::ClientState::Allocated) continue;
    for (const auto& c : remote.candidates) r.client->create_permission(now, c.address.address);
  }
  process(now);
}

bool AgentMachine::drain_turn(Time now, Relay& r) {
  bool progress = false;
  while (auto e = r.client->poll_event()) {
    progress = true;
    nlohmann::json j = to_json(*e);
    j["component"] = r.component;
    j["server"] = r.client->config().server.to_string();
    if (r.client->config().transport == Transport::Tcp) j["transport"] = "tcp";  // RFC 5766 2.1
    if (auto* a = std::get_if<turn::Allocated>(&*e)) {
      // Over TCP the base is the connection's (port 0 here, never a UDP
      // socket's): its XOR-MAPPED-ADDRESS is a TCP mapping, which must not
      // stand in for a UDP server-reflexive candidate.
      const Endpoint base = r.client->config().local;
      allocated_.emplace_back(a->relayed, r.client->config().transport);
      ice_.add_relayed_candidate(now, r.component, a->relayed, a->mapped.value_or(base), base,
                                 r.client->config().server);
    } else if (std::holds_alternative<turn::AllocateFailed>(*e)) {
      ice_.relayed_candidate_failed(now);
    }
    if (auto* d = std::get_if<turn::DataReceived>(&*e)) {
      ice_.handle_datagram(now, *r.client->relayed(), d->peer, d->data);
    } else {
      events_.push_back(std::move(j));  // relayed data shows up as ICE events already
    }
  }
  while (auto t = r.client->poll_transmit()) {
    progress = true;
    out_.push_back(std::move(*t));
  }
  return progress;
}

void AgentMachine::on_ice_event(Time now, const ice::Event& e) {
  if (auto* c = std::get_if<ice::CheckSent>(&e)) {
    ++stats_.checks_sent;
    if (c->retransmit) {
      ++stats_.retransmits;
    } else {
      if (!stats_.first_check) stats_.first_check = now;
      if (stats_.last_ordinary_check) {
        const Duration gap = now - *stats_.last_ordinary_check;
        if (!stats_.min_check_interval || gap < *stats_.min_check_interval) stats_.min_check_interval = gap;
      }
      stats_.last_ordinary_check = now;
    }
  } else if (std::holds_alternative<ice::GatheringComplete>(e)) {
    if (!stats_.gathering_complete) {
      stats_.gathering_complete = now;
      if (on_gathering_complete) on_gathering_complete(now);
    }
  } else if (auto* n = std::get_if<ice::Nominated>(&e)) {
    stats_.nominated.emplace(n->component, now);
  } else if (auto* s = std::get_if<ice::SelectedPair>(&e)) {
    stats_.selected[s->component] = *s;
    // Media on a relayed pair goes through a channel (RFC 5766 11): cheaper
    // framing than Send indications, and what real stacks do.
    if (s->local.type == ice::CandidateType::Relayed) {
      if (Relay* r = relay_for_local(s->local.address)) r->client->bind_channel(now, s->remote.address);
    }
  } else if (auto* st = std::get_if<ice::StateChanged>(&e)) {
    if (st->state == ice::IceState::Completed && !stats_.completed) {
      stats_.completed = now;
      // RFC 5245 8.3.1: "the agent SHOULD wait an additional three seconds,
      // and then it MAY ... free the candidates" that the selected pairs do
      // not use: here, the TURN allocations, which would otherwise be
      // refreshed for the whole call.
      free_at_ = now + std::chrono::seconds(3);
      if (on_completed) on_completed(now);
    }
    if (st->state == ice::IceState::Failed && !stats_.failed) stats_.failed = now;
  } else if (auto* d = std::get_if<ice::DataReceived>(&e)) {
    ++stats_.media_received;
    if (on_data) on_data(now, *d);
    return;  // counted, not traced packet by packet (the wire trace has them)
  }
  events_.push_back(to_json(e));
}

void AgentMachine::process(Time now) {
  for (bool progress = true; progress;) {
    progress = false;
    for (auto& r : relays_) progress |= drain_turn(now, r);
    while (auto t = ice_.poll_transmit()) {
      progress = true;
      if (ice_.is_relayed(t->local)) {
        Relay* r = relay_for_local(t->local);
        if (!r) continue;
        r->client->create_permission(now, t->remote.address);  // a no-op once installed
        r->client->send(now, t->remote, t->bytes);
      } else {
        out_.push_back(std::move(*t));
      }
    }
    while (auto e = ice_.poll_event()) {
      progress = true;
      on_ice_event(now, *e);
    }
  }
  stats_.max_pairs = std::max(stats_.max_pairs, ice_.checklist().pairs().size());
}

std::optional<Transmit> AgentMachine::poll_transmit() {
  if (out_.empty()) return std::nullopt;
  Transmit t = std::move(out_.front());
  out_.pop_front();
  return t;
}

std::optional<Time> AgentMachine::poll_timeout() const {
  std::optional<Time> next = ice_.poll_timeout();
  auto consider = [&next](std::optional<Time> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  for (const auto& r : relays_) consider(r.client->poll_timeout());
  consider(media_next_);
  consider(free_at_);
  return next;
}

std::optional<StreamRequest> AgentMachine::poll_stream_request() {
  for (auto& r : relays_)
    if (auto req = r.client->poll_stream_request()) return req;
  return ice_.poll_stream_request();
}

void AgentMachine::handle_stream_event(Time now, const StreamEvent& event) {
  const StreamId id = std::visit([](const auto& e) { return e.id; }, event);
  // Accepted connections are ICE's: the TURN clients listen nowhere.
  Relay* r = std::holds_alternative<StreamAccepted>(event) ? nullptr : relay_for_stream(id);
  if (r) {
    r->client->handle_stream_event(now, event);
  } else {
    ice_.handle_stream_event(now, event);
  }
  process(now);
}

std::vector<nlohmann::json> AgentMachine::poll_events() {
  std::vector<nlohmann::json> out;
  out.swap(events_);
  return out;
}

}  // namespace natlab::sim
