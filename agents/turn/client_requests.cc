// TurnClient requests: building them, signing them, and acting on their
// outcomes, including the long-term credential dance (401, 438).
#include <utility>

#include "agents/stun/attributes.h"
#include "agents/stun/integrity.h"
#include "agents/turn/client.h"

namespace natlab::turn {

namespace {
constexpr std::uint16_t method_value(stun::Method m) { return static_cast<std::uint16_t>(m); }
}  // namespace

stun::Message TurnClient::build(const Request& r, const stun::TransactionId& id) const {
  stun::Message m;
  m.cls = stun::Class::Request;
  m.transaction_id = id;  // before any add(): XOR-ed addresses depend on it
  const auto lifetime_attr = [&] {
    if (config_.requested_lifetime)
      m.add(stun::Lifetime{static_cast<std::uint32_t>(config_.requested_lifetime->count())});
  };
  switch (r.kind) {
    case RequestKind::Allocate:
      m.method = method_value(stun::Method::Allocate);
      // RFC 5766 6.1: the request MUST contain REQUESTED-TRANSPORT; 17 is UDP.
      m.add(stun::RequestedTransport{17});
      lifetime_attr();
      break;
    case RequestKind::Refresh:
      m.method = method_value(stun::Method::Refresh);
      lifetime_attr();
      break;
    case RequestKind::Deallocate:
      m.method = method_value(stun::Method::Refresh);
      // RFC 5766 7: a Refresh with LIFETIME 0 deletes the allocation.
      m.add(stun::Lifetime{0});
      break;
    case RequestKind::CreatePermission:
      m.method = method_value(stun::Method::CreatePermission);
      // RFC 5766 9.1: the port of XOR-PEER-ADDRESS is ignored by the server.
      m.add(stun::XorPeerAddress{Endpoint{r.peer_ip, 0}});
      break;
    case RequestKind::ChannelBind:
      m.method = method_value(stun::Method::ChannelBind);
      m.add(stun::ChannelNumber{r.channel});
      m.add(stun::XorPeerAddress{r.peer});
      break;
  }
  if (!config_.software.empty()) m.add(stun::Software{config_.software});
  // RFC 5389 10.2.2: once realm and nonce are known every request carries
  // USERNAME, REALM, NONCE and MESSAGE-INTEGRITY (added by encode()).
  credentials_.add_to(m);
  return m;
}

void TurnClient::start(Time now, Request r) {
  const stun::TransactionId id = transactions_.new_transaction_id(rng_);
  const stun::Message m = build(r, id);
  r.key = credentials_.key();
  stun::EncodeOptions opts;
  opts.integrity = r.key;
  opts.fingerprint = config_.fingerprint;
  transactions_.start_raw(stun::encode(m, opts), id, config_.server, now, config_.local);
  pending_.emplace(id, std::move(r));
}

bool TurnClient::handle_response(Time now, const stun::Message& m,
                                 std::span<const std::uint8_t> bytes) {
  auto it = pending_.find(m.transaction_id);
  if (it == pending_.end()) return false;
  // RFC 5389 10.2.3: a response whose MESSAGE-INTEGRITY does not verify with
  // the key of the request MUST be discarded, as if never received; the
  // transaction keeps retransmitting.
  if (it->second.key && m.find(stun::attr::MessageIntegrity) &&
      stun::check_integrity(bytes, *it->second.key) != stun::IntegrityCheck::Valid)
    return false;
  if (!transactions_.handle_response(now, m)) return false;
  process_outcomes(now);
  return true;
}

void TurnClient::process_outcomes(Time now) {
  while (auto o = transactions_.poll_outcome()) {
    auto it = pending_.find(o->id);
    if (it == pending_.end()) continue;
    Request r = std::move(it->second);
    pending_.erase(it);
    on_outcome(now, std::move(r), *o);
  }
}

void TurnClient::on_outcome(Time now, Request r, const stun::TransactionOutcome& o) {
  if (o.state != stun::TransactionState::Succeeded || !o.response) {
    on_failure(r, Failure{0, "timeout"});
    return;
  }
  const stun::Message& m = *o.response;
  if (m.cls == stun::Class::Success) {
    on_success(r, m, o.started);
    return;
  }
  auto ec = m.get<stun::ErrorCode>();
  Failure f{ec ? ec->code : 0, ec ? ec->reason : "error response without ERROR-CODE"};
  // RFC 5389 10.2.3: a 401 to a request without credentials is the
  // challenge; retry once with them. A 401 to a signed request means wrong
  // credentials (or a server we cannot satisfy): stop.
  if (f.code == 401 && r.kind == RequestKind::Allocate && !r.challenged && !r.key &&
      credentials_.learn(m)) {
    r.challenged = true;
    start(now, std::move(r));
    return;
  }
  // RFC 5389 10.2.3 / RFC 5766 4: 438 Stale Nonce: retry with the new NONCE.
  if (f.code == 438 && r.stale_nonce_retries < config_.max_stale_nonce_retries &&
      credentials_.learn(m)) {
    ++r.stale_nonce_retries;
    start(now, std::move(r));
    return;
  }
  on_failure(r, std::move(f));
}

void TurnClient::on_success(Request& r, const stun::Message& m, Time sent_at) {
  switch (r.kind) {
    case RequestKind::Allocate: {
      auto relayed = m.get<stun::XorRelayedAddress>();
      auto lifetime = m.get<stun::Lifetime>();
      // RFC 5766 6.3: a success carries XOR-RELAYED-ADDRESS and LIFETIME.
      if (!relayed || !lifetime) {
        on_failure(r, Failure{0, "Allocate success without XOR-RELAYED-ADDRESS or LIFETIME"});
        return;
      }
      Allocation a;
      a.relayed = relayed->endpoint;
      if (auto mapped = m.get<stun::XorMappedAddress>()) a.mapped = mapped->endpoint;
      a.lifetime = std::chrono::seconds(lifetime->seconds);
      a.granted = sent_at;
      allocation_ = a;
      state_ = ClientState::Allocated;
      emit(Allocated{a.relayed, a.mapped, a.lifetime});
      return;
    }
    case RequestKind::Refresh: {
      refresh_in_flight_ = false;
      if (state_ != ClientState::Allocated) return;
      // RFC 5766 7.3: the server says the lifetime it granted; a server that
      // leaves it out keeps the one we had.
      if (auto lifetime = m.get<stun::Lifetime>())
        allocation_->lifetime = std::chrono::seconds(lifetime->seconds);
      allocation_->granted = sent_at;
      emit(Refreshed{allocation_->lifetime});
      return;
    }
    case RequestKind::Deallocate:
      state_ = ClientState::Closed;
      allocation_.reset();
      emit(Deallocated{true});
      return;
    case RequestKind::CreatePermission: {
      if (state_ != ClientState::Allocated) return;
      const bool refresh = permissions_.installed(r.peer_ip);
      permissions_.confirm(r.peer_ip, sent_at, config_.refresh.permission_interval);
      permissions_.find(r.peer_ip)->in_flight = false;
      emit(PermissionCreated{r.peer_ip, refresh});
      return;
    }
    case RequestKind::ChannelBind: {
      if (state_ != ClientState::Allocated) return;
      ClientChannel* c = channels_.find(r.peer);
      if (!c) return;
      const bool refresh = c->bound;
      channels_.confirm(r.peer, sent_at, config_.refresh.channel_interval);
      c->in_flight = false;
      // RFC 5766 11.2: a successful ChannelBind installs or refreshes the
      // permission for the peer's IP address too.
      permissions_.confirm(r.peer.address, sent_at, config_.refresh.permission_interval);
      emit(ChannelBound{r.peer, r.channel, refresh});
      return;
    }
  }
}

void TurnClient::on_failure(Request& r, Failure f) {
  switch (r.kind) {
    case RequestKind::Allocate:
      state_ = ClientState::Failed;
      emit(AllocateFailed{std::move(f)});
      return;
    case RequestKind::Refresh: {
      refresh_in_flight_ = false;
      if (state_ != ClientState::Allocated) return;
      // RFC 5766 7.3: 437 Allocation Mismatch: the server has no allocation
      // for our 5-tuple any more. Other failures leave it to expire on time.
      const bool gone = f.code == 437;
      emit(RefreshFailed{std::move(f)});
      if (gone) expire();
      return;
    }
    case RequestKind::Deallocate:
      // 437 means the allocation is already gone, which is what we asked for.
      state_ = ClientState::Closed;
      allocation_.reset();
      emit(Deallocated{f.code == 437});
      return;
    case RequestKind::CreatePermission:
      if (state_ != ClientState::Allocated) return;
      permissions_.erase(r.peer_ip);
      emit(PermissionFailed{r.peer_ip, std::move(f)});
      return;
    case RequestKind::ChannelBind:
      if (state_ != ClientState::Allocated) return;
      // Back to Send indications for this peer.
      channels_.erase(r.peer);
      emit(ChannelBindFailed{r.peer, r.channel, std::move(f)});
      return;
  }
}

}  // namespace natlab::turn
