#include "agents/ice/agent.h"

#include <algorithm>

#include "agents/ice/dialect.h"
#include "agents/ice/nomination.h"
#include "agents/stun/message.h"

namespace natlab::ice {

IceAgent::IceAgent(AgentConfig config, Rng rng)
    : config_(std::move(config)),
      rng_(rng),
      role_(config_.role),
      // RFC 5245 5.2: "the agent MUST select a random number, called the
      // tie-breaker, between 0 and (2**64) - 1".
      tie_breaker_(config_.tie_breaker ? *config_.tie_breaker : rng_.next_u64()),
      local_creds_(config_.credentials ? *config_.credentials : random_credentials(rng_)),
      // Without UDP there are no UDP host sockets to gather on (config.h).
      gatherer_(config_.transports.udp ? config_.sockets : std::vector<HostSocket>{}, config_.stun_servers, config_.gathering_retransmit,
                effective_ta(config_.profile, config_.ta, !config_.violate_ta_floor)),
      scheduler_(effective_ta(config_.profile, config_.ta, !config_.violate_ta_floor)) {}

void IceAgent::start_gathering(Time now) {
  if (closed_) return;  // hung up before it started
  gatherer_.start(now, foundations_);
  // Gathering is not over before the TCP candidates are asked for (a
  // simultaneous-open one waits for its listener's port).
  tcp_gathering_ = config_.transports.tcp;
  tick(now);
  // After the UDP host candidates, so that those keep their foundations and
  // order whether TCP is on or not.
  if (config_.transports.tcp) gather_tcp(now);
  tcp_gathering_ = false;
}

void IceAgent::expect_relayed_candidate() { gatherer_.expect_relayed(); }

void IceAgent::add_relayed_candidate(Time now, int component, const Endpoint& relayed,
                                     const Endpoint& mapped, const Endpoint& base,
                                     const Endpoint& server) {
  gatherer_.add_relayed(component, relayed, mapped, base, server, foundations_);
  update(now);
  drain(now);
}

void IceAgent::relayed_candidate_failed(Time now) {
  gatherer_.relayed_failed();
  update(now);
  drain(now);
}

bool IceAgent::is_relayed(const Endpoint& local) const {
  return std::any_of(local_.begin(), local_.end(), [&](const Candidate& c) {
    return c.type == CandidateType::Relayed && c.address == local;
  });
}

void IceAgent::pair_late(const Candidate& c) {
  if (!remote_creds_) return;
  for (const auto& r : remote_)
    if (r.component == c.component && r.address.address.family() == c.address.address.family() &&
        transports_pair(c, r)) {  // RFC 6544 6.2: a UDP relay never pairs with TCP
      CandidatePair& p = list_.add(c, r, role_);
      emit(PairStateChanged{p.id, p.component(), p.local.base, p.remote.address, PairState::Frozen,
                            PairState::Waiting, p.local.transport});
    }
}

SessionDescription IceAgent::local_description() const {
  SessionDescription d;
  d.credentials = local_creds_;
  // Peer-reflexive candidates are learned during checks, never signalled.
  for (const auto& c : pairable_local())
    if (c.type != CandidateType::PeerReflexive) d.candidates.push_back(c);
  return d;
}

std::vector<Candidate> IceAgent::pairable_local() const {
  if (!config_.relay_only) return local_;
  std::vector<Candidate> v;
  for (const auto& c : local_)
    if (c.type == CandidateType::Relayed) v.push_back(c);
  return v;
}

void IceAgent::set_remote_description(Time now, const Credentials& remote,
                                      const std::vector<Candidate>& candidates) {
  if (closed_) return;
  remote_creds_ = remote;
  remote_ = candidates;
  for (auto& c : remote_) c.base = c.address;
  list_.form(pairable_local(), remote_, role_, config_.max_pairs);
  for (PairId id : list_.set_initial_states()) {
    // Report the initial Frozen -> Waiting moves like any other change.
    const CandidatePair* p = list_.find(id);
    emit(PairStateChanged{id, p->component(), p->local.base, p->remote.address, PairState::Frozen,
                          PairState::Waiting, p->local.transport});
  }
  set_ice_state(IceState::Running);
  scheduler_.start(now);
  // RFC 5245 7.2: the remaining steps for checks that came before the answer.
  for (const EarlyCheck& e : early_checks_)
    triggered_check(now, e.local, e.remote, e.component, e.priority, e.use_candidate, e.transport);
  early_checks_.clear();
  tick(now);
}

void IceAgent::handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                               std::span<const std::uint8_t> bytes) {
  if (closed_) return;
  // RFC 5245 7.2 / RFC 7983: STUN and media share the 5-tuple.
  if (stun::looks_like_stun(bytes)) {
    if (auto r = stun::decode(bytes)) {
      handle_stun(now, local, remote, *r.message, bytes);
      return;
    }
  }
  emit(DataReceived{component_of(local), local, remote, {bytes.begin(), bytes.end()}});
}

