#pragma once
// What a NAT remembers of one TCP connection through a mapping: just enough of
// the TCP state machine to choose between RFC 5382's two idle timers, and to
// tell a connection opened from the inside from one opened from outside.
// RFC 7857 2.1 asks NATs to follow the TCP state machine this way rather than
// time connections by packets alone.
#include <map>
#include <optional>

#include "common/ip.h"
#include "common/time.h"
#include "nat_models/nat.h"

namespace natlab::nat {

enum class TcpPhase {
  Opening,      // a SYN seen, the handshake not complete
  Established,  // SYN seen both ways, then an ACK without SYN
  Closing,      // FIN seen both ways, or an RST
};
const char* to_string(TcpPhase p);  // "opening", "established", "closing"

class TcpConnection {
 public:
  // One segment of this connection crossed the NAT at `now`.
  void observe(Time now, bool from_inside, const TcpFlags& flags, const Config& cfg);

  TcpPhase phase() const;
  // The inside endpoint sent a SYN (an active open, or its half of a
  // simultaneous open) since the connection last started.
  bool inside_sent_syn() const { return syn_inside_; }
  // RFC 5382 5 REQ-5: established connections get the long idle timer;
  // partly open and closing ones (FIN both ways, or RST: RFC 7857 2.2) the
  // transitory one.
  Time expires() const { return expires_; }

 private:
  bool syn_inside_ = false;
  bool syn_outside_ = false;
  bool handshake_done_ = false;
  bool fin_inside_ = false;
  bool fin_outside_ = false;
  bool rst_ = false;
  Time expires_{};
};

// The connections of one mapping (or, for an open router's firewall, of one
// inside endpoint), by the outside endpoint at the other end.
class TcpConnections {
 public:
  TcpConnection& observe(Time now, const Endpoint& remote, bool from_inside, const TcpFlags& flags,
                         const Config& cfg);
  // The live connection with `remote`, if any (expired ones count as gone).
  const TcpConnection* find(Time now, const Endpoint& remote) const;
  // Forgets connections idle past their timer; returns when the last of the
  // rest runs out (nullopt when none is left). The mapping lives that long.
  std::optional<Time> prune(Time now);
  bool empty() const { return by_remote_.empty(); }

 private:
  std::map<Endpoint, TcpConnection> by_remote_;
};

// The segment an inside host's firewall would call "a new connection from
// outside": SYN without ACK (RFC 793 3.4).
inline bool opens_connection(const TcpFlags& f) { return f.syn && !f.ack && !f.rst; }

}  // namespace natlab::nat
