#pragma once
// Drives one sans-IO machine (common/sans_io.h) over real UDP sockets on an
// asio::io_context: the realnet counterpart of sim/sans_io_app.h, for the
// very same machine classes.
//
// One socket per entry of local_endpoints(), opened at start() and, for a
// machine with dynamic_endpoints() (a TURN server's relayed addresses),
// opened and closed to match after every step. Each datagram goes to the
// machine with the endpoint the machine named (so a socket bound to port 0
// stays "port 0" to the machine; bound() tells the real port). Every
// Transmit leaves from the socket it names. One steady_timer is armed at
// poll_timeout(). Time is natlab::Time from the driver's Clock.
//
// Memory stays bounded: a socket reads at most `receive_batch` datagrams per
// wakeup into buffers allocated once, and transmits are sent at once on
// non-blocking sockets; a full send buffer drops the datagram (counted), as
// a router would, instead of queueing it. On Linux the datagrams of a wakeup
// come in by recvmmsg() and what the machine answers leaves by sendmmsg(), a
// system call per batch instead of one per datagram (a relaying TURN server
// spends most of its time in the kernel).
//
// TCP (common/stream_io.h): the machine's StreamRequests become Asio TCP
// sockets (driver_streams.cc). StreamListen opens a listener at once (a bind
// failure comes back as StreamFailed before process() returns); accepted
// connections get ids from kFirstAcceptedStreamId; bytes are read 64 KiB at
// a time into StreamBytes; writes are queued per connection in order.
// SocketOptions::reuse_addr is SO_REUSEADDR (exclusive_addr_use is Windows
// only and ignored here); an abortive close is SO_LINGER {on, 0} then
// close(), which sends RST; a graceful one waits for queued writes, then
// shuts down the sending side (FIN) and closes.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <system_error>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>
#include <asio/steady_timer.hpp>
#include <nlohmann/json.hpp>

#include "common/ip.h"
#include "common/sans_io.h"
#include "common/time.h"
#include "realnet/clock.h"

namespace natlab::realnet {

struct DriverOptions {
  // Datagrams read from one socket before the driver lets the others (and
  // the timer) run.
  std::size_t receive_batch = 64;
  // SO_RCVBUF / SO_SNDBUF for every socket; 0 keeps the system default.
  int receive_buffer_bytes = 0;
  int send_buffer_bytes = 0;
};

struct DriverCounters {
  std::uint64_t received = 0;          // datagrams handed to the machine
  std::uint64_t sent = 0;              // datagrams the kernel took
  std::uint64_t receive_errors = 0;    // recvfrom() failures other than "nothing to read"
  std::uint64_t send_errors = 0;       // sendto() failures (full buffer included): dropped
  std::uint64_t send_no_socket = 0;    // a Transmit from an endpoint without a socket: dropped
  std::uint64_t bind_errors = 0;       // sockets the machine asked for that could not be opened
  // TCP
  std::uint64_t streams_connected = 0;  // active opens that succeeded
  std::uint64_t streams_accepted = 0;
  std::uint64_t stream_failures = 0;    // connects and listens that failed
  std::uint64_t stream_bytes_received = 0;
  std::uint64_t stream_bytes_sent = 0;
  std::uint64_t stream_write_errors = 0;
  std::uint64_t stream_unknown = 0;     // a send or close for a stream the driver does not have
};

struct BindError {
  Endpoint endpoint;
  std::error_code error;
  std::string message() const;  // "cannot bind 127.0.0.1:3478: Address already in use"
};

class Driver {
 public:
  Driver(asio::io_context& io, SansIo& machine, Clock clock = Clock(), DriverOptions options = {});
  ~Driver();
  Driver(const Driver&) = delete;
  Driver& operator=(const Driver&) = delete;

  // Opens a socket for every local endpoint, then calls the machine's
  // start(now). When one cannot be bound, closes what it opened and returns
  // the error; the machine is not started.
  std::optional<BindError> start();
  // Closes every socket and cancels the timer; the machine is left as it is.
  void stop();
  bool running() const { return running_; }

