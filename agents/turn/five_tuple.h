#pragma once
// The 5-tuple that names an allocation (RFC 5766 2.2): client transport
// address, server transport address, transport protocol.
#include <compare>
#include <string>

#include "common/ip.h"

namespace natlab::turn {

struct FiveTuple {
  Endpoint client;
  Endpoint server;
  Transport transport = Transport::Udp;
  auto operator<=>(const FiveTuple&) const = default;
  std::string to_string() const;
};

}  // namespace natlab::turn
