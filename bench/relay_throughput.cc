// relay_throughput: the load generator of scripts/relay-throughput. One TURN
// client (natlab's sans-IO TurnClient, for the setup only) allocates on the
// server under test, binds a channel to a peer socket of its own, then sends
// ChannelData as fast as the socket takes it (or at --rate) for --seconds,
// while the peer socket counts what the server relays to it. The same
// program and the same load for any TURN server, so figures compare.
//
// Prints one line:
//   sent N relayed N seconds S offered X/s relayed Y/s loss Z%
// and exits 0, or 1 with the step that failed. Linux only (sendmmsg and
// recvmmsg keep the generator itself cheap next to the server it loads).
#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <iostream>
#include <optional>
#include <string>
#include <thread>
#include <variant>
#include <vector>

#include <CLI/CLI.hpp>
#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include "agents/turn/client.h"
#include "common/rng.h"
#include "realnet/asio_endpoint.h"
#include "realnet/clock.h"
#include "realnet/resolve.h"

namespace {

using namespace natlab;
using Steady = std::chrono::steady_clock;

constexpr unsigned kBatch = 64;  // datagrams per sendmmsg()/recvmmsg()

struct Args {
  std::string server;
  std::string user;
  std::string password;
  double seconds = 5.0;
  std::size_t size = 100;  // payload bytes of each ChannelData
  double rate = 0;         // datagrams per second; 0: as fast as the socket takes them
};

// The client's setup exchange over a plain non-blocking socket: the sans-IO
// client's transmits go out, datagrams come in, its timer is served, until
// `done` sees the event it waits for or the deadline passes.
class Setup {
 public:
  Setup(asio::ip::udp::socket& sock, turn::TurnClient& client) : sock_(sock), client_(client) {}

