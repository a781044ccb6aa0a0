// IceAgent: ICE-TCP simultaneous-open candidates (RFC 6544). A host S-O
// candidate listens on an ephemeral port (7.2) and its checks connect from
// that port; a Binding over TCP from the same port to each STUN server finds
// the server-reflexive S-O candidate (5.2), the one that crosses NATs: both
// ends connect to each other's mapped address, and the SYNs open the NATs'
// filters as they leave (TCP simultaneous open, RFC 5382 REQ-4 keeps a NAT
// from refusing the first SYN to arrive).
#include <algorithm>

#include "agents/ice/agent.h"
#include "agents/stun/attributes.h"
#include "agents/stun/message.h"

namespace natlab::ice {

bool IceAgent::gathering_complete() const {
  if (tcp_gathering_ || !gatherer_.complete() || !so_listens_.empty()) return false;
  return std::none_of(so_bindings_.begin(), so_bindings_.end(), [](const auto& b) { return !b.second.answered; });
}

SocketOptions IceAgent::so_options() const {
  // Listening and connecting on one port: SO_REUSEPORT on Linux, and
  // SO_REUSEADDR, which is what Windows asks for the same.
  SocketOptions o = config_.tcp.options;
  o.reuse_addr = true;
  o.reuse_port = true;
  return o;
}

void IceAgent::so_listening(Time now, StreamId id, const Endpoint& local) {
  auto it = so_listens_.find(id);
  if (it == so_listens_.end()) return;
  const std::size_t index = it->second;
  const HostSocket& s = config_.sockets[index];
  so_listens_.erase(it);
  Candidate c;
  // RFC 5245 4.1.1.3: same type, base IP and transport as the other TCP
  // host candidates of the address, so the same foundation.
  c.foundation = foundations_.get(CandidateType::Host, s.address.address, Transport::Tcp);
  c.component = s.component;
  c.transport = Transport::Tcp;
  c.type = CandidateType::Host;
  c.tcptype = TcpType::So;
  c.address = Endpoint{s.address.address, local.port};
  c.base = c.address;
  c.priority = candidate_priority(CandidateType::Host, s.component,
                                  tcp_local_preference(CandidateType::Host, TcpType::So, tcp_other_pref(s.address.address)));
  listeners_.emplace(id, c.address);
  local_.push_back(c);
  emit(CandidateGathered{c});
  if (!config_.relay_only) pair_late(c);
  // RFC 6544 5.2: server-reflexive S-O candidates come from STUN over TCP,
  // sent from the S-O candidate's own port (RFC 5389 7.2.2: one request, no
  // retransmission, the transaction fails after Ti).
  for (const auto& server : config_.stun_servers) {
    if (server.address.family() != c.address.address.family()) continue;
    const StreamId sid = next_stream_id_++;
    SoBinding b;
    b.socket = index;
    b.base = c.address;
    b.server = server;
    b.tid = checks_.new_transaction_id(rng_);
    b.deadline = now + config_.tcp_transaction_timeout;
    so_bindings_.emplace(sid, std::move(b));
    stream_out_.push_back(StreamConnect{sid, c.address, server, so_options()});
  }
}

bool IceAgent::so_binding_event(Time now, const StreamEvent& event) {
  const StreamId id = std::visit([](const auto& e) -> StreamId {
    if constexpr (requires { e.listener; }) return 0;  // an accepted connection is never ours
    else return e.id;
  }, event);
  auto it = so_bindings_.find(id);
  if (it == so_bindings_.end()) return false;
  SoBinding& b = it->second;
  if (std::get_if<StreamConnected>(&event)) {
    stun::Message req;
    req.cls = stun::Class::Request;
    req.method = static_cast<std::uint16_t>(stun::Method::Binding);
    req.transaction_id = b.tid;
    stun::EncodeOptions o;
    o.fingerprint = true;
    // STUN over TCP carries messages back to back, without RFC 4571 framing
    // (RFC 5389 7.2.2): that framing is for the checks between agents.
    stream_out_.push_back(StreamSend{id, stun::encode(req, o)});
  } else if (const auto* bytes = std::get_if<StreamBytes>(&event)) {
    if (!b.deframer.push(bytes->bytes)) {
      so_bindings_.erase(it);
      stream_out_.push_back(StreamClose{id, CloseMode::Abortive});
      return true;
    }
    while (auto frame = b.deframer.next()) {
      if (frame->kind != turn::FrameKind::Stun) continue;
      if (auto r = stun::decode(frame->bytes)) so_binding_answered(now, id, *r.message);
      if (!so_bindings_.count(id)) break;
    }
  } else if (std::get_if<StreamClosed>(&event)) {
    so_bindings_.erase(it);
    stream_out_.push_back(StreamClose{id, CloseMode::Graceful});
  } else {
    // Failed or reset: no server-reflexive candidate from this server.
    so_bindings_.erase(it);
  }
  return true;
}

void IceAgent::so_binding_answered(Time now, StreamId id, const stun::Message& m) {
  (void)now;
  auto it = so_bindings_.find(id);
  if (it == so_bindings_.end() || it->second.answered || m.transaction_id != it->second.tid ||
      m.cls == stun::Class::Request || m.cls == stun::Class::Indication)
    return;
  SoBinding& b = it->second;
  b.answered = true;
  if (m.cls != stun::Class::Success) return;
  std::optional<Endpoint> mapped;
  if (auto x = m.get<stun::XorMappedAddress>()) mapped = x->endpoint;
  else if (auto y = m.get<stun::MappedAddress>()) mapped = y->endpoint;
  // No NAT in the way: the mapped address is the host candidate itself.
  if (!mapped || *mapped == b.base) return;
  const HostSocket& s = config_.sockets[b.socket];
  Candidate c;
  c.type = CandidateType::ServerReflexive;
  c.component = s.component;
  c.transport = Transport::Tcp;
  c.tcptype = TcpType::So;
  c.address = *mapped;
  c.base = b.base;
  c.related = b.base;  // RFC 5245 15.1: raddr is the base for srflx
  // RFC 6544 4.2: direction-pref 6 for a server-reflexive S-O candidate.
  c.priority = candidate_priority(CandidateType::ServerReflexive, s.component,
                                  tcp_local_preference(CandidateType::ServerReflexive, TcpType::So,
                                                       tcp_other_pref(s.address.address)));
  c.foundation = foundations_.get(CandidateType::ServerReflexive, b.base.address, Transport::Tcp, b.server.address);
  if (std::any_of(local_.begin(), local_.end(), [&](const Candidate& x) { return is_redundant(x, c); })) return;
  local_.push_back(c);
  emit(CandidateGathered{c});
  // Not paired on its own: RFC 5245 5.7.3 replaces a server-reflexive local
  // candidate by its base, whose pairs exist already.
}

void IceAgent::so_connect_taken(Time now, StreamId id) {
  // The 5-tuple is the peer's connection to our S-O listener, which the host
  // has taken and not yet handed over (a connection is accepted once its
  // handshake is done). The peer's check will come on it, and ours go back
  // on it then (RFC 6544 7.2); until then the pair waits In-Progress, as a
  // passive candidate's does (7.1), and fails after Ti.
  if (auto waiting = forget_stream(id))
    for (PairId pair : *waiting) passive_waits_.try_emplace(pair, now + config_.tcp_transaction_timeout);
}

void IceAgent::so_binding_timeouts(Time now) {
  for (auto it = so_bindings_.begin(); it != so_bindings_.end();) {
    if (!it->second.answered && now >= it->second.deadline) {
      stream_out_.push_back(StreamClose{it->first, CloseMode::Abortive});
      it = so_bindings_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<Time> IceAgent::so_binding_timeout() const {
  std::optional<Time> t;
  for (const auto& [id, b] : so_bindings_)
    if (!b.answered && (!t || b.deadline < *t)) t = b.deadline;
  return t;
}

}  // namespace natlab::ice