void IceAgent::handle_stun(Time now, const Endpoint& local, const Endpoint& remote,
                           const stun::Message& m, std::span<const std::uint8_t> bytes) {
  if (m.method_enum() == stun::Method::Binding) {
    if (m.cls == stun::Class::Request) handle_request(now, local, remote, m, bytes);
    else if (m.cls != stun::Class::Indication && !handle_response(now, local, remote, m, bytes) &&
             !current_stream_)
      gatherer_.handle_response(now, m, foundations_);
    // Indications are keepalives (RFC 5245 10): nothing to do.
  }
  update(now);
  drain(now);
}

void IceAgent::handle_timeout(Time now) {
  if (!closed_) tick(now);
}

void IceAgent::tick(Time now) {
  if (gatherer_.started()) gatherer_.handle_timeout(now, rng_);
  checks_.handle_timeout(now);
  tcp_timeouts(now);
  while (auto o = checks_.poll_outcome()) {
    auto it = pending_.find(o->id);
    if (it == pending_.end()) continue;  // answered already
    PairId id = it->second.pair;
    pending_.erase(it);
    // RFC 5245 7.1.3.1: a transaction that times out fails the pair.
    if (o->state == stun::TransactionState::TimedOut) check_failed(now, id);
  }
  if (remote_creds_) {
    if (auto pick = scheduler_.pick(now, list_)) {
      CandidatePair* p = list_.find(pick->pair);
      if (!pick->triggered && p->state == PairState::Frozen) set_state(*p, PairState::Waiting);
      if (p->local.transport != Transport::Tcp || prepare_tcp_check(now, *p, pick->triggered))
        send_check(now, pick->pair, pick->triggered);
    }
  }
  keepalives(now);
  update(now);
  drain(now);
}

void IceAgent::drain(Time now) {
  while (auto c = gatherer_.poll_candidate()) {
    std::erase_if(local_, [&](const Candidate& x) { return is_redundant(x, *c); });
    local_.push_back(*c);
    emit(CandidateGathered{*c});
    if (c->type == CandidateType::Relayed) pair_late(*c);
  }
  if (!gathering_reported_ && gathering_complete()) {
    gathering_reported_ = true;
    emit(GatheringComplete{});
  }
  while (auto t = gatherer_.poll_transmit()) out_.push_back(std::move(*t));
  while (auto t = checks_.poll_transmit()) {
    stun::TransactionId tid{};
    std::copy_n(t->bytes.begin() + 8, tid.size(), tid.begin());
    if (auto it = pending_.find(tid); it != pending_.end()) {
      PendingCheck& pc = it->second;
      if (++pc.sends == 1) pc.first_sent = now;
      pc.last_sent = now;
      emit(CheckSent{pc.pair, pc.local, pc.remote, pc.use_candidate, pc.sends > 1, pc.triggered, pc.transport});
      for (const auto& [component, vid] : selected_) {
        auto sel = selected_pair(component);
        if (sel && sel->local.base == t->local && sel->remote.address == t->remote) last_sent_[component] = now;
      }
    }
    const auto pit = pending_.find(tid);
    const bool tcp = pit != pending_.end() && pit->second.transport == Transport::Tcp;
    // MS-ICE2 3.1.4.8.2: one datagram per FINGERPRINT table of the dialect.
    if (config_.dialect == Dialect::Rfc) {
      if (tcp) send_tcp(t->local, t->remote, t->bytes);
      else out_.push_back(std::move(*t));
      continue;
    }
    for (auto& copy : in_tables(t->bytes, check_tables(config_.dialect))) {
      if (tcp) send_tcp(t->local, t->remote, copy);
      else out_.push_back(Transmit{t->local, t->remote, std::move(copy)});
    }
  }
}

void IceAgent::set_state(CandidatePair& p, PairState s) {
  if (p.state == s) return;
  emit(PairStateChanged{p.id, p.component(), p.local.base, p.remote.address, p.state, s, p.local.transport});
  p.state = s;
}

void IceAgent::set_ice_state(IceState s) {
  if (state_ == s) return;
  state_ = s;
  emit(StateChanged{s});
}

