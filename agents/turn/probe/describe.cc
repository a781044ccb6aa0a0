#include "agents/turn/probe/describe.h"

#include <cstdio>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/stun/summary.h"
#include "common/hex.h"

namespace natlab::turn::probe {

std::string tid_hex(const stun::TransactionId& tid) { return to_hex(tid); }

int error_code(const stun::Message& m) {
  if (m.cls != stun::Class::Error) return 0;
  auto ec = m.get<stun::ErrorCode>();
  return ec ? ec->code : 0;
}

std::string describe(const stun::Message& m) {
  std::string out = stun::method_name(m.method);
  switch (m.cls) {
    case stun::Class::Request: out += " request"; break;
    case stun::Class::Indication: out += " indication"; break;
    case stun::Class::Success: out += " success"; break;
    case stun::Class::Error: {
      out += " error";
      if (auto ec = m.get<stun::ErrorCode>()) {
        out += " " + std::to_string(ec->code);
        // Some servers pad the reason phrase with spaces.
        std::string reason = ec->reason;
        while (!reason.empty() && (reason.back() == ' ' || reason.back() == '\0')) reason.pop_back();
        if (!reason.empty()) out += " (" + reason + ")";
      } else {
        out += " without ERROR-CODE";
      }
      break;
    }
  }
  return out + ", tid " + tid_hex(m.transaction_id);
}

std::string describe_datagram(std::span<const std::uint8_t> bytes) {
  if (auto d = stun::decode(bytes)) return describe(*d.message);
  if (auto cd = stun::decode_channel_data(bytes)) {
    char ch[8];
    std::snprintf(ch, sizeof ch, "0x%04X", cd.frame->channel);
    return "ChannelData " + std::string(ch) + " with " + std::to_string(cd.frame->data.size()) +
           " data bytes in a " + std::to_string(bytes.size()) + "-byte datagram";
  }
  return "a " + std::to_string(bytes.size()) + "-byte datagram";
}

}  // namespace natlab::turn::probe
