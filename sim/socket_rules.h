#pragma once
// A host's TCP port table: decides, the way the host's operating system
// would, whether a bind, listen or connect may use a local address and port
// (SO_REUSEADDR, SO_REUSEPORT, SO_EXCLUSIVEADDRUSE, TIME_WAIT). ns-3's TCP has none of
// these rules (its Bind lets a specific address share a port with a wildcard
// bind, it has no SO_REUSEADDR), so the simulator asks this table first and
// refuses with AddrInUse before ns-3 sees the request. Pure logic: the caller
// passes the simulation time in.
#include <cstdint>
#include <map>
#include <optional>
#include <string_view>
#include <vector>

#include "common/ip.h"
#include "common/stream_io.h"
#include "common/time.h"

namespace natlab::sim {

enum class HostOs { Linux, Windows };
std::string_view to_string(HostOs os);

// 2 MSL. Linux: TCP_TIMEWAIT_LEN (60*HZ) in include/net/tcp.h, 60 s and not
// tunable. Windows: TcpTimedWaitDelay, 0xF0 = 240 s (2 x the 120 s MSL) in
// the Windows 2000 TCP/IP reference; Server 2003 documents 0x78 = 120 s.
Duration default_time_wait(HostOs os);

class SocketRules {
 public:
  using SocketId = std::uint64_t;
  enum class State { Bound, Listening, Connected, TimeWait };

  struct Entry {
    SocketId id = 0;
    Endpoint local;                  // address 0.0.0.0 is the wildcard
    std::optional<Endpoint> remote;  // set once connected
    SocketOptions options;
    State state = State::Bound;
    bool peer_closed = false;        // a FIN came in before we closed
    Time time_wait_until{};          // only in TimeWait
  };

  SocketRules(HostOs os, Duration time_wait) : os_(os), time_wait_(time_wait) {}
  HostOs os() const { return os_; }
  Duration time_wait() const { return time_wait_; }

  // bind(2) with a non-zero port (an ephemeral port is the stack's choice;
  // register it here once chosen). AddrInUse when the OS would refuse.
  std::optional<StreamError> bind(Time now, SocketId id, const Endpoint& local, SocketOptions options);
  // listen(2) on a bound socket.
  std::optional<StreamError> listen(Time now, SocketId id);
  // connect(2) on a bound socket: the 5-tuple must not belong to another
  // connection, live or in TIME_WAIT.
  std::optional<StreamError> connect(Time now, SocketId id, const Endpoint& remote);
  // The connection's local address once known (a wildcard bind gets the
  // routed address when it connects).
  void set_local(SocketId id, const Endpoint& local);
  // A listener's new connection; it shares the listener's port and options
  // (accepted sockets inherit them) without a bind of its own.
  void accepted(Time now, SocketId listener, SocketId id, const Endpoint& local, const Endpoint& remote);
  // A FIN from the peer: our later graceful close is then the passive one.
  void peer_closed(SocketId id);
  // The peer reset the connection, or it failed: it is gone at once.
  void forget(SocketId id);
  // close(2). A graceful close by the side that closes first leaves the
  // 5-tuple in TIME_WAIT and returns when it ends; an abortive close (linger
  // {on, 0}: RST) and every other close free the entry at once.
  std::optional<Time> close(Time now, SocketId id, CloseMode mode);

  // Ends the TIME_WAITs due by now; returns them, for the trace.
  std::vector<Entry> expire(Time now);
  std::optional<Time> next_expiry() const;
  const Entry* find(SocketId id) const;
  std::size_t size() const { return entries_.size(); }

 private:
  bool overlaps(const Endpoint& a, const Endpoint& b) const;
  bool bind_conflict(const Entry& other, const Endpoint& local, SocketOptions options) const;
  void drop_expired(Time now);

  HostOs os_;
  Duration time_wait_;
  std::map<SocketId, Entry> entries_;
  std::vector<Entry> expired_;  // ended by drop_expired, not yet returned by expire()
};

}  // namespace natlab::sim