void IceAgent::update(Time now) {
  if (state_ == IceState::New) return;
  for (int c = 1; c <= config_.components; ++c)
    if (best_valid_pair(list_, c)) first_valid_.try_emplace(c, now);
  if (role_ == Role::Controlling && config_.nomination == NominationMode::Regular) nominate(now);
  for (int c = 1; c <= config_.components; ++c) {
    const ValidPair* sel = selected_valid_pair(list_, c);
    if (!sel) continue;
    auto it = selected_.find(c);
    if (it != selected_.end() && it->second == sel->pair.id) continue;
    bool first = it == selected_.end();
    selected_[c] = sel->pair.id;
    emit(SelectedPair{c, sel->pair.local, sel->pair.remote});
    if (first) last_sent_[c] = now;
    conclude(c);
  }
  set_ice_state(evaluate_state(list_, config_.components, !scheduler_.triggered().empty(), state_));
}

void IceAgent::nominate(Time now) {
  for (int c = 1; c <= config_.components; ++c) {
    if (selected_valid_pair(list_, c)) continue;
    if (auto it = nominating_.find(c); it != nominating_.end()) {
      const CandidatePair* p = list_.find(it->second);
      if (p && p->state != PairState::Failed) continue;
      nominating_.erase(it);
    }
    auto fv = first_valid_.find(c);
    bool waited = fv != first_valid_.end() && now >= fv->second + config_.nomination_wait;
    if (auto hold = nomination_hold(c); waited && hold && now < *hold) waited = false;
    auto choice = regular_nomination(list_, c, waited);
    if (!choice) continue;
    CandidatePair* p = list_.find(*choice);
    p->use_candidate = true;
    nominating_[c] = *choice;
    scheduler_.enqueue_triggered(*choice);
  }
}

std::optional<Time> IceAgent::nomination_hold(int component) const {
  // RFC 5245 8.1.1.1 leaves the stopping criterion to the agent; the wait
  // alone would nominate a lower pair while a check on a better pair that
  // can still succeed is outstanding. So, within a second wait after the
  // first valid pair (bounded), a pair of higher priority than the best
  // valid one and still in progress holds the nomination while
  // - a transmission of its check can still be answered: for twice the
  //   longest round trip measured so far (at least Ta) after it left;
  // - its check left before the peer's first check reached us and has not
  //   been retransmitted yet: until that retransmission can be answered. The
  //   first transmission may have been lost only because the peer did not
  //   have our description yet (it reached the peer's TURN server before the
  //   permission for our address was installed, RFC 5766 8, or the peer's
  //   NAT before any check of the peer had opened it), and its RTO (RFC 5245
  //   16.1: 720 ms for 6 pairs at Ta 20 ms) can be longer than the wait;
  // - it waits in the triggered-check queue: until its check has left.
  const ValidPair* best = best_valid_pair(list_, component);
  auto fv = first_valid_.find(component);
  if (!best || fv == first_valid_.end()) return std::nullopt;
  const Time horizon = fv->second + 2 * config_.nomination_wait;
  const Duration answer = std::max<Duration>(scheduler_.ta(), 2 * longest_rtt_);
  std::optional<Time> until;
  for (const auto& [tid, pc] : pending_) {
    if (pc.cancelled) continue;
    const CandidatePair* p = list_.find(pc.pair);
    if (!p || p->component() != component || p->priority <= best->pair.priority ||
        p->state == PairState::Succeeded || p->state == PairState::Failed)
      continue;
    std::optional<Time> t;
    if (pc.sends == 0) t = horizon;  // started, leaves when this call drains
    else if (pc.last_sent <= horizon) t = pc.last_sent + answer;
    const bool early = !peer_checking_since_ || pc.first_sent < *peer_checking_since_;
    const Time retransmit = pc.first_sent + pc.rto;
    if (early && pc.sends == 1 && pc.rto > Duration::zero() && retransmit <= horizon) t = retransmit + answer;
    if (t && (!until || *t > *until)) until = t;
  }
  // A pair waiting in the triggered-check queue (the peer's check has just
  // come in on it, RFC 5245 7.2.1.4) holds it until its check has left.
  for (PairId id : scheduler_.triggered()) {
    const CandidatePair* p = list_.find(id);
    if (!p || p->component() != component || p->priority <= best->pair.priority ||
        p->state == PairState::Succeeded || p->state == PairState::Failed)
      continue;
    if (!until || horizon > *until) until = horizon;
  }
  return until;
}

