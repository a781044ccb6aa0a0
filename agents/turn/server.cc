// TurnServer: demultiplexing, housekeeping of lifetimes, and the poll side.
#include "agents/turn/server.h"

#include <algorithm>
#include <utility>

#include "agents/stun/integrity.h"

namespace natlab::turn {

using stun::Class;
using stun::Method;

TurnServer::TurnServer(TurnServerConfig config, Rng rng)
    : config_(std::move(config)),
      rng_(std::move(rng)),
      nonces_(rng_, config_.nonce_lifetime),
      ports_(config_.relay_port_min, config_.relay_port_max) {
  // Listener ids 1..n; accepted connections get the driver's ids. With
  // SO_REUSEADDR, as servers set it, so that a restarted server may listen
  // while connections of the last run sit in TIME_WAIT.
  SocketOptions listen_options;
  listen_options.reuse_addr = true;
  StreamId id = 1;
  for (std::size_t i = 0; i < config_.tcp_listening.size(); ++i, ++id) {
    listeners_[id] = i;
    stream_out_.push_back(StreamListen{id, config_.tcp_listening[i], listen_options});
  }
  // RFC 5389 15.4: key = MD5(username ":" realm ":" SASLprep(password)).
  for (const auto& [user, password] : config_.users)
    keys_[user] = stun::long_term_key(user, config_.realm, password);
}

bool TurnServer::is_listening(const Endpoint& ep) const {
  return std::find(config_.listening.begin(), config_.listening.end(), ep) != config_.listening.end();
}

void TurnServer::handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                                 std::span<const std::uint8_t> bytes) {
  // Lifetimes end at their instant even if the caller is late with
  // handle_timeout(): nothing expired may answer or relay.
  if (deadline_ && now >= *deadline_) housekeeping(now);

  if (is_listening(local)) {
    ++counters_.received_from_clients;
    handle_client(now, FiveTuple{remote, local, Transport::Udp}, bytes);
  } else if (Allocation* a = allocations_.find_relayed(local)) {
    ++counters_.received_from_peers;
    handle_peer(now, *a, remote, bytes);
  } else {
    ++counters_.dropped_unknown_local;
  }
  if (deadline_dirty_) refresh_deadline();
}

void TurnServer::handle_client(Time now, const FiveTuple& tuple, std::span<const std::uint8_t> bytes) {
  // RFC 5766 11: on the client port the first two bits tell STUN (0b00) from
  // ChannelData (0b01), whose channel numbers run up to 0x7FFF. (RFC 7983's
  // narrower 64-79 first-byte range is for endpoints that also carry DTLS
  // and RTP on the port, not for a TURN server: clients such as coturn's
  // draw channels from the whole range.)
  const int top_bits = bytes.empty() ? -1 : bytes[0] >> 6;
  if (top_bits == 1) {
    handle_channel_data(now, tuple, bytes);
    return;
  }
  if (top_bits != 0) {
    ++counters_.dropped_malformed;
    return;
  }
  auto decoded = stun::decode(bytes);
  // RFC 5389 7.3: malformed messages, and a FINGERPRINT that does not match
  // (15.5), are discarded silently.
  if (!decoded || stun::check_fingerprint(bytes) == stun::FingerprintCheck::Invalid) {
    ++counters_.dropped_malformed;
    return;
  }
  const stun::Message& m = *decoded.message;
  switch (m.cls) {
    case Class::Request:
      handle_request(Request{now, tuple.server, tuple.client, m, bytes, tuple.transport});
      return;
    case Class::Indication:
      if (m.method_enum() == Method::Send) {
        handle_send(now, tuple, m);
        return;
      }
      break;
    default:
      break;
  }
  // RFC 5389 7.3.2 / 7.3.3: other indications and stray responses are dropped.
  ++counters_.dropped_not_request;
}

