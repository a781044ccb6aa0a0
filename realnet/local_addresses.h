#pragma once
// The machine's own addresses and ports, for agents that gather host
// candidates on the real network (natlab ice-agent).
#include <cstdint>
#include <optional>
#include <system_error>
#include <vector>

#include "common/ip.h"

namespace natlab::realnet {

// IPv4 addresses of the interfaces that are up, loopback excluded, in
// getifaddrs() order without duplicates.
std::vector<IpAddress> non_loopback_ipv4();

// A UDP port on `address` that was free a moment ago (bound with port 0,
// read back and closed): the caller binds it again and retries on a clash.
// `ec` says why when there is none.
std::optional<std::uint16_t> free_udp_port(const IpAddress& address);
std::optional<std::uint16_t> free_udp_port(const IpAddress& address, std::error_code& ec);

}  // namespace natlab::realnet