void IceAgent::conclude(int component) {
  const ValidPair* sel = selected_valid_pair(list_, component);
  if (!sel) return;
  const std::uint64_t floor = sel->pair.priority;
  // RFC 5245 8.1.2: "If there is at least one nominated pair in the valid
  // list for a media stream and the state of the check list is Running: The
  // agent MUST remove all Waiting and Frozen pairs in the check list and
  // triggered check queue for the same component as the nominated pairs for
  // that media stream." With aggressive nomination too: only checks already
  // In-Progress may still complete and nominate a better pair (8.1.1.2:
  // "another check may yet complete").
  std::vector<PairId> drop;
  for (const auto& p : list_.pairs()) {
    if (p.component() != component) continue;
    if (p.state == PairState::Waiting || p.state == PairState::Frozen) drop.push_back(p.id);
  }
  for (PairId id : drop) {
    list_.remove(id);
    scheduler_.remove_triggered(id);
  }
  // "If an In-Progress pair in the check list is for the same component as a
  // nominated pair, the agent SHOULD cease retransmissions for its check if
  // its pair priority is lower than the lowest-priority nominated pair".
  for (auto& [tid, pc] : pending_) {
    const CandidatePair* p = list_.find(pc.pair);
    if (!p || pc.cancelled || p->component() != component || p->priority >= floor) continue;
    pc.cancelled = true;
    checks_.cancel(tid);
  }
}

void IceAgent::keepalives(Time now) {
  // RFC 5245 10: "If there has been no packet sent on the candidate pair ICE
  // is using for a component of a media stream for Tr seconds ..., an agent
  // MUST generate a keepalive on that pair."
  for (auto& [component, last] : last_sent_) {
    if (now < last + config_.keepalive) continue;
    auto sel = selected_pair(component);
    if (!sel) continue;
    if (sel->local.transport == Transport::Tcp) send_tcp(sel->local.base, sel->remote.address, keepalive(rng_));
    else out_.push_back(Transmit{sel->local.base, sel->remote.address, keepalive(rng_)});
    last = now;
  }
}

std::optional<Transmit> IceAgent::poll_transmit() {
  if (out_.empty()) return std::nullopt;
  Transmit t = std::move(out_.front());
  out_.pop_front();
  return t;
}

std::optional<Time> IceAgent::poll_timeout() const {
  if (closed_) return std::nullopt;
  std::optional<Time> t;
  auto consider = [&](std::optional<Time> x) {
    if (x && (!t || *x < *t)) t = x;
  };
  if (gatherer_.started()) consider(gatherer_.poll_timeout());
  consider(checks_.poll_timeout());
  consider(tcp_timeout());
  if (remote_creds_) consider(scheduler_.next_check(list_));
  if (state_ == IceState::Running && role_ == Role::Controlling &&
      config_.nomination == NominationMode::Regular)
    for (const auto& [c, first] : first_valid_)
      if (!selected_.count(c) && !nominating_.count(c))
        consider(std::max(first + config_.nomination_wait, nomination_hold(c).value_or(Time{})));
  for (const auto& [c, last] : last_sent_) consider(last + config_.keepalive);
  return t;
}

std::optional<Event> IceAgent::poll_event() {
  if (events_.empty()) return std::nullopt;
  Event e = std::move(events_.front());
  events_.pop_front();
  return e;
}

bool IceAgent::send_data(Time now, int component, std::span<const std::uint8_t> bytes) {
  if (closed_) return false;
  auto sel = selected_pair(component);
  if (!sel) return false;
  // RFC 6544 3: media over TCP is framed like STUN (RFC 4571).
  if (sel->local.transport == Transport::Tcp) {
    if (!send_tcp(sel->local.base, sel->remote.address, bytes)) return false;
  } else {
    out_.push_back(Transmit{sel->local.base, sel->remote.address, {bytes.begin(), bytes.end()}});
  }
  last_sent_[component] = now;
  return true;
}

std::optional<SelectedPair> IceAgent::selected_pair(int component) const {
  const ValidPair* v = selected_valid_pair(list_, component);
  if (!v) return std::nullopt;
  return SelectedPair{component, v->pair.local, v->pair.remote};
}

int IceAgent::component_of(const Endpoint& local) const {
  if (current_stream_)
    if (auto it = streams_.find(*current_stream_); it != streams_.end()) return it->second.component;
  for (const auto& c : local_)
    if (c.base == local) return c.component;
  return 1;
}

const Candidate* IceAgent::local_by_address(const Endpoint& address, int component,
                                           Transport transport) const {
  for (const auto& c : local_)
    if (c.component == component && c.transport == transport && c.address == address) return &c;
  return nullptr;
}

}  // namespace natlab::ice
