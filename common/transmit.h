#pragma once
// A datagram a sans-IO machine asks its caller to send: from which of its local
// transport addresses, to where.
#include <cstdint>
#include <vector>

#include "common/ip.h"

namespace natlab {

struct Transmit {
  Endpoint local;   // the socket to send from
  Endpoint remote;  // destination
  std::vector<std::uint8_t> bytes;
};

}  // namespace natlab
