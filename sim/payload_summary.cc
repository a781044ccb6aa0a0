#include "sim/payload_summary.h"

#include <cstdio>

#include "agents/stun/channel_data.h"
#include "agents/stun/demux.h"
#include "agents/stun/message.h"
#include "agents/stun/summary.h"

namespace natlab::sim {

std::string summarize_payload(std::span<const std::uint8_t> payload) {
  switch (stun::classify(payload)) {
    case stun::PacketKind::Stun: {
      auto r = stun::decode(payload);
      if (!r) return std::string("malformed STUN: ") + stun::to_string(r.error);
      return stun::summarize(*r.message);
    }
    case stun::PacketKind::ChannelData: {
      auto r = stun::decode_channel_data(payload);
      if (!r.frame) return "malformed ChannelData";
      char buf[64];
      std::snprintf(buf, sizeof buf, "ChannelData 0x%04X len=%zu", r.frame->channel, r.frame->data.size());
      return buf;
    }
    default:
      return {};
  }
}

}  // namespace natlab::sim
