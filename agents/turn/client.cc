// TurnClient lifecycle and sans-IO plumbing; requests are built and answered
// in client_requests.cc, relayed data in client_data.cc.
#include "agents/turn/client.h"

#include <utility>

#include "agents/stun/demux.h"

namespace natlab::turn {

const char* to_string(ClientState s) {
  switch (s) {
    case ClientState::Idle: return "idle";
    case ClientState::Allocating: return "allocating";
    case ClientState::Allocated: return "allocated";
    case ClientState::Deallocating: return "deallocating";
    case ClientState::Closed: return "closed";
    case ClientState::Failed: return "failed";
    case ClientState::Expired: return "expired";
  }
  return "?";
}

namespace {
stun::RetransmitConfig client_transaction_config(const TurnClientConfig& c) {
  if (c.transport != Transport::Tcp) return c.retransmit;
  // RFC 5389 7.2.2: over TCP the request is sent once (the transport
  // retransmits), and the transaction fails Ti after it was sent.
  stun::RetransmitConfig reliable;
  reliable.rto = c.reliable_transaction_timeout;
  reliable.rc = 1;
  reliable.rm = 1;
  return reliable;
}
}  // namespace

TurnClient::TurnClient(TurnClientConfig config, Rng rng)
    : config_(std::move(config)),
      rng_(rng),
      transactions_(client_transaction_config(config_)),
      credentials_(config_.username, config_.password) {}

std::vector<Endpoint> TurnClient::local_endpoints() const {
  if (over_tcp()) return {};
  return {config_.local};
}

bool TurnClient::allocate(Time now) {
  if (state_ == ClientState::Allocating || state_ == ClientState::Allocated ||
      state_ == ClientState::Deallocating)
    return false;
  // A new allocation starts from scratch: the server may have changed realm,
  // and channel numbers restart with the new allocation.
  credentials_.reset();
  permissions_.clear();
  channels_.clear();
  allocation_.reset();
  state_ = ClientState::Allocating;
  if (over_tcp() && link_ == Link::None) connect_stream();
  start(now, Request{.kind = RequestKind::Allocate});
  pump();
  return true;
}

bool TurnClient::deallocate(Time now) {
  if (state_ != ClientState::Allocated) return false;
  cancel_all();
  state_ = ClientState::Deallocating;
  start(now, Request{.kind = RequestKind::Deallocate});
  pump();
  return true;
}

bool TurnClient::create_permission(Time now, const IpAddress& peer) {
  if (state_ != ClientState::Allocated) return false;
  if (permissions_.find(peer)) return true;
  permissions_.add(peer).in_flight = true;
  start(now, Request{.kind = RequestKind::CreatePermission, .peer_ip = peer});
  pump();
  return true;
}

std::optional<std::uint16_t> TurnClient::bind_channel(Time now, const Endpoint& peer) {
  if (state_ != ClientState::Allocated) return std::nullopt;
  if (const ClientChannel* c = channels_.find(peer)) return c->number;
  auto number = channels_.reserve(peer);
  if (!number) return std::nullopt;
  channels_.find(peer)->in_flight = true;
  start(now, Request{.kind = RequestKind::ChannelBind, .peer = peer, .channel = *number});
  pump();
  return number;
}

bool TurnClient::handles(const Endpoint& remote, std::span<const std::uint8_t> bytes) const {
  if (remote != config_.server) return false;
  const stun::PacketKind k = stun::classify(bytes);
  return k == stun::PacketKind::Stun || k == stun::PacketKind::ChannelData;
}

bool TurnClient::handle_datagram(Time now, const Endpoint& /*local*/, const Endpoint& remote,
                                 std::span<const std::uint8_t> bytes) {
  // Over TCP, the server's messages come on the connection only.
  if (remote != config_.server || over_tcp()) return false;
  return handle_message(now, bytes);
}

bool TurnClient::handle_message(Time now, std::span<const std::uint8_t> bytes) {
  bool consumed = false;
  switch (stun::classify(bytes)) {
    case stun::PacketKind::ChannelData:
      consumed = handle_channel_data(bytes);
      break;
    case stun::PacketKind::Stun: {
      stun::DecodeResult r = stun::decode(bytes);
      if (!r) break;
      const stun::Message& m = *r.message;
      if (m.cls == stun::Class::Success || m.cls == stun::Class::Error)
        consumed = handle_response(now, m, bytes);
      else if (m.cls == stun::Class::Indication && m.method_enum() == stun::Method::Data)
        consumed = handle_data_indication(m);
      break;
    }
    default:
      break;
  }
  if (!consumed) ++counters_.ignored;
  pump();
  return consumed;
}

void TurnClient::handle_timeout(Time now) {
  transactions_.handle_timeout(now);
  process_outcomes(now);
  if (state_ == ClientState::Allocated) {
    // RFC 5766 7: without a refresh the server deletes the allocation when
    // its lifetime runs out; from then on nothing we hold is valid.
    if (now >= *expires_at()) expire();
    else refresh_due(now);
  }
  pump();
}

void TurnClient::refresh_due(Time now) {
  if (!refresh_in_flight_ && now >= *refresh_at()) {
    refresh_in_flight_ = true;
    start(now, Request{.kind = RequestKind::Refresh});
  }
  // RFC 5766 8: permissions time out after 300 s unless refreshed.
  for (const IpAddress& peer : permissions_.due(now)) {
    permissions_.find(peer)->in_flight = true;
    start(now, Request{.kind = RequestKind::CreatePermission, .peer_ip = peer});
  }
  // RFC 5766 11: channel bindings time out after 600 s unless refreshed.
  for (const Endpoint& peer : channels_.due(now)) {
    ClientChannel* c = channels_.find(peer);
    c->in_flight = true;
    start(now, Request{.kind = RequestKind::ChannelBind, .peer = peer, .channel = c->number});
  }
}

void TurnClient::expire() {
  cancel_all();
  state_ = ClientState::Expired;
  emit(AllocationExpired{});
}

void TurnClient::cancel_all() {
  for (const auto& [id, r] : pending_) transactions_.cancel(id);
  pending_.clear();
  refresh_in_flight_ = false;
  permissions_.clear();
  channels_.clear();
}

void TurnClient::pump() {
  // One queue for transaction requests and indications, so datagrams leave
  // in the order the client made them.
  while (auto t = transactions_.poll_transmit()) to_server(std::move(t->bytes));
  // Over TCP the connection lives as long as the allocation (RFC 5766 2.1):
  // once nothing is held or being asked for, it is closed.
  if (over_tcp() && link_ != Link::None &&
      (state_ == ClientState::Closed || state_ == ClientState::Failed || state_ == ClientState::Expired))
    close_stream(CloseMode::Graceful);
}

std::optional<Transmit> TurnClient::poll_transmit() {
  if (out_.empty()) return std::nullopt;
  Transmit t = std::move(out_.front());
  out_.pop_front();
  return t;
}

std::optional<Time> TurnClient::poll_timeout() const {
  std::optional<Time> earliest = transactions_.poll_timeout();
  auto consider = [&](std::optional<Time> t) {
    if (t && (!earliest || *t < *earliest)) earliest = t;
  };
  if (state_ == ClientState::Allocated) {
    consider(expires_at());
    if (!refresh_in_flight_) consider(refresh_at());
    consider(permissions_.next_refresh());
    consider(channels_.next_refresh());
  }
  return earliest;
}

std::optional<ClientEvent> TurnClient::poll_event() {
  if (events_.empty()) return std::nullopt;
  ClientEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

std::optional<Endpoint> TurnClient::relayed() const {
  if (!allocation_ || state_ != ClientState::Allocated) return std::nullopt;
  return allocation_->relayed;
}

std::optional<Endpoint> TurnClient::mapped() const {
  if (!allocation_ || state_ != ClientState::Allocated) return std::nullopt;
  return allocation_->mapped;
}

std::optional<std::chrono::seconds> TurnClient::lifetime() const {
  if (!allocation_ || state_ != ClientState::Allocated) return std::nullopt;
  return allocation_->lifetime;
}

std::optional<Time> TurnClient::expires_at() const {
  if (!allocation_ || state_ != ClientState::Allocated) return std::nullopt;
  return allocation_->granted + allocation_->lifetime;
}

std::optional<Time> TurnClient::refresh_at() const {
  if (!allocation_ || state_ != ClientState::Allocated) return std::nullopt;
  return allocation_refresh_at(allocation_->granted, allocation_->lifetime, config_.refresh);
}

std::optional<std::uint16_t> TurnClient::channel(const Endpoint& peer) const {
  const ClientChannel* c = channels_.find(peer);
  if (!c || !c->bound) return std::nullopt;
  return c->number;
}

}  // namespace natlab::turn
