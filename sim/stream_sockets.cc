#include "sim/stream_sockets.h"

#include <ns3/double.h>
#include <ns3/object-factory.h>
#include <ns3/rtt-estimator.h>
#include <ns3/tcp-congestion-ops.h>
#include <ns3/tcp-recovery-ops.h>
#include <ns3/type-id.h>
#include <ns3/inet-socket-address.h>
#include <ns3/ipv4.h>
#include <ns3/simulator.h>
#include <ns3/tcp-header.h>
#include <ns3/tcp-l4-protocol.h>
#include <ns3/tcp-socket-base.h>
#include <ns3/tcp-socket-factory.h>

#include <algorithm>
#include <type_traits>
#include <variant>

#include "sim/host_sockets.h"
#include "sim/ns3_convert.h"
#include "sim/units.h"

namespace natlab::sim {

namespace {

// ns-3 3.37 has no SO_LINGER and no SO_REUSEPORT; what both need is
// protected in TcpSocketBase. Naming it through a derived class forms a
// pointer to the base's member, which C++ allows; nothing is instantiated.
struct TcpInternals : ns3::TcpSocketBase {
  // SO_LINGER {on, 0}: RST, then the endpoint is freed.
  static void send_rst(ns3::TcpSocketBase& s) { (s.*&TcpInternals::SendRST)(); }
  // Frees the endpoint and stops the timers without sending anything.
  static void drop_silently(ns3::TcpSocketBase& s) { (s.*&TcpInternals::DeallocateEndPoint)(); }
  // Binds a connection to its whole 5-tuple, as Bind() would to the local
  // address and port alone. ns-3 keeps one socket per local address and
  // port; Linux lets SO_REUSEPORT sockets share one (and SO_REUSEADDR ones
  // after a TIME_WAIT), each connection demultiplexed by its 5-tuple. The
  // host's rules have already said yes; ns-3 still refuses a 5-tuple that
  // one of its sockets holds.
  static bool bind_five_tuple(ns3::TcpSocketBase& s, const Endpoint& local, const Endpoint& remote) {
    ns3::Ptr<ns3::TcpL4Protocol> tcp = s.*&TcpInternals::m_tcp;
    ns3::Ipv4EndPoint* ep = tcp->Allocate(s.GetBoundNetDevice(), to_ns3(local.address), local.port,
                                          to_ns3(remote.address), remote.port);
    if (!ep) return false;
    s.*&TcpInternals::m_endPoint = ep;
    tcp->AddSocket(&s);
    return (s.*&TcpInternals::SetupCallback)() == 0;
  }
};

// ns-3 3.37's TCP gets simultaneous open (RFC 793 3.4) wrong in two ways:
// a SYN,ACK that arrives in SYN-RECEIVED is answered with RST, where RFC 793
// figure 8 makes the connection ESTABLISHED (the SYN,ACK acknowledges our
// SYN; its SYN is the one taken in SYN-SENT); and a connection that reaches
// ESTABLISHED through SYN-RECEIVED is announced as an accepted one
// (NotifyNewConnectionCreated), which a connecting socket never hears.
// Connecting sockets are of this class; listeners and what they accept stay
// plain TcpSocketBase. TCP hole punching through NATs (ICE-TCP
// simultaneous-open candidates) needs both.
class ConnectingTcpSocket : public ns3::TcpSocketBase {
 protected:
  void DoForwardUp(ns3::Ptr<ns3::Packet> packet, const ns3::Address& from, const ns3::Address& to) override {
    const bool syn_received = m_state == ns3::TcpSocket::SYN_RCVD;
    if (syn_received) {
      ns3::TcpHeader h;
      packet->PeekHeader(h);
      const std::uint8_t flags = h.GetFlags() & ~(ns3::TcpHeader::PSH | ns3::TcpHeader::URG);
      if (flags == (ns3::TcpHeader::SYN | ns3::TcpHeader::ACK) &&
          m_tcb->m_nextTxSequence + ns3::SequenceNumber32(1) == h.GetAckNumber()) {
        packet = packet->Copy();
        packet->RemoveHeader(h);
        h.SetFlags(ns3::TcpHeader::ACK);
        packet->AddHeader(h);
      }
    }
    ns3::TcpSocketBase::DoForwardUp(packet, from, to);
    if (syn_received && m_state == ns3::TcpSocket::ESTABLISHED) NotifyConnectionSucceeded();
  }
};

// What TcpL4Protocol::CreateSocket does, with ConnectingTcpSocket.
ns3::Ptr<ns3::Socket> new_connecting_socket(ns3::Ptr<ns3::Node> node) {
  auto tcp = node->GetObject<ns3::TcpL4Protocol>();
  ns3::TypeIdValue rtt, congestion, recovery;
  tcp->GetAttribute("RttEstimatorType", rtt);
  tcp->GetAttribute("SocketType", congestion);
  tcp->GetAttribute("RecoveryType", recovery);
  auto s = ns3::CreateObject<ConnectingTcpSocket>();
  ns3::ObjectFactory f;
  s->SetNode(node);
  s->SetTcp(tcp);
  f.SetTypeId(rtt.Get());
  s->SetRtt(f.Create<ns3::RttEstimator>());
  f.SetTypeId(congestion.Get());
  s->SetCongestionControlAlgorithm(f.Create<ns3::TcpCongestionOps>());
  f.SetTypeId(recovery.Get());
  s->SetRecoveryAlgorithm(f.Create<ns3::TcpRecoveryOps>());
  tcp->AddSocket(s);
  return s;
}

Endpoint stream_local_of(ns3::Ptr<ns3::Socket> s) {
  ns3::Address a;
  s->GetSockName(a);
  return from_ns3(ns3::InetSocketAddress::ConvertFrom(a));
}

void drop_stream_callbacks(ns3::Ptr<ns3::Socket> s) {
  s->SetConnectCallback(ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>(),
                        ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>());
  s->SetCloseCallbacks(ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>(),
                       ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>());
  s->SetRecvCallback(ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>());
  s->SetSendCallback(ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>, std::uint32_t>());
  s->SetAcceptCallback(ns3::MakeNullCallback<bool, ns3::Ptr<ns3::Socket>, const ns3::Address&>(),
                       ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>, const ns3::Address&>());
}

}  // namespace

StreamSockets::StreamSockets(ns3::Ptr<ns3::Node> node, std::string agent, Trace* trace,
                             std::function<void(const StreamEvent&)> deliver, std::function<void()> after_callback)
    : node_(node),
      host_(&host_sockets(node)),
      agent_(std::move(agent)),
      trace_(trace),
      deliver_(std::move(deliver)),
      after_callback_(std::move(after_callback)) {}

StreamSockets::~StreamSockets() { stop(); }

Time StreamSockets::now() const { return from_ns3(ns3::Simulator::Now()); }

void StreamSockets::record(const char* event, nlohmann::json fields) {
  if (!trace_) return;
  fields["agent"] = agent_;
  fields["event"] = event;
  trace_->record(now(), "socket", std::move(fields));
}

void StreamSockets::handle(const StreamRequest& request) {
  std::visit(
      [this](const auto& r) {
        using R = std::decay_t<decltype(r)>;
        if constexpr (std::is_same_v<R, StreamConnect>) connect(r);
        else if constexpr (std::is_same_v<R, StreamListen>) listen(r);
        else if constexpr (std::is_same_v<R, StreamSend>) send(r);
        else close(r);
      },
      request);
}

ns3::Ptr<ns3::Socket> StreamSockets::new_socket(bool connecting) {
  auto s = connecting ? new_connecting_socket(node_) : ns3::Socket::CreateSocket(node_, ns3::TcpSocketFactory::GetTypeId());
  // The host's rules hold the 5-tuple for the whole TIME_WAIT. ns-3's own
  // TIME_WAIT (2 x MaxSegLifetime) would also hold the local port, which a
  // real host lets SO_REUSEADDR sockets reuse towards other remotes: ns-3
  // keeps it 2 ms only.
  s->SetAttribute("MaxSegLifetime", ns3::DoubleValue(0.001));
  return s;
}

Endpoint StreamSockets::ns3_local_for(const Endpoint& local) const {
  // ns-3 allows one socket per local address and port but lets a specific
  // address share a port with the wildcard: listeners take the wildcard,
  // connections the host's address (a host has one), so that a listener and
  // a connection may share a port where the host's rules allow it.
  if (local.address != IpAddress{}) return local;
  auto ipv4 = node_->GetObject<ns3::Ipv4>();
  if (!ipv4 || ipv4->GetNInterfaces() < 2) return local;
  return {from_ns3(ipv4->GetAddress(1, 0).GetLocal()), local.port};
}

void StreamSockets::fail(StreamId id, StreamError error, const char* reason, const Endpoint& local) {
  nlohmann::json f{{"stream", id}, {"local", local.to_string()}, {"reason", reason}};
  record(error == StreamError::AddrInUse ? "addr_in_use" : "failed", std::move(f));
  deliver_(StreamFailed{id, error});
}

void StreamSockets::watch(StreamId id, ns3::Ptr<ns3::Socket> s) {
  s->SetRecvCallback(ns3::MakeCallback(&StreamSockets::on_readable, this, id));
  s->SetSendCallback(ns3::MakeCallback(&StreamSockets::on_writable, this, id));
  s->SetCloseCallbacks(ns3::MakeCallback(&StreamSockets::on_peer_close, this, id),
                       ns3::MakeCallback(&StreamSockets::on_error_close, this, id));
  auto w = std::make_shared<RxWatch>();
  w->owner = this;
  w->id = id;
  streams_[id].rx_watch = w;
  s->TraceConnectWithoutContext(
      "Rx", ns3::MakeCallback(+[](std::shared_ptr<RxWatch> watch, ns3::Ptr<const ns3::Packet>,
                                  const ns3::TcpHeader& h, ns3::Ptr<const ns3::TcpSocketBase>) {
                                if (watch->owner && (h.GetFlags() & ns3::TcpHeader::RST))
                                  watch->owner->on_rst_received(watch->id);
                              }).Bind(w));
}

void StreamSockets::on_rst_received(StreamId id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  it->second.rst_received = true;
  record("rst", {{"stream", id}, {"direction", "received"}, {"local", it->second.local.to_string()},
                 {"remote", it->second.remote.to_string()}});
  // RFC 793 3.9 (SYN-SENT): an RST that acknowledges the SYN resets the
  // connection, which the OS reports as "connection refused". ns-3 3.37
  // ignores an RST,ACK in SYN_SENT and retransmits the SYN, so the driver
  // ends it; not from inside ns-3's receive path, where this trace runs.
  if (!it->second.connected && !it->second.listener) {
    std::erase_if(pending_events_, [](const ns3::EventId& e) { return e.IsExpired(); });
    pending_events_.push_back(
        ns3::Simulator::ScheduleNow(&StreamSockets::refuse_pending, this, id, it->second.socket));
  }
}

void StreamSockets::refuse_pending(StreamId id, ns3::Ptr<ns3::Socket> s) {
  auto it = streams_.find(id);
  if (it == streams_.end() || it->second.socket != s || it->second.connected) return;
  drop_stream_callbacks(s);
  if (auto tcp = ns3::DynamicCast<ns3::TcpSocketBase>(s)) TcpInternals::drop_silently(*tcp);
  on_connect_failed(id, s);
}

void StreamSockets::connect(const StreamConnect& c) {
  SocketRules& rules = host_->rules();
  const auto rid = host_->next_id();
  if (streams_.count(c.id)) return fail(c.id, StreamError::AddrInUse, "stream id in use", c.local);
  // The host's rules decide before ns-3 does: with a fixed port both the
  // bind and the 5-tuple are checked first; an ephemeral port is ns-3's
  // choice, so it is checked once ns-3 has picked it.
  auto check_rules = [&](const Endpoint& local) -> bool {
    if (auto e = rules.bind(now(), rid, local, c.options)) {
      fail(c.id, *e, "bind", local);
      return false;
    }
    if (auto e = rules.connect(now(), rid, c.remote)) {
      rules.forget(rid);
      record("addr_in_use", {{"stream", c.id}, {"local", local.to_string()}, {"remote", c.remote.to_string()},
                             {"reason", "connect: 5-tuple in use"}});
      deliver_(StreamFailed{c.id, *e});
      return false;
    }
    return true;
  };
  if (c.local.port != 0 && !check_rules(c.local)) return;
  auto s = new_socket(true);
  // A fixed port takes the 5-tuple (the rules allowed it); port 0 lets ns-3
  // pick an ephemeral port for the host's address.
  auto tcp = ns3::DynamicCast<ns3::TcpSocketBase>(s);
  const bool bound = c.local.port != 0 && tcp
                         ? TcpInternals::bind_five_tuple(*tcp, ns3_local_for(c.local), c.remote)
                         : s->Bind(to_ns3(ns3_local_for(c.local))) == 0;
  if (!bound) {
    rules.forget(rid);
    s->Close();
    // With a fixed port ns-3 refuses only a 5-tuple one of its sockets holds:
    // a connection from the peer that a listener has taken and not yet
    // handed over (accepted once its handshake is done), as Linux refuses
    // connect() on a 5-tuple in SYN-RECEIVED.
    return fail(c.id, StreamError::AddrInUse, c.local.port != 0 ? "connect: 5-tuple in use" : "ns-3 bind", c.local);
  }
  const Endpoint local = stream_local_of(s);
  if (c.local.port == 0 && !check_rules(local)) {
    s->Close();
    return;
  }
  nlohmann::json bind{{"stream", c.id}, {"local", local.to_string()}, {"reuse_addr", c.options.reuse_addr},
                      {"exclusive_addr_use", c.options.exclusive_addr_use}};
  if (c.options.reuse_port) bind["reuse_port"] = true;
  record("bind", std::move(bind));
  Stream& st = streams_[c.id];
  st.socket = s;
  st.rules_id = rid;
  st.local = local;
  st.remote = c.remote;
  watch(c.id, s);
  s->SetConnectCallback(ns3::MakeCallback(&StreamSockets::on_connected, this, c.id),
                        ns3::MakeCallback(&StreamSockets::on_connect_failed, this, c.id));
  record("connect", {{"stream", c.id}, {"local", local.to_string()}, {"remote", c.remote.to_string()}});
  if (s->Connect(to_ns3(c.remote)) != 0) {
    host_->rules().forget(rid);
    release(c.id);
    fail(c.id, StreamError::Unreachable, "ns-3 connect", local);
  }
}

void StreamSockets::listen(const StreamListen& l) {
  SocketRules& rules = host_->rules();
  const auto rid = host_->next_id();
  if (streams_.count(l.id)) return fail(l.id, StreamError::AddrInUse, "listen", l.local);
  // A fixed port is the host's rules' to refuse first; an ephemeral one is
  // ns-3's choice, checked once made.
  auto check_rules = [&](const Endpoint& local) -> bool {
    if (auto e = rules.bind(now(), rid, local, l.options)) {
      fail(l.id, *e, "bind", local);
      return false;
    }
    if (auto e = rules.listen(now(), rid)) {
      rules.forget(rid);
      fail(l.id, *e, "listen", local);
      return false;
    }
    return true;
  };
  if (l.local.port != 0 && !check_rules(l.local)) return;
  auto s = new_socket(false);
  if (s->Bind(ns3::InetSocketAddress(ns3::Ipv4Address::GetAny(), l.local.port)) != 0 || s->Listen() != 0) {
    rules.forget(rid);
    s->Close();
    return fail(l.id, StreamError::AddrInUse, "ns-3 bind", l.local);
  }
  const Endpoint local{l.local.address, stream_local_of(s).port};
  if (l.local.port == 0 && !check_rules(local)) {
    s->Close();
    return;
  }
  Stream& st = streams_[l.id];
  st.socket = s;
  st.rules_id = rid;
  st.local = local;
  st.listener = true;
  s->SetAcceptCallback(ns3::MakeNullCallback<bool, ns3::Ptr<ns3::Socket>, const ns3::Address&>(),
                       ns3::MakeCallback(&StreamSockets::on_accept, this, l.id));
  nlohmann::json f{{"stream", l.id}, {"local", local.to_string()}, {"reuse_addr", l.options.reuse_addr},
                   {"exclusive_addr_use", l.options.exclusive_addr_use}};
  if (l.options.reuse_port) f["reuse_port"] = true;
  record("listen", std::move(f));
  deliver_(StreamListening{l.id, local});
}

void StreamSockets::send(const StreamSend& s) {
  auto it = streams_.find(s.id);
  if (it == streams_.end() || it->second.listener) return;
  it->second.pending.insert(it->second.pending.end(), s.bytes.begin(), s.bytes.end());
  if (it->second.connected) flush(s.id);
}

void StreamSockets::flush(StreamId id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  Stream& st = it->second;
  while (!st.pending.empty()) {
    const std::uint32_t room = st.socket->GetTxAvailable();
    if (room == 0) return;  // on_writable resumes
    const std::size_t n = std::min<std::size_t>(room, st.pending.size());
    std::vector<std::uint8_t> chunk(st.pending.begin(), st.pending.begin() + static_cast<std::ptrdiff_t>(n));
    const int sent = st.socket->Send(chunk.data(), static_cast<std::uint32_t>(n), 0);
    if (sent <= 0) return;
    st.pending.erase(st.pending.begin(), st.pending.begin() + sent);
  }
  if (st.close_when_flushed) graceful_close(id);
}

void StreamSockets::close(const StreamClose& c) {
  auto it = streams_.find(c.id);
  if (it == streams_.end()) return;
  Stream& st = it->second;
  if (c.mode == CloseMode::Abortive && !st.listener) {
    host_->rules().close(now(), st.rules_id, CloseMode::Abortive);
    drop_stream_callbacks(st.socket);
    // RFC 793 3.5 / SO_LINGER {on, 0}: ABORT sends RST, the 5-tuple is free.
    if (auto tcp = ns3::DynamicCast<ns3::TcpSocketBase>(st.socket)) {
      record("rst", {{"stream", c.id}, {"direction", "sent"}, {"local", st.local.to_string()},
                     {"remote", st.remote.to_string()}});
      TcpInternals::send_rst(*tcp);
    } else {
      st.socket->Close();
    }
    release(c.id);
    return;
  }
  if (!st.pending.empty() && st.connected) {
    st.close_when_flushed = true;
    return;
  }
  graceful_close(c.id);
}

void StreamSockets::graceful_close(StreamId id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  Stream& st = it->second;
  drop_stream_callbacks(st.socket);
  // A connection that never got established leaves no TIME_WAIT behind.
  const bool established = st.connected && !st.listener;
  const auto until = host_->rules().close(now(), st.rules_id, established ? CloseMode::Graceful : CloseMode::Abortive);
  record("close", {{"stream", id}, {"mode", "graceful"}, {"local", st.local.to_string()},
                   {"remote", st.listener ? std::string() : st.remote.to_string()}});
  if (until) {
    record("time_wait", {{"stream", id}, {"local", st.local.to_string()}, {"remote", st.remote.to_string()},
                         {"duration", format_duration(host_->rules().time_wait())}});
    schedule_expiry(*until);
  }
  st.socket->Close();
  release(id);
}

void StreamSockets::release(StreamId id) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  drop_stream_callbacks(it->second.socket);
  if (it->second.rx_watch) it->second.rx_watch->owner = nullptr;
  closed_.push_back(it->second.socket);
  streams_.erase(it);
}

