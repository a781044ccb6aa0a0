#pragma once
// A UDP socket that sends every datagram back to its sender: the peer that
// `natlab turn-client` relays to when none is given, and the tests' peer.
#include <cstdint>
#include <memory>
#include <vector>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include "common/ip.h"

namespace natlab::realnet {

class EchoPeer {
 public:
  // Binds `local` (port 0: the kernel chooses); throws std::system_error
  // when it cannot.
  EchoPeer(asio::io_context& io, const Endpoint& local);
  ~EchoPeer();
  EchoPeer(const EchoPeer&) = delete;
  EchoPeer& operator=(const EchoPeer&) = delete;

  Endpoint endpoint() const { return bound_; }
  std::uint64_t echoed() const { return echoed_; }

 private:
  void receive();

  asio::ip::udp::socket socket_;
  Endpoint bound_;
  std::vector<std::uint8_t> buf_;
  asio::ip::udp::endpoint from_;
  std::uint64_t echoed_ = 0;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace natlab::realnet
