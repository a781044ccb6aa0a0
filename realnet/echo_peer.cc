#include "realnet/echo_peer.h"

#include "realnet/asio_endpoint.h"

namespace natlab::realnet {

EchoPeer::EchoPeer(asio::io_context& io, const Endpoint& local) : socket_(io), buf_(65536) {
  const auto ep = to_asio(local);
  socket_.open(ep.protocol());
  socket_.bind(ep);
  bound_ = from_asio(socket_.local_endpoint());
  receive();
}

EchoPeer::~EchoPeer() {
  *alive_ = false;
  std::error_code ignored;
  socket_.close(ignored);
}

void EchoPeer::receive() {
  auto alive = alive_;
  socket_.async_receive_from(asio::buffer(buf_), from_, [this, alive](const std::error_code& ec, std::size_t n) {
    if (!*alive || ec == asio::error::operation_aborted) return;
    if (!ec) {
      std::error_code send_ec;
      socket_.send_to(asio::buffer(buf_.data(), n), from_, 0, send_ec);
      if (!send_ec) ++echoed_;
    }
    receive();
  });
}

}  // namespace natlab::realnet