  template <class Done>
  std::optional<turn::ClientEvent> until(Done done, std::chrono::seconds limit = std::chrono::seconds(5)) {
    const auto deadline = Steady::now() + limit;
    std::vector<std::uint8_t> buf(65536);
    while (Steady::now() < deadline) {
      flush();
      while (auto e = client_.poll_event())
        if (done(*e)) return e;
      asio::ip::udp::endpoint from;
      std::error_code ec;
      const std::size_t n = sock_.receive_from(asio::buffer(buf), from, 0, ec);
      if (!ec) {
        client_.handle_datagram(clock_.now(), realnet::from_asio(sock_.local_endpoint()), realnet::from_asio(from),
                                std::span<const std::uint8_t>(buf.data(), n));
        continue;
      }
      if (auto t = client_.poll_timeout(); t && *t <= clock_.now()) client_.handle_timeout(clock_.now());
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return std::nullopt;
  }
  Time now() const { return clock_.now(); }

 private:
  void flush() {
    while (auto t = client_.poll_transmit()) {
      std::error_code ec;
      sock_.send_to(asio::buffer(t->bytes), realnet::to_asio(t->remote), 0, ec);
    }
  }
  asio::ip::udp::socket& sock_;
  turn::TurnClient& client_;
  realnet::Clock clock_;
};

int fail(const std::string& step, const std::string& why) {
  std::cerr << "relay_throughput: FAILED at " << step << ": " << why << "\n";
  return 1;
}

std::string describe(const turn::Failure& f) { return f.code ? std::to_string(f.code) + " " + f.reason : f.reason; }

// Receive buffers big enough that the counting peer is never the one that
// drops: SO_RCVBUFFORCE when allowed, else as much as rmem_max gives.
void big_receive_buffer(int fd) {
  int bytes = 32 << 20;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &bytes, sizeof bytes) != 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
}

// Counts datagrams arriving on `fd` until `stop`, then until the socket has
// been quiet for 200 ms (what the server still had queued).
std::uint64_t count_arrivals(int fd, const std::atomic<bool>& stop) {
  timeval tv{0, 50000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  std::vector<std::vector<std::uint8_t>> bufs(kBatch, std::vector<std::uint8_t>(2048));
  std::vector<iovec> iov(kBatch);
  std::vector<mmsghdr> msgs(kBatch);
  std::uint64_t n = 0;
  auto last = Steady::now();
  for (;;) {
    for (unsigned i = 0; i < kBatch; ++i) {
      iov[i] = iovec{bufs[i].data(), bufs[i].size()};
      msgs[i] = mmsghdr{};
      msgs[i].msg_hdr.msg_iov = &iov[i];
      msgs[i].msg_hdr.msg_iovlen = 1;
    }
    const int got = recvmmsg(fd, msgs.data(), kBatch, 0, nullptr);
    if (got > 0) {
      n += static_cast<std::uint64_t>(got);
      last = Steady::now();
      continue;
    }
    if (stop.load() && Steady::now() - last > std::chrono::milliseconds(200)) return n;
  }
}

int run(const Args& a) {
  std::string error;
  const auto server = realnet::resolve_udp(a.server, error);
  if (!server) return fail("arguments", "--server " + a.server + ": " + error);

  asio::io_context io;
  const asio::ip::address loopback = asio::ip::make_address("127.0.0.1");
  asio::ip::udp::socket client_sock(io, asio::ip::udp::endpoint(loopback, 0));
  asio::ip::udp::socket peer_sock(io, asio::ip::udp::endpoint(loopback, 0));
  client_sock.non_blocking(true);
  big_receive_buffer(peer_sock.native_handle());
  const Endpoint peer = realnet::from_asio(peer_sock.local_endpoint());

  turn::TurnClientConfig cfg;
  cfg.server = *server;
  cfg.local = realnet::from_asio(client_sock.local_endpoint());
  cfg.username = a.user;
  cfg.password = a.password;
  cfg.software = "natlab relay_throughput";
  turn::TurnClient client(cfg, Rng(static_cast<std::uint64_t>(Steady::now().time_since_epoch().count())));
  Setup setup(client_sock, client);

  client.allocate(setup.now());
  auto e = setup.until([](const turn::ClientEvent& ev) {
    return std::holds_alternative<turn::Allocated>(ev) || std::holds_alternative<turn::AllocateFailed>(ev);
  });
  if (!e) return fail("allocate", "no answer from " + server->to_string());
  if (auto* f = std::get_if<turn::AllocateFailed>(&*e)) return fail("allocate", describe(f->failure));
  const auto channel = client.bind_channel(setup.now(), peer);
  if (!channel) return fail("channel", "the client would not bind");
  e = setup.until([](const turn::ClientEvent& ev) {
    return std::holds_alternative<turn::ChannelBound>(ev) || std::holds_alternative<turn::ChannelBindFailed>(ev);
  });
  if (!e) return fail("channel", "no answer to ChannelBind");
  if (auto* f = std::get_if<turn::ChannelBindFailed>(&*e)) return fail("channel", describe(f->failure));

  // RFC 5766 11.4: channel number, length, application data; over UDP the
  // padding to a multiple of four is optional (11.5), so none is sent.
  std::vector<std::uint8_t> frame(4 + a.size);
  frame[0] = static_cast<std::uint8_t>(*channel >> 8);
  frame[1] = static_cast<std::uint8_t>(*channel & 0xFF);
  frame[2] = static_cast<std::uint8_t>(a.size >> 8);
  frame[3] = static_cast<std::uint8_t>(a.size & 0xFF);
  for (std::size_t i = 4; i < frame.size(); ++i) frame[i] = static_cast<std::uint8_t>('a' + i % 26);

  std::atomic<bool> stop{false};
  std::uint64_t relayed = 0;
  std::thread counter([&] { relayed = count_arrivals(peer_sock.native_handle(), stop); });

  client_sock.non_blocking(false);
  const asio::ip::udp::endpoint to = realnet::to_asio(*server);
  std::vector<iovec> iov(kBatch, iovec{frame.data(), frame.size()});
  std::vector<mmsghdr> msgs(kBatch);
  for (unsigned i = 0; i < kBatch; ++i) {
    msgs[i].msg_hdr.msg_name = const_cast<sockaddr*>(to.data());
    msgs[i].msg_hdr.msg_namelen = static_cast<socklen_t>(to.size());
    msgs[i].msg_hdr.msg_iov = &iov[i];
    msgs[i].msg_hdr.msg_iovlen = 1;
  }
  std::uint64_t sent = 0;
  const auto start = Steady::now();
  const auto end = start + std::chrono::duration_cast<Steady::duration>(std::chrono::duration<double>(a.seconds));
  for (auto now = start; now < end; now = Steady::now()) {
    if (a.rate > 0) {
      // Paced: never ahead of rate x elapsed time.
      const double due = a.rate * std::chrono::duration<double>(now - start).count();
      if (static_cast<double>(sent) >= due) {
        std::this_thread::sleep_for(std::chrono::microseconds(200));
        continue;
      }
    }
    const int n = sendmmsg(client_sock.native_handle(), msgs.data(), kBatch, 0);
    if (n > 0) sent += static_cast<std::uint64_t>(n);
  }
  const double elapsed = std::chrono::duration<double>(Steady::now() - start).count();
  stop = true;
  counter.join();

  // LIFETIME 0, so a server used for several runs does not keep the relay.
  client_sock.non_blocking(true);
  client.deallocate(setup.now());
  setup.until([](const turn::ClientEvent& ev) { return std::holds_alternative<turn::Deallocated>(ev); },
              std::chrono::seconds(2));

  const double loss = sent ? 100.0 * (1.0 - static_cast<double>(relayed) / static_cast<double>(sent)) : 0.0;
  std::printf("sent %llu relayed %llu seconds %.2f offered %.0f/s relayed %.0f/s loss %.1f%%\n",
              static_cast<unsigned long long>(sent), static_cast<unsigned long long>(relayed), elapsed,
              static_cast<double>(sent) / elapsed, static_cast<double>(relayed) / elapsed, std::max(0.0, loss));
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args a;
  CLI::App app{"ChannelData relay throughput of a TURN server (the load of scripts/relay-throughput)"};
  app.add_option("--server", a.server, "HOST:PORT of the TURN server (UDP)")->required();
  app.add_option("--user", a.user, "long-term credential user")->required();
  app.add_option("--password", a.password, "its password")->required();
  app.add_option("--seconds", a.seconds, "how long to send")->capture_default_str()->check(CLI::Range(0.1, 3600.0));
  app.add_option("--size", a.size, "payload bytes per ChannelData")->capture_default_str()->check(CLI::Range(1, 1400));
  app.add_option("--rate", a.rate, "datagrams per second offered; 0: as fast as the socket takes them")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 1e9));
  CLI11_PARSE(app, argc, argv);
  return run(a);
}
