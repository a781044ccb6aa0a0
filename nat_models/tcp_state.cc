#include "nat_models/tcp_state.h"

#include <algorithm>

namespace natlab::nat {

const char* to_string(TcpPhase p) {
  switch (p) {
    case TcpPhase::Opening: return "opening";
    case TcpPhase::Established: return "established";
    case TcpPhase::Closing: return "closing";
  }
  return "?";
}

std::string to_string(const TcpFlags& f) {
  std::string out;
  auto add = [&out](bool on, const char* name) {
    if (!on) return;
    if (!out.empty()) out += ',';
    out += name;
  };
  add(f.syn, "SYN");
  add(f.ack, "ACK");
  add(f.fin, "FIN");
  add(f.rst, "RST");
  return out;
}

TcpPhase TcpConnection::phase() const {
  if (rst_ || (fin_inside_ && fin_outside_)) return TcpPhase::Closing;
  if (handshake_done_) return TcpPhase::Established;
  return TcpPhase::Opening;
}

void TcpConnection::observe(Time now, bool from_inside, const TcpFlags& flags, const Config& cfg) {
  // A fresh SYN on a closed-down 4-tuple starts a new connection (the old
  // one's TIME_WAIT may have been cut short, or the peer reuses the tuple).
  if (opens_connection(flags) && phase() == TcpPhase::Closing) *this = TcpConnection{};
  if (flags.syn) (from_inside ? syn_inside_ : syn_outside_) = true;
  // RFC 793 3.4: after a SYN each way (three-way handshake or simultaneous
  // open, RFC 5382 REQ-2a), the first segment with ACK and no SYN completes it.
  if (syn_inside_ && syn_outside_ && flags.ack && !flags.syn) handshake_done_ = true;
  if (flags.fin) (from_inside ? fin_inside_ : fin_outside_) = true;
  if (flags.rst) rst_ = true;
  expires_ = now + (phase() == TcpPhase::Established ? cfg.tcp_established_timeout : cfg.tcp_transitory_timeout);
}

TcpConnection& TcpConnections::observe(Time now, const Endpoint& remote, bool from_inside, const TcpFlags& flags,
                                       const Config& cfg) {
  TcpConnection& c = by_remote_[remote];
  // A record idle past its timer is gone: whatever comes now starts afresh.
  if (c.expires() <= now) c = TcpConnection{};
  c.observe(now, from_inside, flags, cfg);
  return c;
}

const TcpConnection* TcpConnections::find(Time now, const Endpoint& remote) const {
  auto it = by_remote_.find(remote);
  if (it == by_remote_.end() || it->second.expires() <= now) return nullptr;
  return &it->second;
}

std::optional<Time> TcpConnections::prune(Time now) {
  std::optional<Time> last;
  for (auto it = by_remote_.begin(); it != by_remote_.end();) {
    if (it->second.expires() <= now) {
      it = by_remote_.erase(it);
      continue;
    }
    last = std::max(last.value_or(Time{}), it->second.expires());
    ++it;
  }
  return last;
}

}  // namespace natlab::nat
