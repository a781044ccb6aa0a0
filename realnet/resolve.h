#pragma once
// "HOST:PORT" (an IPv4 address, "[IPv6]:PORT" or a host name) to the first
// UDP endpoint the resolver gives.
#include <optional>
#include <string>

#include "common/ip.h"

namespace natlab::realnet {

std::optional<Endpoint> resolve_udp(const std::string& host_port, std::string& error);

}  // namespace natlab::realnet