void StreamSockets::schedule_expiry(Time until) {
  const Time t = now();
  std::erase_if(expiry_events_, [](const ns3::EventId& e) { return e.IsExpired(); });
  expiry_events_.push_back(
      ns3::Simulator::Schedule(to_ns3(until > t ? until - t : Duration{0}), &StreamSockets::on_expiry, this));
}

void StreamSockets::on_expiry() {
  for (const auto& e : host_->rules().expire(now())) {
    record("time_wait_expired",
           {{"local", e.local.to_string()}, {"remote", e.remote ? e.remote->to_string() : std::string()}});
  }
}

void StreamSockets::on_connected(StreamId id, ns3::Ptr<ns3::Socket> s) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  it->second.connected = true;
  it->second.local = stream_local_of(s);
  host_->rules().set_local(it->second.rules_id, it->second.local);
  record("connected", {{"stream", id}, {"local", it->second.local.to_string()},
                       {"remote", it->second.remote.to_string()}});
  deliver_(StreamConnected{id, it->second.local, it->second.remote});
  flush(id);
  after_callback_();
}

void StreamSockets::on_connect_failed(StreamId id, ns3::Ptr<ns3::Socket>) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  const StreamError e = it->second.rst_received ? StreamError::Refused : StreamError::TimedOut;
  const Endpoint local = it->second.local;
  host_->rules().forget(it->second.rules_id);
  release(id);
  fail(id, e, e == StreamError::Refused ? "RST in answer to SYN" : "no answer to SYN", local);
  after_callback_();
}

