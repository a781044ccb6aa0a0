// TurnClient data path: Send indications and ChannelData out, Data
// indications and ChannelData in (RFC 5766 10, 11).
#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/turn/client.h"

namespace natlab::turn {

bool TurnClient::send(Time /*now*/, const Endpoint& peer, std::span<const std::uint8_t> data) {
  if (state_ != ClientState::Allocated) return false;
  std::vector<std::uint8_t> payload(data.begin(), data.end());
  if (auto number = channel(peer)) {
    // RFC 5766 11.5: once the binding is confirmed, ChannelData; padding is
    // optional over UDP and left out, and "over TCP ... MUST be padded to a
    // multiple of four bytes".
    to_server(stun::encode(stun::ChannelData{*number, std::move(payload)}, over_tcp()));
    ++counters_.channel_data_sent;
    return true;
  }
  // RFC 5766 10.1: a Send indication with XOR-PEER-ADDRESS and DATA; no
  // credentials, since indications cannot be challenged.
  stun::Message m;
  m.cls = stun::Class::Indication;
  m.method = static_cast<std::uint16_t>(stun::Method::Send);
  // RFC 5389 6: transaction IDs are random even for indications.
  rng_.fill(m.transaction_id);
  m.add(stun::XorPeerAddress{peer});
  m.add(stun::DataAttr{std::move(payload)});
  stun::EncodeOptions opts;
  opts.fingerprint = config_.fingerprint;
  to_server(stun::encode(m, opts));
  ++counters_.send_indications;
  return true;
}

bool TurnClient::handle_data_indication(const stun::Message& m) {
  if (state_ != ClientState::Allocated) return false;
  auto peer = m.get<stun::XorPeerAddress>();
  auto data = m.get<stun::DataAttr>();
  // RFC 5766 10.4: discard a Data indication lacking XOR-PEER-ADDRESS or
  // DATA, and (SHOULD) one from a peer we hold no permission for.
  if (!peer || !data) return false;
  if (!permissions_.installed(peer->endpoint.address)) return false;
  ++counters_.data_indications_received;
  emit(DataReceived{peer->endpoint, std::move(data->bytes), std::nullopt});
  return true;
}

bool TurnClient::handle_channel_data(std::span<const std::uint8_t> bytes) {
  if (state_ != ClientState::Allocated) return false;
  stun::ChannelDataDecodeResult r = stun::decode_channel_data(bytes);
  if (!r) return false;
  // RFC 5766 11.6: ChannelData on a channel not bound to a peer is discarded.
  auto peer = channels_.bound_peer(r.frame->channel);
  if (!peer) return false;
  ++counters_.channel_data_received;
  emit(DataReceived{*peer, std::move(r.frame->data), r.frame->channel});
  return true;
}

}  // namespace natlab::turn