  // After a command given to the machine from outside a handler (a TURN
  // client's allocate(), send(), ...): sends what it queued, syncs sockets,
  // drains events and re-arms the timer.
  void process();

  Time now() const { return clock_.now(); }
  const Clock& clock() const { return clock_; }

  // The address a socket of the machine is really bound to: the kernel's
  // port for an endpoint the machine named with port 0.
  std::optional<Endpoint> bound(const Endpoint& local) const;
  // Opens the socket for `local` now, if it is not open (true when it is
  // open afterwards). For a machine that wants to know that a socket can be
  // had before it hands the address out (a TURN server's relay port); a
  // socket that the machine's next local_endpoints() does not list is
  // closed again at the next sync.
  bool open(const Endpoint& local, std::error_code& ec);

  // Every event from the machine's poll_events(), as it comes.
  std::function<void(Time, nlohmann::json)> on_event;
  // A socket the machine asked for while running could not be opened; also
  // a TCP listener that could not be bound.
  std::function<void(const BindError&)> on_bind_error;

  const DriverCounters& counters() const { return counters_; }
  std::size_t socket_count() const { return sockets_.size(); }
  std::size_t stream_count() const { return streams_.size(); }
  std::size_t listener_count() const { return listeners_.size(); }
  // Where a listener of the machine is really bound (the kernel's port for
  // a StreamListen on port 0).
  std::optional<Endpoint> listening(StreamId id) const;

 private:
  struct Socket;
  struct Batch;  // recvmmsg()/sendmmsg() state (Linux)
  struct Stream;
  struct Listener;

  std::optional<BindError> open_socket(const Endpoint& local);
  void close_socket(std::map<Endpoint, std::shared_ptr<Socket>>::iterator it);
  void arm_receive(const std::shared_ptr<Socket>& s);
  void on_readable(Socket& s);
  void on_timer(std::uint64_t generation);
  void pump();
  void sync_sockets();
  void send_transmits();
  void flush_transmits();
  void arm_timer();

  // driver_streams.cc
  void process_streams();
  void on_stream_request(StreamRequest r);
  void stream_connect(const StreamConnect& c);
  void stream_listen(const StreamListen& l);
  void stream_send(StreamSend s);
  void stream_close(const StreamClose& c);
  void start_accept(const std::shared_ptr<Listener>& l);
  void start_read(const std::shared_ptr<Stream>& s);
  void start_write(const std::shared_ptr<Stream>& s);
  void finish_graceful_close(const std::shared_ptr<Stream>& s);
  void forget_stream(const std::shared_ptr<Stream>& s, bool abortive);
  void deliver(const StreamEvent& e);  // to the machine, then pump()
  void close_all_streams();

  asio::io_context& io_;
  SansIo& machine_;
  Clock clock_;
  DriverOptions options_;
  bool running_ = false;
  std::map<Endpoint, std::shared_ptr<Socket>> sockets_;  // by the machine's name
  std::vector<Endpoint> synced_;  // local_endpoints() at the last sync
  std::optional<std::uint64_t> synced_version_;  // endpoints_version() then
  std::vector<std::uint8_t> buffer_;  // one receive buffer for every socket
  std::unique_ptr<Batch> batch_;
  asio::steady_timer timer_;
  std::optional<Time> timer_at_;
  std::uint64_t timer_generation_ = 0;
  // Handlers still queued in the io_context after the driver is gone see
  // this expired and do nothing.
  std::shared_ptr<int> alive_ = std::make_shared<int>(0);
  DriverCounters counters_;
  std::map<StreamId, std::shared_ptr<Stream>> streams_;
  std::map<StreamId, std::shared_ptr<Listener>> listeners_;
  StreamId next_accepted_ = kFirstAcceptedStreamId;
  std::deque<StreamEvent> stream_events_;  // failures found while carrying out requests
  bool in_streams_ = false;
};

}  // namespace natlab::realnet