void StreamSockets::on_accept(StreamId listener, ns3::Ptr<ns3::Socket> s, const ns3::Address& from) {
  auto lit = streams_.find(listener);
  if (lit == streams_.end()) return;
  const StreamId id = next_accepted_++;
  const auto rid = host_->next_id();
  Stream& st = streams_[id];
  st.socket = s;
  st.rules_id = rid;
  st.local = stream_local_of(s);
  st.remote = from_ns3(ns3::InetSocketAddress::ConvertFrom(from));
  st.connected = true;
  host_->rules().accepted(now(), lit->second.rules_id, rid, st.local, st.remote);
  watch(id, s);
  record("accepted", {{"stream", id}, {"listener", listener}, {"local", st.local.to_string()},
                      {"remote", st.remote.to_string()}});
  deliver_(StreamAccepted{listener, id, st.local, st.remote});
  after_callback_();
}

void StreamSockets::on_readable(StreamId id, ns3::Ptr<ns3::Socket> s) {
  if (!streams_.count(id)) return;
  std::vector<std::uint8_t> bytes;
  while (ns3::Ptr<ns3::Packet> p = s->Recv()) {
    const std::size_t at = bytes.size();
    bytes.resize(at + p->GetSize());
    if (p->GetSize() > 0) p->CopyData(bytes.data() + at, p->GetSize());
  }
  if (bytes.empty()) return;
  deliver_(StreamBytes{id, std::move(bytes)});
  after_callback_();
}

