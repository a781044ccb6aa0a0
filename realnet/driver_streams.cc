// realnet::Driver: StreamRequests of the machine over Asio TCP sockets, and
// StreamEvents back (common/stream_io.h).
#include <cerrno>
#include <type_traits>
#include <utility>

#include <asio/write.hpp>
#include <asio/ip/v6_only.hpp>
#include <asio/socket_base.hpp>

#include "realnet/asio_endpoint.h"
#include "realnet/driver.h"

namespace natlab::realnet {

namespace {

constexpr std::size_t kStreamReadChunk = 65536;

// SO_REUSEPORT, which Asio does not name.
using ReusePort = asio::detail::socket_option::boolean<SOL_SOCKET, SO_REUSEPORT>;

StreamError to_stream_error(const std::error_code& ec) {
  if (ec == asio::error::address_in_use) return StreamError::AddrInUse;
  // Linux's connect() on a 5-tuple in use (a live connection, one in
  // TIME_WAIT, or a peer's in SYN-RECEIVED at our listener) is EADDRNOTAVAIL;
  // the stream contract calls that AddrInUse, as Windows does.
  if (ec.value() == EADDRNOTAVAIL && ec.category() == asio::error::get_system_category()) return StreamError::AddrInUse;
  if (ec == asio::error::connection_refused) return StreamError::Refused;
  if (ec == asio::error::timed_out) return StreamError::TimedOut;
  return StreamError::Unreachable;
}

bool wants_bind(const Endpoint& local) {
  if (local.port != 0) return true;
  for (std::size_t i = 0; i < local.address.size(); ++i)
    if (local.address.data()[i] != 0) return true;
  return false;
}

}  // namespace

struct Driver::Stream {
  Stream(asio::io_context& io, StreamId i) : id(i), sock(io) {}
  Stream(asio::ip::tcp::socket s, StreamId i) : id(i), sock(std::move(s)) {}
  StreamId id;
  asio::ip::tcp::socket sock;
  bool open = true;      // false once the machine or the peer is done with it
  bool closing = false;  // graceful close asked: FIN once the writes drained
  bool writing = false;
  std::deque<std::vector<std::uint8_t>> writes;
  std::vector<std::uint8_t> rx = std::vector<std::uint8_t>(kStreamReadChunk);
};

struct Driver::Listener {
  Listener(asio::io_context& io, StreamId i) : id(i), acceptor(io) {}
  StreamId id;
  asio::ip::tcp::acceptor acceptor;
  Endpoint bound;
  bool open = true;
};

std::optional<Endpoint> Driver::listening(StreamId id) const {
  auto it = listeners_.find(id);
  if (it == listeners_.end()) return std::nullopt;
  return it->second->bound;
}

void Driver::process_streams() {
  // Requests may fail at once; the machine hears of it here, and may ask for
  // more in answer.
  if (in_streams_) return;
  in_streams_ = true;
  for (;;) {
    bool moved = false;
    while (auto r = machine_.poll_stream_request()) {
      moved = true;
      on_stream_request(std::move(*r));
    }
    while (!stream_events_.empty()) {
      moved = true;
      StreamEvent e = std::move(stream_events_.front());
      stream_events_.pop_front();
      machine_.handle_stream_event(now(), e);
    }
    if (!moved) break;
  }
  in_streams_ = false;
}

void Driver::deliver(const StreamEvent& e) {
  if (!running_) return;
  machine_.handle_stream_event(now(), e);
  pump();
}

void Driver::on_stream_request(StreamRequest r) {
  std::visit(
      [&](auto& q) {
        using Q = std::decay_t<decltype(q)>;
        if constexpr (std::is_same_v<Q, StreamConnect>) stream_connect(q);
        else if constexpr (std::is_same_v<Q, StreamListen>) stream_listen(q);
        else if constexpr (std::is_same_v<Q, StreamSend>) stream_send(std::move(q));
        else stream_close(q);
      },
      r);
}

void Driver::stream_connect(const StreamConnect& c) {
  auto s = std::make_shared<Stream>(io_, c.id);
  const asio::ip::tcp::endpoint remote = to_asio_tcp(c.remote);
  std::error_code ec;
  s->sock.open(remote.protocol(), ec);
  if (!ec && remote.address().is_v6()) s->sock.set_option(asio::ip::v6_only(true), ec);
  if (!ec && c.options.reuse_addr) s->sock.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec && c.options.reuse_port) s->sock.set_option(ReusePort(true), ec);
  // A fixed local address or port is bound first; otherwise connect()
  // picks both.
  if (!ec && wants_bind(c.local)) s->sock.bind(to_asio_tcp(c.local), ec);
  if (ec) {
    ++counters_.stream_failures;
    std::error_code ignored;
    s->sock.close(ignored);
    stream_events_.push_back(StreamFailed{c.id, to_stream_error(ec)});
    return;
  }
  streams_[c.id] = s;
  std::weak_ptr<int> alive = alive_;
  s->sock.async_connect(remote, [this, alive, s](const std::error_code& err) {
    if (alive.expired() || !s->open || !running_) return;
    if (err) {
      ++counters_.stream_failures;
      forget_stream(s, false);
      deliver(StreamFailed{s->id, to_stream_error(err)});
      return;
    }
    std::error_code e1, e2;
    const auto local = s->sock.local_endpoint(e1);
    const auto peer = s->sock.remote_endpoint(e2);
    if (e1 || e2) {
      ++counters_.stream_failures;
      forget_stream(s, false);
      deliver(StreamFailed{s->id, StreamError::Unreachable});
      return;
    }
    ++counters_.streams_connected;
    start_read(s);
    deliver(StreamConnected{s->id, from_asio(local), from_asio(peer)});
  });
}

