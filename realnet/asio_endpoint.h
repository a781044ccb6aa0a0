#pragma once
// natlab::Endpoint <-> asio UDP and TCP endpoints.
#include <asio/ip/tcp.hpp>
#include <asio/ip/udp.hpp>

#include "common/ip.h"

namespace natlab::realnet {

asio::ip::udp::endpoint to_asio(const Endpoint& ep);
// An IPv4-mapped IPv6 address (a dual-stack socket's view of an IPv4 peer)
// comes back as IPv4.
Endpoint from_asio(const asio::ip::udp::endpoint& ep);
asio::ip::tcp::endpoint to_asio_tcp(const Endpoint& ep);
Endpoint from_asio(const asio::ip::tcp::endpoint& ep);

}  // namespace natlab::realnet
