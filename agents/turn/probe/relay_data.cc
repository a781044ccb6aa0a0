#include "agents/turn/probe/relay_data.h"

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/turn/probe/describe.h"

namespace natlab::turn::probe {

ClientData read_client_data(const Received& r) {
  ClientData out;
  out.description = describe_datagram(r.bytes) + " from " + r.from.to_string();
  if (auto d = stun::decode(r.bytes)) {
    const stun::Message& m = *d.message;
    if (m.cls == stun::Class::Indication && m.method_enum() == stun::Method::Data) {
      out.framing = ClientData::Framing::DataIndication;
      if (auto p = m.get<stun::XorPeerAddress>()) out.peer = p->endpoint;
      if (auto data = m.get<stun::DataAttr>()) out.data = data->bytes;
    }
    return out;
  }
  if (auto cd = stun::decode_channel_data(r.bytes)) {
    out.framing = ClientData::Framing::ChannelData;
    out.channel = cd.frame->channel;
    out.data = cd.frame->data;
  }
  return out;
}

bool carries(const std::vector<Received>& got, const std::vector<std::uint8_t>& data, bool at_client) {
  for (const auto& r : got) {
    if (at_client ? read_client_data(r).data == data : r.bytes == data) return true;
  }
  return false;
}

}  // namespace natlab::turn::probe