void TurnServer::handle_request(const Request& r) {
  switch (r.msg.method_enum()) {
    case Method::Binding: answer_binding(r); return;
    case Method::Allocate: handle_allocate(r); return;
    case Method::Refresh: handle_refresh(r); return;
    case Method::CreatePermission: handle_create_permission(r); return;
    case Method::ChannelBind: handle_channel_bind(r); return;
    default:
      // Send and Data are indications only (RFC 5766 10); RFC 5389 names no
      // code for an unknown method, 400 is what deployed servers answer.
      reject(r, 400, nullptr);
      return;
  }
}

void TurnServer::handle_timeout(Time now) {
  housekeeping(now);
  refresh_deadline();
}

void TurnServer::delete_allocation(const FiveTuple& tuple, DeleteReason reason) {
  Allocation* a = allocations_.find(tuple);
  if (!a) return;
  // RFC 5766 8: "If an allocation expires, all its permissions expire with
  // it" — and its channels; they go silently with the AllocationDeleted event.
  events_.push_back(AllocationDeleted{a->tuple, a->relayed, reason});
  ports_.release(a->relayed.port);
  allocations_.erase(tuple);
  ++endpoints_version_;
  deadline_dirty_ = true;
}

void TurnServer::housekeeping(Time now) {
  // RFC 5766 5: an allocation lives until its time-to-expiry reaches zero;
  // here, while now < expiry.
  std::vector<FiveTuple> expired;
  for (const auto& [tuple, a] : allocations_.all())
    if (a.expiry <= now) expired.push_back(tuple);
  for (const auto& t : expired) delete_allocation(t, DeleteReason::Expired);

  for (auto& [tuple, a] : allocations_.all()) {
    // RFC 5766 8: a permission lasts 300 s unless refreshed.
    for (const auto& ip : a.permissions.expire(now)) events_.push_back(PermissionExpired{a.relayed, ip});
    // RFC 5766 11: "When the channel binding expires, the channel becomes unbound."
    for (const auto& b : a.channels.expire(now, config_.channel_rebind_guard))
      events_.push_back(ChannelExpired{a.relayed, b.number, b.peer});
  }
  if (ports_.expire(now)) ++endpoints_version_;
  deadline_dirty_ = true;
}

void TurnServer::refresh_deadline() {
  std::optional<Time> next;
  auto consider = [&](std::optional<Time> t) {
    if (t && (!next || *t < *next)) next = t;
  };
  for (const auto& [tuple, a] : allocations_.all()) {
    consider(a.expiry);
    consider(a.permissions.next_expiry());
    consider(a.channels.next_expiry());
  }
  consider(ports_.next_expiry());
  deadline_ = next;
  deadline_dirty_ = false;
}

std::optional<Time> TurnServer::poll_timeout() const { return deadline_; }

std::optional<Transmit> TurnServer::poll_transmit() {
  if (out_.empty()) return std::nullopt;
  Transmit t = std::move(out_.front());
  out_.pop_front();
  return t;
}

std::optional<ServerEvent> TurnServer::poll_event() {
  if (events_.empty()) return std::nullopt;
  ServerEvent e = std::move(events_.front());
  events_.pop_front();
  return e;
}

std::vector<Endpoint> TurnServer::local_endpoints() const {
  std::vector<Endpoint> out = config_.listening;
  std::vector<Endpoint> relayed;
  for (const auto& [tuple, a] : allocations_.all()) relayed.push_back(a.relayed);
  // Reserved ports (RFC 5766 6.2) stay bound, so nothing else takes them.
  for (std::uint16_t port : ports_.reserved_ports()) relayed.push_back(Endpoint{config_.relay_address, port});
  std::sort(relayed.begin(), relayed.end());
  out.insert(out.end(), relayed.begin(), relayed.end());
  return out;
}

std::size_t TurnServer::permission_count() const {
  std::size_t n = 0;
  for (const auto& [tuple, a] : allocations_.all()) n += a.permissions.size();
  return n;
}

std::size_t TurnServer::channel_count() const {
  std::size_t n = 0;
  for (const auto& [tuple, a] : allocations_.all()) n += a.channels.size();
  return n;
}

}  // namespace natlab::turn
