#pragma once
// A plain UDP socket on 127.0.0.1 for the realnet tests: what it receives is
// kept (and optionally echoed back to its sender), read as the io_context runs.
#include <cstdint>
#include <deque>
#include <memory>
#include <vector>

#include <asio.hpp>

#include "common/ip.h"
#include "realnet/asio_endpoint.h"

namespace natlab::realnet::test {

struct Received {
  Endpoint from;
  std::vector<std::uint8_t> bytes;
};

class UdpPeer {
 public:
  explicit UdpPeer(asio::io_context& io, bool echo = false)
      : socket_(io, asio::ip::udp::endpoint(asio::ip::make_address_v4("127.0.0.1"), 0)), echo_(echo) {
    receive();
  }
  ~UdpPeer() {
    *alive_ = false;
    std::error_code ignored;
    socket_.close(ignored);
  }

  Endpoint endpoint() const { return from_asio(socket_.local_endpoint()); }
  void send(const Endpoint& to, const std::vector<std::uint8_t>& bytes) {
    socket_.send_to(asio::buffer(bytes), to_asio(to));
  }

  std::deque<Received> received;

 private:
  void receive() {
    auto alive = alive_;
    socket_.async_receive_from(asio::buffer(buf_), from_, [this, alive](const std::error_code& ec, std::size_t n) {
      if (!*alive || ec == asio::error::operation_aborted) return;
      if (!ec) {
        Received r{from_asio(from_), std::vector<std::uint8_t>(buf_.begin(), buf_.begin() + static_cast<long>(n))};
        if (echo_) send(r.from, r.bytes);
        received.push_back(std::move(r));
      }
      receive();
    });
  }

  asio::ip::udp::socket socket_;
  bool echo_;
  std::vector<std::uint8_t> buf_ = std::vector<std::uint8_t>(65536);
  asio::ip::udp::endpoint from_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

inline const IpAddress kLoopback = IpAddress::v4(0x7F000001);

}  // namespace natlab::realnet::test
