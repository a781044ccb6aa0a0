#include "realnet/asio_endpoint.h"

#include <array>
#include <cstdint>

namespace natlab::realnet {

asio::ip::udp::endpoint to_asio(const Endpoint& ep) {
  const IpAddress& a = ep.address;
  if (a.is_v4()) return {asio::ip::address_v4(a.v4_value()), ep.port};
  asio::ip::address_v6::bytes_type b{};
  for (std::size_t i = 0; i < b.size(); ++i) b[i] = a.data()[i];
  return {asio::ip::address_v6(b), ep.port};
}

Endpoint from_asio(const asio::ip::udp::endpoint& ep) {
  const asio::ip::address a = ep.address();
  if (a.is_v4()) return Endpoint{IpAddress::v4(a.to_v4().to_uint()), ep.port()};
  const asio::ip::address_v6 v6 = a.to_v6();
  if (v6.is_v4_mapped()) {
    return Endpoint{IpAddress::v4(asio::ip::make_address_v4(asio::ip::v4_mapped, v6).to_uint()), ep.port()};
  }
  const auto b = v6.to_bytes();
  std::array<std::uint8_t, 16> out{};
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = b[i];
  return Endpoint{IpAddress::v6(out), ep.port()};
}

asio::ip::tcp::endpoint to_asio_tcp(const Endpoint& ep) {
  const asio::ip::udp::endpoint u = to_asio(ep);
  return {u.address(), u.port()};
}

Endpoint from_asio(const asio::ip::tcp::endpoint& ep) {
  return from_asio(asio::ip::udp::endpoint(ep.address(), ep.port()));
}

}  // namespace natlab::realnet