void Driver::stream_listen(const StreamListen& l) {
  auto lst = std::make_shared<Listener>(io_, l.id);
  const asio::ip::tcp::endpoint ep = to_asio_tcp(l.local);
  std::error_code ec;
  lst->acceptor.open(ep.protocol(), ec);
  if (!ec && ep.address().is_v6()) lst->acceptor.set_option(asio::ip::v6_only(true), ec);
  if (!ec && l.options.reuse_addr) lst->acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec && l.options.reuse_port) lst->acceptor.set_option(ReusePort(true), ec);
  if (!ec) lst->acceptor.bind(ep, ec);
  if (!ec) lst->acceptor.listen(asio::socket_base::max_listen_connections, ec);
  asio::ip::tcp::endpoint actual;
  if (!ec) actual = lst->acceptor.local_endpoint(ec);
  if (ec) {
    ++counters_.stream_failures;
    std::error_code ignored;
    lst->acceptor.close(ignored);
    if (on_bind_error) on_bind_error(BindError{l.local, ec});
    stream_events_.push_back(StreamFailed{l.id, to_stream_error(ec)});
    return;
  }
  lst->bound = from_asio(actual);
  listeners_[l.id] = lst;
  stream_events_.push_back(StreamListening{l.id, lst->bound});
  start_accept(lst);
}

void Driver::start_accept(const std::shared_ptr<Listener>& l) {
  std::weak_ptr<int> alive = alive_;
  l->acceptor.async_accept([this, alive, l](const std::error_code& ec, asio::ip::tcp::socket sock) {
    if (alive.expired() || !l->open || !running_) return;
    if (ec) {
      // EMFILE and the like: this connection is lost, the listener stays.
      if (ec != asio::error::operation_aborted) start_accept(l);
      return;
    }
    std::error_code e1, e2;
    const auto local = sock.local_endpoint(e1);
    const auto peer = sock.remote_endpoint(e2);
    if (!e1 && !e2) {
      auto s = std::make_shared<Stream>(std::move(sock), next_accepted_++);
      streams_[s->id] = s;
      ++counters_.streams_accepted;
      start_read(s);
      // The listener may be closed by the machine in answer: re-armed first.
      start_accept(l);
      deliver(StreamAccepted{l->id, s->id, from_asio(local), from_asio(peer)});
      return;
    }
    start_accept(l);
  });
}

