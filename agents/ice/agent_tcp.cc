// IceAgent: ICE-TCP (RFC 6544): TCP host candidates, the connections checks
// travel on, and RFC 4571 framing on them.
#include <algorithm>

#include "agents/ice/agent.h"
#include "agents/stun/message.h"

namespace natlab::ice {

// RFC 6544 4.2 other-pref for a base address: 8191 for the first address of
// the host sockets, one less for each next one (as RFC 5245 4.1.2.1 ranks
// multihomed addresses for UDP).
std::uint32_t IceAgent::tcp_other_pref(const IpAddress& ip) const {
  std::vector<IpAddress> seen;
  for (const auto& s : config_.sockets)
    if (std::find(seen.begin(), seen.end(), s.address.address) == seen.end()) seen.push_back(s.address.address);
  const auto index = static_cast<std::uint32_t>(std::find(seen.begin(), seen.end(), ip) - seen.begin());
  return kMaxOtherPreference - std::min(index, kMaxOtherPreference);
}

std::uint16_t IceAgent::tcp_bind_port(const Candidate& active) const {
  if (!config_.tcp.fixed) return 0;  // ephemeral: the host picks
  for (std::size_t i = 0; i < config_.sockets.size(); ++i) {
    const HostSocket& s = config_.sockets[i];
    if (s.address.address == active.base.address && s.component == active.component)
      return static_cast<std::uint16_t>(*config_.tcp.fixed + i);
  }
  return 0;
}

void IceAgent::gather_tcp(Time now) {
  (void)now;
  // RFC 6544 5.1: for each host address an active, a passive and a
  // simultaneous-open candidate, as configured (TcpCandidateTypes).
  for (std::size_t i = 0; i < config_.sockets.size(); ++i) {
    const HostSocket& s = config_.sockets[i];
    // The listener keeps the UDP host socket's port number even with a fixed
    // port: Linux refuses to bind a connection to a port a socket listens on
    // (with or without SO_REUSEADDR), so the fixed port is the active side's.
    const std::uint16_t listen_port = s.address.port;
    const std::uint32_t other = tcp_other_pref(s.address.address);
    // RFC 5245 4.1.1.3: the transport is part of the foundation.
    const std::string foundation = foundations_.get(CandidateType::Host, s.address.address, Transport::Tcp);
    for (TcpType t : {TcpType::Active, TcpType::Passive}) {
      if (!(t == TcpType::Active ? config_.tcp_candidates.active : config_.tcp_candidates.passive)) continue;
      Candidate c;
      c.foundation = foundation;
      c.component = s.component;
      c.transport = Transport::Tcp;
      c.type = CandidateType::Host;
      c.tcptype = t;
      // RFC 6544 4.5: "the port MUST be set to 9" for active candidates.
      c.address = Endpoint{s.address.address, t == TcpType::Active ? kActiveTcpPort : listen_port};
      c.base = c.address;
      c.priority = candidate_priority(CandidateType::Host, s.component, tcp_local_preference(CandidateType::Host, t, other));
      if (std::any_of(local_.begin(), local_.end(), [&](const Candidate& x) { return is_redundant(x, c); })) continue;
      local_.push_back(c);
      emit(CandidateGathered{c});
      if (t == TcpType::Passive) {
        const StreamId id = next_stream_id_++;
        listeners_.emplace(id, c.address);
        stream_out_.push_back(StreamListen{id, c.address, config_.tcp.options});
      }
    }
    if (config_.tcp_candidates.simultaneous_open) {
      // The candidate's port is the listener's, known once it is bound
      // (StreamListening, so_listening).
      const StreamId id = next_stream_id_++;
      so_listens_.emplace(id, i);
      stream_out_.push_back(StreamListen{id, Endpoint{s.address.address, 0}, so_options()});
    }
  }
}

bool IceAgent::prepare_tcp_check(Time now, const CandidatePair& p, bool triggered) {
  if (tcp_routes_.count({p.local.base, p.remote.address})) return true;
  if (p.local.tcptype == TcpType::Active || p.local.tcptype == TcpType::So) {
    // RFC 6544 7.1: the active side opens the connection to the passive
    // candidate, then sends the check on it (queued until it is up). Both
    // ends of an S-O pair connect, from their candidate's own port: the
    // SYNs cross (TCP simultaneous open, RFC 793 3.4), or the first one
    // reaches the peer's listener (RFC 6544 7.2); either way one
    // connection results.
    const bool so = p.local.tcptype == TcpType::So;
    const StreamId id = next_stream_id_++;
    TcpConnection conn;
    conn.candidate = p.local.base;
    conn.local_type = *p.local.tcptype;
    conn.remote = p.remote.address;
    conn.component = p.component();
    streams_.emplace(id, std::move(conn));
    tcp_routes_[{p.local.base, p.remote.address}] = id;
    stream_out_.push_back(so ? StreamConnect{id, p.local.base, p.remote.address, so_options()}
                             : StreamConnect{id, Endpoint{p.local.base.address, tcp_bind_port(p.local)},
                                             p.remote.address, config_.tcp.options});
    return true;
  }
  const PairId id = p.id;
  if (!triggered && p.local.tcptype == TcpType::Passive) {
    // RFC 6544 7.1: a passive candidate cannot open a connection; its pair
    // is checked when the peer connects (and then on a peer-reflexive pair,
    // the peer's real port standing for its port 9). Until then the pair is
    // In-Progress, and it fails after Ti like an unanswered check.
    set_state(*list_.find(id), PairState::InProgress);
    passive_waits_.try_emplace(id, now + config_.tcp_transaction_timeout);
    return false;
  }
  // A triggered check of a passive candidate with no connection to carry it.
  check_failed(now, id);
  return false;
}

bool IceAgent::send_tcp(const Endpoint& candidate, const Endpoint& remote, std::span<const std::uint8_t> bytes) {
  auto route = tcp_routes_.find({candidate, remote});
  if (route == tcp_routes_.end()) return false;
  auto s = streams_.find(route->second);
  if (s == streams_.end()) return false;
  auto framed = rfc4571_frame(bytes);  // RFC 6544 3
  if (!framed) return false;
  if (!s->second.connected) {
    s->second.queued.push_back(std::move(*framed));
    return true;
  }
  stream_out_.push_back(StreamSend{route->second, std::move(*framed)});
  return true;
}

std::optional<std::vector<PairId>> IceAgent::forget_stream(StreamId id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return std::nullopt;
  const TcpConnection conn = std::move(it->second);
  streams_.erase(it);
  if (auto r = tcp_routes_.find({conn.candidate, conn.remote}); r != tcp_routes_.end() && r->second == id)
    tcp_routes_.erase(r);
  std::vector<std::pair<stun::TransactionId, PairId>> on_it;
  for (const auto& [tid, pc] : pending_)
    if (pc.transport == Transport::Tcp && pc.local == conn.candidate && pc.remote == conn.remote)
      on_it.emplace_back(tid, pc.pair);
  std::vector<PairId> pairs;
  for (const auto& [tid, pair] : on_it) {
    checks_.cancel(tid);
    pending_.erase(tid);
    pairs.push_back(pair);
  }
  return pairs;
}

void IceAgent::tcp_gone(Time now, StreamId id, bool close_ours) {
  auto lost = forget_stream(id);
  if (!lost) return;
  // RFC 6544 7.1: "If the TCP connection cannot be established, the check is
  // considered to have failed"; a check whose connection dies is lost too.
  for (PairId pair : *lost) check_failed(now, pair);
  if (close_ours) stream_out_.push_back(StreamClose{id, CloseMode::Graceful});
}

void IceAgent::tcp_bytes(Time now, StreamId id, std::span<const std::uint8_t> bytes) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  bool ok = it->second.deframer.feed(bytes);
  while (ok) {
    it = streams_.find(id);  // a frame's processing may have dropped it
    if (it == streams_.end()) return;
    auto frame = it->second.deframer.next();
    if (!frame) {
      ok = !it->second.deframer.failed();
      break;
    }
    const Endpoint local = it->second.candidate;
    const Endpoint remote = it->second.remote;
    const int component = it->second.component;
    // RFC 6544 3 / RFC 7983: STUN and media share the connection.
    if (stun::looks_like_stun(*frame)) {
      if (auto r = stun::decode(*frame)) {
        current_stream_ = id;
        handle_stun(now, local, remote, *r.message, *frame);
        current_stream_.reset();
        continue;
      }
    }
    emit(DataReceived{component, local, remote, std::move(*frame)});
  }
  if (ok) return;
  // The frame boundaries are lost: nothing on this connection can be trusted.
  ++dropped_bad_framing_;
  tcp_gone(now, id, false);
  stream_out_.push_back(StreamClose{id, CloseMode::Abortive});
}

