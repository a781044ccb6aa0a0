#include "agents/ice/gathering.h"

#include <algorithm>

#include "agents/stun/attributes.h"

namespace natlab::ice {

Gatherer::Gatherer(std::vector<HostSocket> sockets, std::vector<Endpoint> stun_servers,
                   stun::RetransmitConfig retransmit, Duration ta)
    : sockets_(std::move(sockets)), servers_(std::move(stun_servers)), ta_(ta), stun_(retransmit) {}

std::uint32_t Gatherer::local_preference(const IpAddress& ip) const {
  std::vector<IpAddress> seen;
  for (const auto& s : sockets_)
    if (std::find(seen.begin(), seen.end(), s.address.address) == seen.end()) seen.push_back(s.address.address);
  auto it = std::find(seen.begin(), seen.end(), ip);
  auto index = static_cast<std::uint32_t>(it - seen.begin());
  return kMaxLocalPreference - std::min<std::uint32_t>(index, kMaxLocalPreference);
}

void Gatherer::add(Candidate c) {
  // RFC 5245 4.1.3: "The agent SHOULD eliminate the redundant candidate with
  // the lower priority."
  for (auto& existing : candidates_) {
    if (!is_redundant(existing, c)) continue;
    if (c.priority <= existing.priority) return;
    existing = c;
    new_.push_back(std::move(c));
    return;
  }
  candidates_.push_back(c);
  new_.push_back(std::move(c));
}

void Gatherer::start(Time now, FoundationAllocator& foundations) {
  if (started_) return;
  started_ = true;
  for (const auto& s : sockets_) {
    Candidate c;
    c.type = CandidateType::Host;
    c.component = s.component;
    c.address = s.address;
    c.base = s.address;  // RFC 5245 4.1.1.1: a host candidate is its own base
    c.priority = candidate_priority(CandidateType::Host, s.component, local_preference(s.address.address));
    c.foundation = foundations.get(CandidateType::Host, s.address.address, Transport::Udp);
    add(std::move(c));
  }
  for (const auto& s : sockets_)
    for (const auto& server : servers_)
      if (server.address.family() == s.address.address.family()) queue_.push_back(Pending{s, server});
  (void)now;
}

void Gatherer::handle_timeout(Time now, Rng& rng) {
  stun_.handle_timeout(now);
  while (auto o = stun_.poll_outcome()) live_.erase(o->id);  // timed out: no candidate
  if (!queue_.empty() && (!last_sent_ || now >= *last_sent_ + ta_)) {
    Pending p = queue_.front();
    queue_.pop_front();
    stun::Message req;
    req.cls = stun::Class::Request;
    req.method = static_cast<std::uint16_t>(stun::Method::Binding);
    stun::EncodeOptions o;
    o.fingerprint = true;
    auto id = stun_.start(req, p.server, now, rng, o, p.socket.address);
    live_.emplace(id, p);
    last_sent_ = now;
  }
}

bool Gatherer::handle_response(Time now, const stun::Message& m, FoundationAllocator& foundations) {
  auto it = live_.find(m.transaction_id);
  if (it == live_.end() || !stun_.handle_response(now, m)) return false;
  Pending p = it->second;
  live_.erase(it);
  while (stun_.poll_outcome()) {
  }
  if (m.cls != stun::Class::Success) return true;
  std::optional<Endpoint> mapped;
  if (auto x = m.get<stun::XorMappedAddress>()) mapped = x->endpoint;
  else if (auto y = m.get<stun::MappedAddress>()) mapped = y->endpoint;
  if (mapped) add_server_reflexive(p.socket, *mapped, p.server.address, foundations);
  return true;
}

void Gatherer::add_server_reflexive(const HostSocket& socket, const Endpoint& mapped,
                                    const IpAddress& server, FoundationAllocator& foundations) {
  Candidate c;
  c.type = CandidateType::ServerReflexive;
  c.component = socket.component;
  c.address = mapped;
  c.base = socket.address;
  c.related = socket.address;  // RFC 5245 15.1: raddr is the base for srflx
  c.priority = candidate_priority(CandidateType::ServerReflexive, c.component,
                                  local_preference(c.base.address));
  c.foundation = foundations.get(CandidateType::ServerReflexive, c.base.address, Transport::Udp, server);
  add(std::move(c));
}

void Gatherer::add_relayed(int component, const Endpoint& relayed, const Endpoint& mapped,
                           const Endpoint& base, const Endpoint& server,
                           FoundationAllocator& foundations) {
  // RFC 5245 4.1.1.2: the Allocate response carries the server-reflexive
  // candidate in XOR-MAPPED-ADDRESS. A Binding from the same base to the same
  // server transport address crosses the same NAT mapping (same 5-tuple,
  // whatever the NAT's RFC 4787 behaviour), so its answer could only repeat
  // it. (mapped == base: no XOR-MAPPED-ADDRESS; the Binding may still tell.)
  if (mapped != base) {
    for (auto it = live_.begin(); it != live_.end();) {
      if (it->second.socket.address == base && it->second.server == server) {
        add_server_reflexive(it->second.socket, mapped, server.address, foundations);
        stun_.cancel(it->first);
        it = live_.erase(it);
      } else {
        ++it;
      }
    }
  }
  Candidate c;
  c.type = CandidateType::Relayed;
  c.component = component;
  c.address = relayed;
  // RFC 5245 4.1.1.2: "the base of a relayed candidate is that candidate
  // itself": checks leave from the relayed address, through the TURN client.
  c.base = relayed;
  c.related = mapped;  // RFC 5245 15.1: raddr is the mapped address for relay
  c.priority = candidate_priority(CandidateType::Relayed, component, local_preference(base.address));
  c.foundation = foundations.get(CandidateType::Relayed, base.address, Transport::Udp, server.address);
  add(std::move(c));
  relayed_failed();  // one fewer pending, same bookkeeping
}

void Gatherer::relayed_failed() {
  if (pending_relays_ > 0) --pending_relays_;
}

std::optional<Transmit> Gatherer::poll_transmit() { return stun_.poll_transmit(); }

std::optional<Time> Gatherer::poll_timeout() const {
  std::optional<Time> t = stun_.poll_timeout();
  if (!queue_.empty()) {
    Time next = last_sent_ ? *last_sent_ + ta_ : Time{};
    t = t ? std::min(*t, next) : next;
  }
  return t;
}

std::optional<Candidate> Gatherer::poll_candidate() {
  if (new_.empty()) return std::nullopt;
  Candidate c = std::move(new_.front());
  new_.pop_front();
  return c;
}

bool Gatherer::complete() const {
  return started_ && queue_.empty() && live_.empty() && pending_relays_ == 0;
}

}  // namespace natlab::ice
