#pragma once
// How a probe detail names a message: method, class, error code and reason,
// transaction id ("Allocate error 401 (Unauthorized), tid 0a1b...").
#include <cstdint>
#include <span>
#include <string>

#include "agents/stun/message.h"

namespace natlab::turn::probe {

std::string tid_hex(const stun::TransactionId& tid);
std::string describe(const stun::Message& m);
// The error code of an error response, 0 for anything else.
int error_code(const stun::Message& m);
// A datagram that is not STUN: "ChannelData 0x4000, 5 bytes" or "12 bytes".
std::string describe_datagram(std::span<const std::uint8_t> bytes);

}  // namespace natlab::turn::probe
