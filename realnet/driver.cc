#include "realnet/driver.h"

#ifdef __linux__
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>
#endif

#include <algorithm>
#include <set>
#include <span>
#include <utility>

#include <asio/ip/v6_only.hpp>
#include <asio/socket_base.hpp>

#include "realnet/asio_endpoint.h"

namespace natlab::realnet {

namespace {
// Above the largest UDP payload over IPv4 (65,507) and IPv6 without jumbograms.
constexpr std::size_t kMaxDatagram = 65536;
}  // namespace

#ifdef __linux__
struct Driver::Batch {
  static constexpr unsigned kSlots = 32;
  // kSlots whole-datagram buffers (2 MiB, touched only as far as datagrams
  // reach): no datagram is ever truncated.
  std::vector<std::uint8_t> rx = std::vector<std::uint8_t>(std::size_t{kSlots} * kMaxDatagram);
  std::array<iovec, kSlots> rx_iov{};
  std::array<sockaddr_storage, kSlots> rx_from{};
  std::array<mmsghdr, kSlots> rx_msgs{};
  std::vector<Transmit> tx;  // what the machine queued, sent kSlots at a time
  std::array<asio::ip::udp::endpoint, kSlots> tx_to{};
  std::array<iovec, kSlots> tx_iov{};
  std::array<mmsghdr, kSlots> tx_msgs{};
};
#else
struct Driver::Batch {};
#endif

struct Driver::Socket {
  Socket(asio::io_context& io, Endpoint declared) : local(declared), sock(io) {}
  Endpoint local;  // as the machine named it
  Endpoint bound;  // as the kernel bound it
  asio::ip::udp::socket sock;
  bool open = true;
};

std::string BindError::message() const {
  return "cannot bind " + endpoint.to_string() + ": " + error.message();
}

Driver::Driver(asio::io_context& io, SansIo& machine, Clock clock, DriverOptions options)
    : io_(io), machine_(machine), clock_(clock), options_(options), batch_(std::make_unique<Batch>()), timer_(io) {
  if (options_.receive_batch == 0) options_.receive_batch = 1;
#ifndef __linux__
  buffer_.resize(kMaxDatagram);
#endif
}

Driver::~Driver() { stop(); }

std::optional<BindError> Driver::open_socket(const Endpoint& local) {
  auto s = std::make_shared<Socket>(io_, local);
  const asio::ip::udp::endpoint ep = to_asio(local);
  std::error_code ec;
  s->sock.open(ep.protocol(), ec);
  // One address family per socket: an IPv6 socket must not also claim the
  // IPv4 port of the same number.
  if (!ec && ep.address().is_v6()) s->sock.set_option(asio::ip::v6_only(true), ec);
  if (!ec) s->sock.non_blocking(true, ec);
  if (!ec && options_.receive_buffer_bytes > 0)
    s->sock.set_option(asio::socket_base::receive_buffer_size(options_.receive_buffer_bytes), ec);
  if (!ec && options_.send_buffer_bytes > 0)
    s->sock.set_option(asio::socket_base::send_buffer_size(options_.send_buffer_bytes), ec);
  if (!ec) s->sock.bind(ep, ec);
  asio::ip::udp::endpoint actual;
  if (!ec) actual = s->sock.local_endpoint(ec);
  if (ec) {
    std::error_code ignored;
    s->sock.close(ignored);
    ++counters_.bind_errors;
    return BindError{local, ec};
  }
  s->bound = from_asio(actual);
  sockets_[local] = s;
  if (running_) arm_receive(s);
  return std::nullopt;
}

void Driver::close_socket(std::map<Endpoint, std::shared_ptr<Socket>>::iterator it) {
  Socket& s = *it->second;
  s.open = false;
  std::error_code ignored;
  s.sock.close(ignored);  // a pending wait completes with operation_aborted
  sockets_.erase(it);
}

std::optional<BindError> Driver::start() {
  if (running_) return std::nullopt;
  synced_ = machine_.local_endpoints();
  for (const Endpoint& ep : synced_) {
    if (sockets_.count(ep)) continue;
    if (auto err = open_socket(ep)) {
      while (!sockets_.empty()) close_socket(sockets_.begin());
      synced_.clear();
      return err;
    }
  }
  running_ = true;
  for (auto& [ep, s] : sockets_) arm_receive(s);
  machine_.start(now());
  pump();
  return std::nullopt;
}

void Driver::stop() {
  running_ = false;
  close_all_streams();
  while (!sockets_.empty()) close_socket(sockets_.begin());
  synced_.clear();
  synced_version_.reset();
  timer_.cancel();
  timer_at_.reset();
  ++timer_generation_;
}

void Driver::process() { pump(); }

std::optional<Endpoint> Driver::bound(const Endpoint& local) const {
  auto it = sockets_.find(local);
  if (it == sockets_.end()) return std::nullopt;
  return it->second->bound;
}

bool Driver::open(const Endpoint& local, std::error_code& ec) {
  ec.clear();
  if (sockets_.count(local)) return true;
  if (auto err = open_socket(local)) {
    ec = err->error;
    return false;
  }
  // The next sync compares afresh, and closes this socket if the machine
  // did not take the endpoint after all.
  synced_.clear();
  synced_version_.reset();
  return true;
}

void Driver::arm_receive(const std::shared_ptr<Socket>& s) {
  std::weak_ptr<int> alive = alive_;
  s->sock.async_wait(asio::ip::udp::socket::wait_read, [this, alive, s](const std::error_code& ec) {
    if (alive.expired() || ec || !s->open) return;
    on_readable(*s);
    if (s->open && running_) arm_receive(s);
  });
}

void Driver::on_readable(Socket& s) {
#ifdef __linux__
  Batch& b = *batch_;
  std::size_t budget = options_.receive_batch;
  while (budget > 0 && s.open && running_) {
    const unsigned want = static_cast<unsigned>(std::min<std::size_t>(Batch::kSlots, budget));
    for (unsigned i = 0; i < want; ++i) {
      b.rx_iov[i] = iovec{b.rx.data() + std::size_t{i} * kMaxDatagram, kMaxDatagram};
      b.rx_msgs[i] = mmsghdr{};
      b.rx_msgs[i].msg_hdr.msg_name = &b.rx_from[i];
      b.rx_msgs[i].msg_hdr.msg_namelen = sizeof(sockaddr_storage);
      b.rx_msgs[i].msg_hdr.msg_iov = &b.rx_iov[i];
      b.rx_msgs[i].msg_hdr.msg_iovlen = 1;
    }
    const int n = ::recvmmsg(s.sock.native_handle(), b.rx_msgs.data(), want, MSG_DONTWAIT, nullptr);
    if (n < 0) {
      if (errno == EAGAIN || errno == EWOULDBLOCK) break;
      if (errno != EINTR) ++counters_.receive_errors;
      --budget;
      continue;
    }
    if (n == 0) break;
    // One clock reading per batch: the datagrams arrived together.
    const Time t = now();
    for (int i = 0; i < n && s.open && running_; ++i) {
      const mmsghdr& m = b.rx_msgs[static_cast<std::size_t>(i)];
      asio::ip::udp::endpoint from;
      if (m.msg_hdr.msg_namelen > from.capacity()) {
        ++counters_.receive_errors;
        continue;
      }
      std::memcpy(from.data(), m.msg_hdr.msg_name, m.msg_hdr.msg_namelen);
      from.resize(m.msg_hdr.msg_namelen);
      ++counters_.received;
      machine_.handle_datagram(t, s.local, from_asio(from),
                               std::span<const std::uint8_t>(static_cast<const std::uint8_t*>(m.msg_hdr.msg_iov->iov_base),
                                                             m.msg_len));
    }
    budget -= static_cast<std::size_t>(n);
    if (static_cast<unsigned>(n) < want) break;  // the socket is empty
  }
#else
  // A receive loop per socket, one datagram per machine call.
  for (std::size_t i = 0; i < options_.receive_batch && s.open && running_; ++i) {
    asio::ip::udp::endpoint from;
    std::error_code ec;
    const std::size_t n = s.sock.receive_from(asio::buffer(buffer_), from, 0, ec);
    if (ec == asio::error::would_block || ec == asio::error::try_again) break;
    if (ec) {
      ++counters_.receive_errors;
      continue;
    }
    ++counters_.received;
    machine_.handle_datagram(now(), s.local, from_asio(from),
                             std::span<const std::uint8_t>(buffer_.data(), n));
  }
#endif
  pump();
}

void Driver::on_timer(std::uint64_t generation) {
  if (generation != timer_generation_ || !running_) return;
  timer_at_.reset();
  machine_.handle_timeout(now());
  pump();
}

void Driver::pump() {
  if (!running_) return;
  // Sockets first: a response may come from a relayed address that the
  // same step created.
  if (machine_.dynamic_endpoints()) sync_sockets();
  process_streams();
  if (machine_.dynamic_endpoints()) sync_sockets();
  send_transmits();
  for (auto& e : machine_.poll_events()) {
    if (on_event) on_event(now(), std::move(e));
  }
  arm_timer();
}

void Driver::sync_sockets() {
  // After every step; the list changes rarely, so the common case costs one
  // comparison of versions (a machine that keeps 0 gets its lists compared).
  const std::uint64_t version = machine_.endpoints_version();
  if (version != 0 && synced_version_ == version) return;
  auto wanted_list = machine_.local_endpoints();
  synced_version_ = version;
  if (wanted_list == synced_) return;
  std::set<Endpoint> wanted(wanted_list.begin(), wanted_list.end());
  synced_ = std::move(wanted_list);
  for (auto it = sockets_.begin(); it != sockets_.end();) {
    auto next = std::next(it);
    if (!wanted.count(it->first)) close_socket(it);
    it = next;
  }
  for (const Endpoint& ep : wanted) {
    if (sockets_.count(ep)) continue;
    if (auto err = open_socket(ep); err && on_bind_error) on_bind_error(*err);
  }
}

void Driver::send_transmits() {
#ifdef __linux__
  Batch& b = *batch_;
  while (auto t = machine_.poll_transmit()) {
    b.tx.push_back(std::move(*t));
    if (b.tx.size() == Batch::kSlots) flush_transmits();
  }
  flush_transmits();
}

void Driver::flush_transmits() {
  Batch& b = *batch_;
  // Runs of transmits from the same socket, one sendmmsg() each.
  for (std::size_t i = 0; i < b.tx.size();) {
    std::size_t j = i + 1;
    while (j < b.tx.size() && b.tx[j].local == b.tx[i].local) ++j;
    auto it = sockets_.find(b.tx[i].local);
    if (it == sockets_.end()) {
      counters_.send_no_socket += j - i;
      i = j;
      continue;
    }
    const unsigned count = static_cast<unsigned>(j - i);
    for (unsigned k = 0; k < count; ++k) {
      Transmit& t = b.tx[i + k];
      b.tx_to[k] = to_asio(t.remote);
      b.tx_iov[k] = iovec{t.bytes.data(), t.bytes.size()};
      b.tx_msgs[k] = mmsghdr{};
      b.tx_msgs[k].msg_hdr.msg_name = b.tx_to[k].data();
      b.tx_msgs[k].msg_hdr.msg_namelen = static_cast<socklen_t>(b.tx_to[k].size());
      b.tx_msgs[k].msg_hdr.msg_iov = &b.tx_iov[k];
      b.tx_msgs[k].msg_hdr.msg_iovlen = 1;
    }
    for (unsigned off = 0; off < count;) {
      const int n = ::sendmmsg(it->second->sock.native_handle(), b.tx_msgs.data() + off, count - off, MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EINTR) continue;
        ++counters_.send_errors;  // this datagram is dropped; the rest are tried
        ++off;
        continue;
      }
      counters_.sent += static_cast<std::uint64_t>(n);
      off += static_cast<unsigned>(n);
    }
    i = j;
  }
  b.tx.clear();
#else
  while (auto t = machine_.poll_transmit()) {
    auto it = sockets_.find(t->local);
    if (it == sockets_.end()) {
      ++counters_.send_no_socket;
      continue;
    }
    std::error_code ec;
    it->second->sock.send_to(asio::buffer(t->bytes), to_asio(t->remote), 0, ec);
    if (ec) {
      ++counters_.send_errors;
    } else {
      ++counters_.sent;
    }
  }
#endif
}

void Driver::arm_timer() {
  const std::optional<Time> next = machine_.poll_timeout();
  if (next == timer_at_) return;
  ++timer_generation_;
  timer_at_ = next;
  if (!next) {
    timer_.cancel();
    return;
  }
  timer_.expires_at(clock_.to_steady(*next));
  std::weak_ptr<int> alive = alive_;
  const std::uint64_t generation = timer_generation_;
  timer_.async_wait([this, alive, generation](const std::error_code& ec) {
    if (alive.expired() || ec) return;
    on_timer(generation);
  });
}

}  // namespace natlab::realnet