void IceAgent::close(Time now, CloseMode mode) {
  (void)now;
  if (closed_) return;
  closed_ = true;
  close_mode_ = mode;
  for (const auto& [id, conn] : streams_) stream_out_.push_back(StreamClose{id, mode});
  // A listener has no peer and no TIME_WAIT; a plain close releases it.
  for (const auto& [id, address] : listeners_) stream_out_.push_back(StreamClose{id, CloseMode::Graceful});
  for (const auto& [id, socket] : so_listens_) stream_out_.push_back(StreamClose{id, CloseMode::Graceful});
  for (const auto& [id, binding] : so_bindings_) stream_out_.push_back(StreamClose{id, mode});
  streams_.clear();
  listeners_.clear();
  so_listens_.clear();
  so_bindings_.clear();
  tcp_routes_.clear();
  passive_waits_.clear();
  for (const auto& [tid, pc] : pending_) checks_.cancel(tid);
  pending_.clear();
}

void IceAgent::handle_stream_event(Time now, const StreamEvent& event) {
  if (closed_) {
    // A connection accepted while the close was on its way: the hang-up
    // covers it too.
    if (const auto* a = std::get_if<StreamAccepted>(&event)) stream_out_.push_back(StreamClose{a->id, close_mode_});
    return;
  }
  if (so_binding_event(now, event)) {
    // A Binding over TCP for a server-reflexive S-O candidate (agent_so.cc).
  } else if (const auto* c = std::get_if<StreamConnected>(&event)) {
    auto it = streams_.find(c->id);
    if (it != streams_.end()) {
      it->second.connected = true;
      // The check queued here leaves now, not when it was picked.
      if (!it->second.queued.empty()) scheduler_.note_sent(now);
      for (auto& frame : it->second.queued) stream_out_.push_back(StreamSend{c->id, std::move(frame)});
      it->second.queued.clear();
    }
  } else if (const auto* a = std::get_if<StreamAccepted>(&event)) {
    auto l = listeners_.find(a->listener);
    const Candidate* passive = nullptr;  // or simultaneous-open (RFC 6544 7.2)
    if (l != listeners_.end())
      for (const auto& cand : local_)
        if (cand.transport == Transport::Tcp && cand.type == CandidateType::Host &&
            (cand.tcptype == TcpType::Passive || cand.tcptype == TcpType::So) && cand.address == l->second)
          passive = &cand;
    if (!passive) {
      stream_out_.push_back(StreamClose{a->id, CloseMode::Abortive});
    } else {
      // RFC 6544 7.2: the connection is matched to pairs by the peer's
      // address when its first check arrives (triggered_check: a new
      // peer-reflexive remote candidate when that address is unknown).
      TcpConnection conn;
      conn.candidate = passive->address;
      conn.local_type = *passive->tcptype;
      conn.remote = a->remote;
      conn.component = passive->component;
      conn.connected = true;
      streams_[a->id] = std::move(conn);
      tcp_routes_[{passive->address, a->remote}] = a->id;
    }
  } else if (const auto* ls = std::get_if<StreamListening>(&event)) {
    so_listening(now, ls->id, ls->local);
  } else if (const auto* f = std::get_if<StreamFailed>(&event)) {
    if (so_listens_.erase(f->id)) {
      // No port to listen on: no S-O candidate on that address.
    } else if (auto l = listeners_.find(f->id); l != listeners_.end()) {
      // The passive candidate cannot be reached: its pairs fail now rather
      // than after Ti.
      const Endpoint address = l->second;
      listeners_.erase(l);
      std::vector<PairId> dead;
      for (const auto& p : list_.pairs())
        if (p.local.transport == Transport::Tcp && p.local.address == address && p.state != PairState::Succeeded)
          dead.push_back(p.id);
      for (PairId id : dead) {
        passive_waits_.erase(id);
        check_failed(now, id);
      }
    } else if (auto st = streams_.find(f->id);
               st != streams_.end() && st->second.local_type == TcpType::So && f->error == StreamError::AddrInUse) {
      so_connect_taken(now, f->id);
    } else {
      tcp_gone(now, f->id, false);
    }
  } else if (const auto* b = std::get_if<StreamBytes>(&event)) {
    tcp_bytes(now, b->id, b->bytes);
  } else if (const auto* cl = std::get_if<StreamClosed>(&event)) {
    tcp_gone(now, cl->id, true);
  } else if (const auto* r = std::get_if<StreamReset>(&event)) {
    tcp_gone(now, r->id, false);
  }
  update(now);
  drain(now);
}

std::optional<StreamRequest> IceAgent::poll_stream_request() {
  if (stream_out_.empty()) return std::nullopt;
  StreamRequest r = std::move(stream_out_.front());
  stream_out_.pop_front();
  return r;
}

void IceAgent::tcp_timeouts(Time now) {
  so_binding_timeouts(now);
  std::vector<PairId> expired;
  for (const auto& [id, deadline] : passive_waits_)
    if (now >= deadline) expired.push_back(id);
  for (PairId id : expired) {
    passive_waits_.erase(id);
    const CandidatePair* p = list_.find(id);
    if (p && p->state == PairState::InProgress) check_failed(now, id);
  }
}

std::optional<Time> IceAgent::tcp_timeout() const {
  std::optional<Time> t = so_binding_timeout();
  for (const auto& [id, deadline] : passive_waits_) {
    const CandidatePair* p = list_.find(id);
    if (p && p->state == PairState::InProgress && (!t || deadline < *t)) t = deadline;
  }
  return t;
}

}  // namespace natlab::ice
