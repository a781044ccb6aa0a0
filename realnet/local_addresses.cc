#include "realnet/local_addresses.h"

#include <ifaddrs.h>
#include <net/if.h>
#include <netinet/in.h>

#include <algorithm>

#include <asio/io_context.hpp>
#include <asio/ip/udp.hpp>

#include "realnet/asio_endpoint.h"

namespace natlab::realnet {

std::vector<IpAddress> non_loopback_ipv4() {
  std::vector<IpAddress> out;
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return out;
  for (ifaddrs* i = list; i; i = i->ifa_next) {
    if (!i->ifa_addr || i->ifa_addr->sa_family != AF_INET) continue;
    if (!(i->ifa_flags & IFF_UP) || (i->ifa_flags & IFF_LOOPBACK)) continue;
    const auto* sin = reinterpret_cast<const sockaddr_in*>(i->ifa_addr);
    const IpAddress a = IpAddress::v4(ntohl(sin->sin_addr.s_addr));
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
  }
  ::freeifaddrs(list);
  return out;
}

std::optional<std::uint16_t> free_udp_port(const IpAddress& address) {
  std::error_code ec;
  return free_udp_port(address, ec);
}

std::optional<std::uint16_t> free_udp_port(const IpAddress& address, std::error_code& ec) {
  asio::io_context io;
  asio::ip::udp::socket s(io);
  const auto ep = to_asio(Endpoint{address, 0});
  s.open(ep.protocol(), ec);
  if (!ec) s.bind(ep, ec);
  if (ec) return std::nullopt;
  const auto bound = s.local_endpoint(ec);
  if (ec) return std::nullopt;
  return bound.port();
}

}  // namespace natlab::realnet