void StreamSockets::on_writable(StreamId id, ns3::Ptr<ns3::Socket>, std::uint32_t) {
  auto it = streams_.find(id);
  if (it == streams_.end() || it->second.pending.empty()) return;
  flush(id);
}

void StreamSockets::on_peer_close(StreamId id, ns3::Ptr<ns3::Socket> s) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  // ns-3 reports an RST in ESTABLISHED as a normal close (CloseAndNotify)
  // and frees the socket itself right after this callback; the "Rx" trace
  // told us it was an RST.
  if (it->second.rst_received) return on_error_close(id, s);
  host_->rules().peer_closed(it->second.rules_id);
  record("peer_closed", {{"stream", id}, {"local", it->second.local.to_string()},
                         {"remote", it->second.remote.to_string()}});
  deliver_(StreamClosed{id});
  after_callback_();
}

void StreamSockets::on_error_close(StreamId id, ns3::Ptr<ns3::Socket> s) {
  auto it = streams_.find(id);
  if (it == streams_.end()) return;
  // An RST in SYN_SENT ends up here too (ns-3 closes rather than failing the
  // connect): for the machine the connect failed.
  if (!it->second.connected && !it->second.listener) return on_connect_failed(id, s);
  host_->rules().forget(it->second.rules_id);
  release(id);
  deliver_(StreamReset{id});
  after_callback_();
}

void StreamSockets::stop() {
  for (auto& e : expiry_events_) e.Cancel();
  expiry_events_.clear();
  for (auto& e : pending_events_) e.Cancel();
  pending_events_.clear();
  for (auto& [id, st] : streams_) {
    drop_stream_callbacks(st.socket);
    if (st.rx_watch) st.rx_watch->owner = nullptr;
    host_->rules().forget(st.rules_id);
    st.socket->Close();
  }
  streams_.clear();
  closed_.clear();
}

}  // namespace natlab::sim