void Driver::start_read(const std::shared_ptr<Stream>& s) {
  std::weak_ptr<int> alive = alive_;
  s->sock.async_read_some(asio::buffer(s->rx), [this, alive, s](const std::error_code& ec, std::size_t n) {
    if (alive.expired() || !s->open || !running_) return;
    if (!ec) {
      counters_.stream_bytes_received += n;
      // Read on before the machine runs: it may close the stream.
      std::vector<std::uint8_t> bytes(s->rx.begin(), s->rx.begin() + static_cast<std::ptrdiff_t>(n));
      start_read(s);
      if (!s->closing) deliver(StreamBytes{s->id, std::move(bytes)});
      return;
    }
    if (s->closing) return;
    if (ec == asio::error::eof) {
      // FIN: the socket stays until the machine closes its side.
      deliver(StreamClosed{s->id});
      return;
    }
    // RST or another error: the connection is gone.
    forget_stream(s, false);
    deliver(StreamReset{s->id});
  });
}

void Driver::stream_send(StreamSend r) {
  auto it = streams_.find(r.id);
  if (it == streams_.end() || it->second->closing) {
    ++counters_.stream_unknown;
    return;
  }
  const auto& s = it->second;
  if (r.bytes.empty()) return;
  s->writes.push_back(std::move(r.bytes));
  if (!s->writing) start_write(s);
}

void Driver::start_write(const std::shared_ptr<Stream>& s) {
  s->writing = true;
  std::weak_ptr<int> alive = alive_;
  asio::async_write(s->sock, asio::buffer(s->writes.front()),
                    [this, alive, s](const std::error_code& ec, std::size_t n) {
                      if (alive.expired() || !s->open) return;
                      s->writing = false;
                      if (ec) {
                        // The read side reports the reset; what is queued is lost.
                        ++counters_.stream_write_errors;
                        s->writes.clear();
                        if (s->closing) forget_stream(s, false);
                        return;
                      }
                      counters_.stream_bytes_sent += n;
                      s->writes.pop_front();
                      if (!s->writes.empty()) start_write(s);
                      else if (s->closing) finish_graceful_close(s);
                    });
}

void Driver::stream_close(const StreamClose& c) {
  if (auto l = listeners_.find(c.id); l != listeners_.end()) {
    l->second->open = false;
    std::error_code ignored;
    l->second->acceptor.close(ignored);
    listeners_.erase(l);
    return;
  }
  auto it = streams_.find(c.id);
  if (it == streams_.end()) {
    ++counters_.stream_unknown;
    return;
  }
  const std::shared_ptr<Stream> s = it->second;
  if (c.mode == CloseMode::Abortive) {
    forget_stream(s, true);
    return;
  }
  s->closing = true;
  if (!s->writing) finish_graceful_close(s);
}

void Driver::finish_graceful_close(const std::shared_ptr<Stream>& s) {
  std::error_code ignored;
  s->sock.shutdown(asio::ip::tcp::socket::shutdown_send, ignored);
  forget_stream(s, false);
}

void Driver::forget_stream(const std::shared_ptr<Stream>& s, bool abortive) {
  std::error_code ignored;
  // SO_LINGER {on, 0}: close() sends RST and skips TIME_WAIT.
  if (abortive) s->sock.set_option(asio::socket_base::linger(true, 0), ignored);
  s->open = false;
  s->sock.close(ignored);
  auto it = streams_.find(s->id);
  if (it != streams_.end() && it->second == s) streams_.erase(it);
}

void Driver::close_all_streams() {
  while (!streams_.empty()) forget_stream(streams_.begin()->second, false);
  for (auto& [id, l] : listeners_) {
    l->open = false;
    std::error_code ignored;
    l->acceptor.close(ignored);
  }
  listeners_.clear();
  stream_events_.clear();
}

}  // namespace natlab::realnet
