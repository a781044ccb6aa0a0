#include "sim/socket_rules.h"

namespace natlab::sim {

std::string_view to_string(HostOs os) { return os == HostOs::Windows ? "windows" : "linux"; }

Duration default_time_wait(HostOs os) {
  return os == HostOs::Windows ? Duration{std::chrono::seconds(240)} : Duration{std::chrono::seconds(60)};
}

namespace {
bool is_wildcard(const Endpoint& e) { return e.address == IpAddress{}; }
}  // namespace

bool SocketRules::overlaps(const Endpoint& a, const Endpoint& b) const {
  if (a.port != b.port) return false;
  if (a.address == b.address) return true;
  // Linux: a wildcard bind holds the port on every address, so a specific
  // bind of the same port conflicts with it (inet_rcv_saddr_equal with
  // match_wildcard). Windows keeps them apart unless one side asked for
  // SO_EXCLUSIVEADDRUSE (bind_conflict checks that case itself).
  return os_ == HostOs::Linux && (is_wildcard(a) || is_wildcard(b));
}

bool SocketRules::bind_conflict(const Entry& other, const Endpoint& local, SocketOptions options) const {
  if (os_ == HostOs::Windows) {
    if (other.local.port != local.port) return false;
    const bool any_wildcard = is_wildcard(other.local) || is_wildcard(local);
    const bool same_or_wild = other.local.address == local.address || any_wildcard;
    // SO_EXCLUSIVEADDRUSE on either side: nobody shares the port, not even
    // with SO_REUSEADDR ("Using SO_REUSEADDR and SO_EXCLUSIVEADDRUSE").
    if ((other.options.exclusive_addr_use || options.exclusive_addr_use) && same_or_wild &&
        other.state != State::TimeWait)
      return true;
    if (!overlaps(other.local, local)) return false;
    // A connection in TIME_WAIT does not hold the port for bind on Windows;
    // it only blocks its own 5-tuple (connect() checks that).
    if (other.state == State::TimeWait) return false;
    // SO_REUSEADDR on the new socket takes the port even from an active one.
    return !options.reuse_addr;
  }
  if (!overlaps(other.local, local)) return false;
  // Linux (inet_csk_bind_conflict): sockets that all set SO_REUSEPORT share
  // the port, listeners included (one application: the same user).
  if (options.reuse_port && other.options.reuse_port) return false;
  // SO_REUSEADDR lets the new socket share the port with sockets in
  // TIME_WAIT, and with non-listening sockets that set SO_REUSEADDR too;
  // never with a listener.
  if (!options.reuse_addr) return true;
  if (other.state == State::TimeWait) return false;
  if (other.state == State::Listening) return true;
  return !other.options.reuse_addr;
}

void SocketRules::drop_expired(Time now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    if (it->second.state == State::TimeWait && it->second.time_wait_until <= now) {
      expired_.push_back(it->second);
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

std::optional<StreamError> SocketRules::bind(Time now, SocketId id, const Endpoint& local, SocketOptions options) {
  drop_expired(now);
  for (const auto& [other_id, other] : entries_)
    if (other_id != id && bind_conflict(other, local, options)) return StreamError::AddrInUse;
  Entry e;
  e.id = id;
  e.local = local;
  e.options = options;
  entries_[id] = e;
  return std::nullopt;
}

std::optional<StreamError> SocketRules::listen(Time now, SocketId id) {
  drop_expired(now);
  auto it = entries_.find(id);
  if (it == entries_.end()) return StreamError::AddrInUse;
  // Linux re-checks the port at listen(): two sockets may share it with
  // SO_REUSEADDR while bound, but only one of them may listen, unless both
  // set SO_REUSEPORT.
  if (os_ == HostOs::Linux) {
    for (const auto& [other_id, other] : entries_)
      if (other_id != id && other.state == State::Listening && overlaps(other.local, it->second.local) &&
          !(other.options.reuse_port && it->second.options.reuse_port))
        return StreamError::AddrInUse;
  }
  it->second.state = State::Listening;
  return std::nullopt;
}

std::optional<StreamError> SocketRules::connect(Time now, SocketId id, const Endpoint& remote) {
  drop_expired(now);
  auto it = entries_.find(id);
  if (it == entries_.end()) return StreamError::AddrInUse;
  for (const auto& [other_id, other] : entries_) {
    if (other_id == id || !other.remote || *other.remote != remote) continue;
    if (other.local.port != it->second.local.port) continue;
    const bool same_address = other.local.address == it->second.local.address ||
                              is_wildcard(other.local) || is_wildcard(it->second.local);
    // RFC 793 3.5: the 5-tuple stays unusable for 2 MSL after an active
    // close; a live connection holds it too. (Linux says EADDRNOTAVAIL at
    // connect(); Windows WSAEADDRINUSE; the stream contract has AddrInUse.)
    if (same_address) return StreamError::AddrInUse;
  }
  it->second.remote = remote;
  it->second.state = State::Connected;
  return std::nullopt;
}

void SocketRules::set_local(SocketId id, const Endpoint& local) {
  auto it = entries_.find(id);
  if (it != entries_.end()) it->second.local = local;
}

void SocketRules::accepted(Time now, SocketId listener, SocketId id, const Endpoint& local, const Endpoint& remote) {
  drop_expired(now);
  Entry e;
  e.id = id;
  e.local = local;
  e.remote = remote;
  e.state = State::Connected;
  if (auto it = entries_.find(listener); it != entries_.end()) e.options = it->second.options;
  entries_[id] = e;
}

void SocketRules::peer_closed(SocketId id) {
  auto it = entries_.find(id);
  if (it != entries_.end()) it->second.peer_closed = true;
}

void SocketRules::forget(SocketId id) {
  auto it = entries_.find(id);
  if (it != entries_.end() && it->second.state != State::TimeWait) entries_.erase(it);
}

std::optional<Time> SocketRules::close(Time now, SocketId id, CloseMode mode) {
  drop_expired(now);
  auto it = entries_.find(id);
  if (it == entries_.end() || it->second.state == State::TimeWait) return std::nullopt;
  Entry& e = it->second;
  // RFC 793 3.5: only the side that closes first (active close) passes
  // through TIME_WAIT; an abortive close sends RST and keeps nothing.
  if (mode == CloseMode::Graceful && e.state == State::Connected && !e.peer_closed) {
    e.state = State::TimeWait;
    e.time_wait_until = now + time_wait_;
    return e.time_wait_until;
  }
  entries_.erase(it);
  return std::nullopt;
}

std::vector<SocketRules::Entry> SocketRules::expire(Time now) {
  drop_expired(now);
  std::vector<Entry> out;
  out.swap(expired_);
  return out;
}

std::optional<Time> SocketRules::next_expiry() const {
  std::optional<Time> next;
  for (const auto& [id, e] : entries_)
    if (e.state == State::TimeWait && (!next || e.time_wait_until < *next)) next = e.time_wait_until;
  return next;
}

const SocketRules::Entry* SocketRules::find(SocketId id) const {
  auto it = entries_.find(id);
  return it == entries_.end() ? nullptr : &it->second;
}

}  // namespace natlab::sim
