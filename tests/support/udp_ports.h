#pragma once
// Free UDP ports on 127.0.0.1, chosen at run time for programs that must be
// told a port (coturn's turnserver and turnutils_peer), and a STUN Binding
// ping that says when a server is up.
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <thread>

#include <asio.hpp>

#include "agents/stun/message.h"

namespace natlab::test {

// A port the kernel just handed out and that is free again: another process
// could take it before the caller binds it, which a test retries by failing.
inline std::uint16_t free_udp_port() {
  asio::io_context io;
  asio::ip::udp::socket s(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
  return s.local_endpoint().port();
}

// `n` consecutive ports that are free now, from 50000 up in steps of `n`,
// starting at an offset from the process id so parallel tests differ.
inline std::optional<std::uint16_t> free_udp_range(std::uint16_t n) {
  asio::io_context io;
  const unsigned slots = 10000u / n;
  const unsigned first = static_cast<unsigned>(::getpid()) % slots;
  for (unsigned i = 0; i < slots; ++i) {
    const unsigned base = 50000u + ((first + i) % slots) * n;
    bool all = true;
    for (unsigned p = base; p < base + n && all; ++p) {
      asio::ip::udp::socket s(io);
      std::error_code ec;
      s.open(asio::ip::udp::v4(), ec);
      s.bind(asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), static_cast<std::uint16_t>(p)), ec);
      all = !ec;
    }
    if (all) return static_cast<std::uint16_t>(base);
  }
  return std::nullopt;
}

// True once something on 127.0.0.1:port answers a STUN Binding request (or
// echoes it, for an echo peer), trying every 100 ms until `limit`.
inline bool wait_for_udp_answer(std::uint16_t port, std::chrono::milliseconds limit) {
  asio::io_context io;
  asio::ip::udp::socket s(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0));
  s.non_blocking(true);
  stun::Message m;
  m.transaction_id.fill(0x5A);
  const auto req = stun::encode(m);
  const auto to = asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), port);
  const auto deadline = std::chrono::steady_clock::now() + limit;
  std::uint8_t buf[2048];
  while (std::chrono::steady_clock::now() < deadline) {
    std::error_code ec;
    s.send_to(asio::buffer(req), to, 0, ec);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    asio::ip::udp::endpoint from;
    s.receive_from(asio::buffer(buf), from, 0, ec);
    if (!ec) return true;
  }
  return false;
}

}  // namespace natlab::test
