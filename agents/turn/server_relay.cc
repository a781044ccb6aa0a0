// TurnServer: relaying application data. Client -> peer by Send indication
// (RFC 5766 10.2) or ChannelData (11.6); peer -> client by Data indication
// (10.3) or ChannelData (11.7). Every direction needs a live permission for
// the peer's IP address, so the server is never an open relay.
#include <utility>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/turn/server.h"

namespace natlab::turn {

using namespace natlab::stun;

void TurnServer::to_peer(const Allocation& a, const Endpoint& peer, std::span<const std::uint8_t> data) {
  // RFC 5766 10.2 / 11.6: source is the relayed transport address,
  // destination the peer, payload the application data.
  out_.push_back(Transmit{a.relayed, peer, std::vector<std::uint8_t>(data.begin(), data.end())});
  ++counters_.relayed_to_peer_packets;
  counters_.relayed_to_peer_bytes += data.size();
}

void TurnServer::handle_send(Time now, const FiveTuple& tuple, const Message& m) {
  // RFC 5766 4: an indication on a 5-tuple with no allocation is "silently ignored".
  Allocation* a = allocations_.find(tuple);
  if (!a) {
    ++counters_.dropped_no_allocation;
    return;
  }
  // RFC 5389 7.3.2: an indication with an unknown comprehension-required
  // attribute is discarded. RFC 5766 10.2: so is a DONT-FRAGMENT the server
  // cannot honour ("acts as if the DONT-FRAGMENT attribute is an unknown
  // comprehension-required attribute"). A server that can set DF accepts it.
  if (!unknown_required(m).empty() || (m.find(attr::DontFragment) && !config_.dont_fragment_supported)) {
    ++counters_.dropped_bad_indication;
    return;
  }
  // RFC 5766 10.2: "MUST contain both an XOR-PEER-ADDRESS attribute and a
  // DATA attribute. If one of these attributes is missing or invalid, then
  // the message is discarded." (DATA may be empty.)
  auto peer = m.get<XorPeerAddress>();
  auto data = m.get<DataAttr>();
  if (!peer || !data) {
    ++counters_.dropped_bad_indication;
    return;
  }
  if (data->bytes.size() > config_.max_payload) {
    ++counters_.dropped_oversize;
    return;
  }
  // RFC 5766 10.2: no permission for the peer's IP address -> discarded;
  // "a Send indication never causes the server to refresh the permission".
  if (!a->permissions.permits(peer->endpoint.address, now)) {
    ++counters_.dropped_no_permission;
    return;
  }
  to_peer(*a, peer->endpoint, data->bytes);
}

void TurnServer::handle_channel_data(Time now, const FiveTuple& tuple, std::span<const std::uint8_t> bytes) {
  // RFC 5766 11.6: a UDP datagram shorter than 4 + length is discarded;
  // bytes beyond the frame (padding) are allowed.
  auto frame = decode_channel_data(bytes, false);
  if (!frame) {
    ++counters_.dropped_malformed;
    return;
  }
  Allocation* a = allocations_.find(tuple);
  if (!a) {
    ++counters_.dropped_no_allocation;  // RFC 5766 4
    return;
  }
  // RFC 5766 11.6: "received on a channel that is not bound to any peer,
  // then the message is silently discarded".
  const ChannelBinding* b = a->channels.by_number(frame.frame->channel);
  if (!b) {
    ++counters_.dropped_unbound_channel;
    return;
  }
  if (frame.frame->data.size() > config_.max_payload) {
    ++counters_.dropped_oversize;
    return;
  }
  // The binding outlives its permission (600 s vs 300 s) unless the client
  // refreshes it; RFC 5766 11.6 says receipt "MUST NOT refresh either the
  // channel binding or the permission", and like a Send indication (10.2) the
  // datagram needs a live permission to leave.
  if (!a->permissions.permits(b->peer.address, now)) {
    ++counters_.dropped_no_permission;
    return;
  }
  to_peer(*a, b->peer, frame.frame->data);
}

void TurnServer::handle_peer(Time now, Allocation& a, const Endpoint& peer, std::span<const std::uint8_t> bytes) {
  // RFC 5766 8: "If no match is found, relaying is not permitted, and the
  // server silently discards the UDP datagram" — addresses only, not ports.
  if (!a.permissions.permits(peer.address, now)) {
    ++counters_.dropped_no_permission;
    return;
  }
  if (bytes.size() > config_.max_payload) {
    ++counters_.dropped_oversize;
    return;
  }
  std::vector<std::uint8_t> frame;
  if (const ChannelBinding* b = a.channels.by_peer(peer)) {
    // RFC 5766 11.7 -> 11.5: a bound peer's data goes as ChannelData; over
    // UDP the padding is optional and omitted, "over TCP ... the ChannelData
    // message MUST be padded to a multiple of four bytes".
    frame = encode(ChannelData{b->number, std::vector<std::uint8_t>(bytes.begin(), bytes.end())},
                   a.tuple.transport == Transport::Tcp);
  } else {
    // RFC 5766 10.3: otherwise a Data indication with XOR-PEER-ADDRESS (the
    // datagram's source) and DATA.
    Message m;
    m.cls = Class::Indication;
    m.method = static_cast<std::uint16_t>(Method::Data);
    rng_.fill(m.transaction_id);
    m.add(XorPeerAddress{peer});
    m.add(DataAttr{std::vector<std::uint8_t>(bytes.begin(), bytes.end())});
    // The STUN length field is 16 bits: payloads near the UDP maximum do not
    // fit an indication (only ChannelData).
    std::size_t body = 0;
    for (const auto& at : m.attributes) body += 4 + (at.value.size() + 3) / 4 * 4;
    if (config_.fingerprint) body += 8;
    if (body > 0xFFFF) {
      ++counters_.dropped_oversize;
      return;
    }
    EncodeOptions opts;
    opts.fingerprint = config_.fingerprint;
    frame = encode(m, opts);
  }
  // RFC 5766 10.3: "sent on the 5-tuple associated with the allocation".
  to_client(a.tuple, std::move(frame));
  ++counters_.relayed_to_client_packets;
  counters_.relayed_to_client_bytes += bytes.size();
}

}  // namespace natlab::turn
