#include "agents/ice/config.h"

namespace natlab::ice {

const char* to_string(Role r) { return r == Role::Controlling ? "controlling" : "controlled"; }

const char* to_string(Dialect d) {
  switch (d) {
    case Dialect::Rfc: return "rfc";
    case Dialect::MsIce2: return "ms-ice2";
    case Dialect::MsIce2Legacy: return "ms-ice2-legacy";
  }
  return "?";
}

std::vector<HostSocket> host_sockets(const std::vector<IpAddress>& addresses, int components,
                                     std::uint16_t first_port) {
  std::vector<HostSocket> out;
  std::uint16_t port = first_port;
  for (const auto& a : addresses)
    for (int c = 1; c <= components; ++c) out.push_back(HostSocket{c, Endpoint{a, port++}});
  return out;
}

}  // namespace natlab::ice
