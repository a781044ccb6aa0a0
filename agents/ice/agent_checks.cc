// IceAgent: sending checks, answering checks, processing responses (RFC 5245
// 7.1 and 7.2).
#include <algorithm>

#include "agents/ice/agent.h"
#include "agents/ice/dialect.h"

namespace natlab::ice {

void IceAgent::send_check(Time now, PairId id, bool triggered) {
  CandidatePair* p = list_.find(id);
  if (!p || !remote_creds_) return;
  // A repeated check on a Succeeded pair (the USE-CANDIDATE check of regular
  // nomination) leaves it Succeeded: its valid pair stays valid meanwhile.
  if (p->state != PairState::Succeeded) set_state(*p, PairState::InProgress);
  CheckParams params;
  params.local_ufrag = local_creds_.ufrag;
  params.remote_ufrag = remote_creds_->ufrag;
  params.remote_pwd = remote_creds_->pwd;
  // RFC 5245 7.1.2.1: the priority "that would be assigned ... to a peer
  // reflexive candidate": type preference 110 with this candidate's local
  // preference and component.
  const std::uint32_t local_pref = (p->local.priority >> 8) & 0xFFFF;
  params.priority = candidate_priority(CandidateType::PeerReflexive, p->component(), local_pref);
  params.role = role_;
  params.tie_breaker = tie_breaker_;
  // RFC 5245 8.1.1.2: "the controlling agent includes the USE-CANDIDATE
  // attribute in every check it sends" (aggressive); 8.1.1.1: on the chosen
  // pair's repeated check (regular).
  params.use_candidate = role_ == Role::Controlling &&
                         (config_.nomination == NominationMode::Aggressive || p->use_candidate);
  const std::size_t outstanding = list_.count(PairState::Waiting) + list_.count(PairState::InProgress);
  const Duration rto = config_.check_rto.value_or(
      check_rto(config_.profile, scheduler_.ta(), list_.pairs().size(), outstanding));
  stun::RetransmitConfig rc{rto, config_.check_rc, config_.check_rm};
  // RFC 5389 7.2.2: over TCP the request is sent once; the transaction
  // fails after Ti without an answer.
  if (p->local.transport == Transport::Tcp) rc = stun::RetransmitConfig{config_.tcp_transaction_timeout, 1, 1};
  auto tid = checks_.start(build_check(params), p->remote.address, now, rng_,
                           check_encoding(remote_creds_->pwd), p->local.base, rc);
  PendingCheck pc;
  pc.pair = id;
  pc.local = p->local.base;
  pc.remote = p->remote.address;
  pc.role = role_;
  pc.priority = params.priority;
  pc.use_candidate = params.use_candidate;
  pc.triggered = triggered;
  pc.transport = p->local.transport;
  if (rc.rc > 1) pc.rto = rc.rto;
  pending_[tid] = pc;
}

void IceAgent::switch_role(Role to) {
  role_ = to;
  // RFC 5245 5.7.2: pair priorities depend on who is controlling.
  list_.set_role(to);
  if (to == Role::Controlled) {
    for (auto& p : list_.pairs()) p.use_candidate = false;
    nominating_.clear();
  }
}

void IceAgent::handle_request(Time now, const Endpoint& local, const Endpoint& remote,
                              const stun::Message& m, std::span<const std::uint8_t> bytes) {
  CheckValidation v = validate_check(bytes, m, local_creds_, accepts_alternate_fingerprint(config_));
  // Answers go out in the tables of our dialect, or in the peer's (dialect.h).
  const auto tables = response_tables(config_, stun::verify_fingerprint(bytes).match);
  auto answer = [&](const std::vector<std::uint8_t>& response) {
    for (auto& copy : in_tables(response, tables)) {
      // RFC 6544 7.2: the response goes back on the connection the request came on.
      if (current_stream_) send_tcp(local, remote, copy);
      else out_.push_back(Transmit{local, remote, std::move(copy)});
    }
  };
  if (!v.check) {
    if (v.bad_fingerprint) ++dropped_bad_fingerprint_;  // RFC 5389 7.3: not STUN, no answer
    if (v.rejection.code != 0)
      answer(error_response(m, v.rejection.code, v.rejection.reason, std::nullopt, v.rejection.unknown));
    return;
  }
  const IncomingCheck& c = *v.check;
  // The peer signs its checks with our password: it has our description.
  if (!peer_checking_since_) peer_checking_since_ = now;
  switch (resolve_role_conflict(role_, tie_breaker_, c)) {
    case ConflictAction::Respond487:
      answer(error_response(m, 487, "Role Conflict", local_creds_.pwd));
      emit(RoleConflict{role_, role_, true, false});
      return;  // RFC 5245 7.2.1.1: the request is not processed further
    case ConflictAction::SwitchToControlled:
      emit(RoleConflict{role_, Role::Controlled, false, false});
      switch_role(Role::Controlled);
      break;
    case ConflictAction::SwitchToControlling:
      emit(RoleConflict{role_, Role::Controlling, false, false});
      switch_role(Role::Controlling);
      break;
    case ConflictAction::None:
      break;
  }
  // RFC 5245 7.2.1.2: the response leaves from where the request arrived.
  answer(success_response(m, remote, local_creds_.pwd));
  if (!remote_creds_) {
    // RFC 5245 7.2: "It is possible (and in fact very likely) that an offerer
    // will receive a Binding request prior to receiving the answer ... Once
    // the answer is received, it MUST proceed with the remaining steps
    // required, namely, 7.2.1.3, 7.2.1.4, and 7.2.1.5". Keep what those steps
    // need: a peer whose check succeeded here may never send it again, and
    // its source may be a peer-reflexive address learned nowhere else.
    early_checks_.push_back(EarlyCheck{local, remote, component_of(local), c.priority, c.use_candidate,
                                       current_stream_ ? Transport::Tcp : Transport::Udp});
    return;
  }
  triggered_check(now, local, remote, component_of(local), c.priority, c.use_candidate,
                  current_stream_ ? Transport::Tcp : Transport::Udp);
}

void IceAgent::triggered_check(Time now, const Endpoint& local, const Endpoint& remote,
                               int component, std::uint32_t priority, bool use_candidate,
                               Transport transport) {
  (void)now;
  // RFC 5245 7.2.1.3: "If the source transport address of the request does
  // not match any existing remote candidates, it represents a new peer
  // reflexive remote candidate." Its priority is the request's PRIORITY.
  auto rit = std::find_if(remote_.begin(), remote_.end(), [&](const Candidate& r) {
    return r.address == remote && r.component == component && r.transport == transport;
  });
  if (rit == remote_.end()) {
    Candidate r;
    r.type = CandidateType::PeerReflexive;
    r.component = component;
    r.address = remote;
    r.base = remote;
    r.priority = priority;
    r.transport = transport;
    // RFC 6544 7.2: a request on a connection accepted by a passive
    // candidate comes from the peer's active side (it opened the
    // connection); on a simultaneous-open candidate's, from the peer's S-O.
    if (transport == Transport::Tcp) {
      r.tcptype = TcpType::Active;
      if (current_stream_)
        if (auto it = streams_.find(*current_stream_); it != streams_.end() && it->second.local_type == TcpType::So)
          r.tcptype = TcpType::So;
    }
    // "The foundation of the candidate is set to an arbitrary value, different
    // from the foundation for all other remote candidates."
    r.foundation = "prflx" + std::to_string(++remote_prflx_count_);
    remote_.push_back(r);
    emit(RemoteCandidateLearned{r});
    rit = remote_.end() - 1;
  }
  const Candidate remote_cand = *rit;
  // RFC 5245 7.2.1.4: "the local candidate is the one whose transport address
  // equals the destination address on which the request was received".
  const Candidate* lc = local_by_address(local, component, transport);
  if (!lc) return;
  CandidatePair* p = list_.find(local, remote, component, transport);
  if (!p) {
    // "If the pair is not already on the check list: The pair is inserted
    // into the check list based on its priority. Its state is set to Waiting.
    // The pair is enqueued into the triggered check queue."
    CandidatePair& added = list_.add(*lc, remote_cand, role_);
    emit(PairStateChanged{added.id, added.component(), added.local.base, added.remote.address,
                          PairState::Frozen, PairState::Waiting, added.local.transport});
    scheduler_.enqueue_triggered(added.id);
    p = &added;
  } else {
    switch (p->state) {
      case PairState::Succeeded:
        break;  // "If the state of that pair is Succeeded, nothing further is done."
      case PairState::InProgress:
        // "the agent cancels the in-progress transaction ... will not
        // retransmit the request, will not treat the lack of response to be
        // a failure, but will wait the duration of the transaction timeout
        // for a response." A late response is still processed via pending_.
        for (auto& [tid, pc] : pending_) {
          if (pc.pair != p->id || pc.cancelled) continue;
          pc.cancelled = true;
          checks_.cancel(tid);
        }
        [[fallthrough]];
      case PairState::Waiting:
      case PairState::Frozen:
      case PairState::Failed:
        // "If the state of that pair is Waiting, Frozen, or Failed, a check for
        // that pair is enqueued into the triggered check queue if not already
        // present" and its state becomes Waiting.
        set_state(*p, PairState::Waiting);
        scheduler_.enqueue_triggered(p->id);
        break;
    }
  }
  // RFC 5245 7.2.1.5, controlled agent only.
  if (!use_candidate || role_ != Role::Controlled) return;
  if (p->state == PairState::Succeeded) {
    // "If the state of this pair is Succeeded, ... The agent now sets the
    // nominated flag in the valid pair to true."
    for (auto& vp : list_.valid()) {
      if (vp.generated_by != p->id || vp.nominated) continue;
      vp.nominated = true;
      emit(Nominated{vp.pair.id, vp.pair.component(), vp.pair.local.base, vp.pair.remote.address,
                     vp.pair.local.transport});
    }
  } else {
    p->nominate_on_success = true;
  }
}

bool IceAgent::handle_response(Time now, const Endpoint& local, const Endpoint& remote,
                               const stun::Message& m, std::span<const std::uint8_t> bytes) {
  // RFC 5389 7.3: a FINGERPRINT that does not match (in a table we accept)
  // means the datagram is not STUN; nobody else here takes it either.
  if (!fingerprint_accepted(config_, stun::verify_fingerprint(bytes).match)) {
    ++dropped_bad_fingerprint_;
    return true;
  }
  auto it = pending_.find(m.transaction_id);
  if (it == pending_.end()) return false;
  if (!remote_creds_) return true;
  auto r = validate_response(bytes, m, remote_creds_->pwd, accepts_alternate_fingerprint(config_));
  if (!r) return true;  // RFC 5389 10.1.3: "as if it was never received"
  checks_.handle_response(now, m);
  const PendingCheck pc = it->second;
  pending_.erase(it);
  emit(CheckResponseReceived{pc.pair, r->error_code, r->mapped.value_or(Endpoint{})});
  CandidatePair* p = list_.find(pc.pair);
  if (!p) return true;
  if (r->success) {
    // RFC 5245 7.1.3.2.1 ... "The agent MUST check that the source IP address
    // and port of the response equal the destination IP address and port to
    // which the Binding request was sent, and that the destination IP address
    // and port of the response match the source IP address and port from
    // which the Binding request was sent. ... If these addresses are not
    // symmetric, the agent MUST set the candidate pair state to Failed."
    if (remote != pc.remote || local != pc.local || !r->mapped) {
      check_failed(now, pc.pair);
      return true;
    }
    // From the last transmission: a shorter round trip than the real one
    // if an earlier transmission was the one answered.
    longest_rtt_ = std::max(longest_rtt_, now - pc.last_sent);
    check_succeeded(now, pc, *r->mapped);
  } else if (r->error_code == 487) {
    // RFC 5245 7.1.3.1: "If the request contained the ICE-CONTROLLED
    // attribute, the agent MUST switch to the controlling role if it has not
    // already done so. If the request contained the ICE-CONTROLLING attribute,
    // the agent MUST switch to the controlled role if it has not already done
    // so. Once it has switched, the agent MUST enqueue the candidate pair
    // whose check generated the 487 into the triggered check queue. The state
    // of that pair is set to Waiting." The tie-breaker is kept.
    const Role to = pc.role == Role::Controlled ? Role::Controlling : Role::Controlled;
    if (role_ != to) {
      emit(RoleConflict{role_, to, false, true});
      switch_role(to);
    }
    p = list_.find(pc.pair);
    set_state(*p, PairState::Waiting);
    scheduler_.enqueue_triggered(pc.pair);
  } else {
    // "If the STUN transaction generates a ... [non-recoverable] error
    // response, the agent sets the state of the pair to Failed."
    check_failed(now, pc.pair);
  }
  return true;
}

void IceAgent::check_failed(Time now, PairId id) {
  (void)now;
  CandidatePair* p = list_.find(id);
  if (!p) return;
  set_state(*p, PairState::Failed);
  p->use_candidate = false;
  list_.drop_valid_from(id);
  if (auto it = nominating_.find(p->component()); it != nominating_.end() && it->second == id)
    nominating_.erase(it);
}

void IceAgent::check_succeeded(Time now, const PendingCheck& pc, const Endpoint& mapped) {
  (void)now;
  CandidatePair* p = list_.find(pc.pair);
  const int component = p->component();
  // RFC 5245 7.1.3.2.1: "If the transport address [mapped] does not match any
  // of the local candidates that the agent knows about, the mapped address
  // represents a new candidate -- a peer reflexive candidate. ... its
  // priority [is] set equal to the value of the PRIORITY attribute in the
  // Binding request ... The base of the candidate is set equal to the local
  // candidate of the candidate pair from which the STUN check was sent."
  const Transport transport = p->local.transport;
  // RFC 6544 4.5: an active candidate's port 9 stands for whatever port its
  // connection got, so the XOR-MAPPED-ADDRESS of its check (that port, same
  // address) is the candidate itself, not a new peer-reflexive one.
  const Endpoint mapped_local = p->local.tcptype == TcpType::Active && p->local.type == CandidateType::Host &&
                                        mapped.address == p->local.address.address
                                    ? p->local.address
                                    : mapped;
  if (!local_by_address(mapped_local, component, transport)) {
    Candidate c;
    c.type = CandidateType::PeerReflexive;
    c.component = component;
    c.address = mapped;
    c.base = p->local.base;
    c.related = p->local.base;
    c.priority = pc.priority;
    c.transport = transport;
    c.tcptype = p->local.tcptype;
    c.foundation = foundations_.get(CandidateType::PeerReflexive, c.base.address, transport);
    local_.push_back(c);
    emit(CandidateGathered{c});
  }
  // RFC 5245 7.1.3.2.2: "The agent constructs a candidate pair whose local
  // candidate equals the mapped address of the response, and whose remote
  // candidate equals the destination address to which the request was sent.
  // This is called a valid pair ... If the pair equals a pair in the check
  // list, that pair is added to the valid list; otherwise the new pair [is]
  // ... added to the valid list."
  const Candidate lc = *local_by_address(mapped_local, component, transport);
  CandidatePair vp;
  if (const CandidatePair* same = list_.find(lc.address, p->remote.address, component, transport)) {
    vp = *same;
  } else {
    vp.local = lc;
    vp.remote = p->remote;
    vp.priority = pair_priority(lc, p->remote, role_);
  }
  // RFC 5245 7.1.3.2.3: "The agent sets the state of the pair that generated
  // the check to Succeeded" and unfreezes its foundation.
  set_state(*p, PairState::Succeeded);
  const bool nominate = (pc.use_candidate && role_ == Role::Controlling) ||
                        (role_ == Role::Controlled && p->nominate_on_success);
  const std::string foundation = p->foundation();
  const PairId generator = p->id;
  for (PairId id : list_.unfreeze_foundation(foundation)) {
    const CandidatePair* u = list_.find(id);
    emit(PairStateChanged{id, u->component(), u->local.base, u->remote.address, PairState::Frozen,
                          PairState::Waiting, u->local.transport});
  }
  // The success answers any triggered check still queued for this pair,
  // unless that one is to carry USE-CANDIDATE; without this, two agents
  // that checked each other at once would re-trigger each other forever.
  if (!(p->use_candidate && !pc.use_candidate && role_ == Role::Controlling))
    scheduler_.remove_triggered(generator);
  ValidPair& v = list_.add_valid(vp, generator);
  // RFC 5245 7.1.3.2.4: "If the agent was a controlling agent, and it had
  // included a USE-CANDIDATE attribute in the Binding request, the valid pair
  // generated from that check has its nominated flag set to true."
  if (nominate && !v.nominated) {
    v.nominated = true;
    emit(Nominated{v.pair.id, v.pair.component(), v.pair.local.base, v.pair.remote.address, v.pair.local.transport});
  }
}

}  // namespace natlab::ice
