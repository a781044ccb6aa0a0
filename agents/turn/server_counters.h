#pragma once
// Counters of a TURN server: what it answered, relayed and dropped (and why).
#include <cstdint>
#include <map>

namespace natlab::turn {

struct TurnServerCounters {
  std::uint64_t received_from_clients = 0;
  std::uint64_t received_from_peers = 0;

  std::uint64_t success_responses = 0;
  std::uint64_t retransmitted_allocate_responses = 0;  // RFC 5766 6.2 NOTE
  std::map<int, std::uint64_t> error_responses;        // by ERROR-CODE
  std::uint64_t errors(int code) const {
    auto it = error_responses.find(code);
    return it == error_responses.end() ? 0 : it->second;
  }

  std::uint64_t dropped_malformed = 0;        // neither valid STUN nor ChannelData
  std::uint64_t dropped_unknown_local = 0;    // arrived on a socket that is not ours
  std::uint64_t dropped_not_request = 0;      // responses, and indications other than Send
  std::uint64_t dropped_no_allocation = 0;    // RFC 5766 4: indication/ChannelData, no allocation
  std::uint64_t dropped_bad_indication = 0;   // RFC 5766 10.2: missing/invalid attributes
  std::uint64_t dropped_no_permission = 0;    // RFC 5766 8, 10.2: both directions
  std::uint64_t dropped_unbound_channel = 0;  // RFC 5766 11.6
  std::uint64_t dropped_oversize = 0;         // payload above max_payload or unframeable
  std::uint64_t relay_ports_unusable = 0;     // refused by relay_port_usable

  std::uint64_t tcp_connections_accepted = 0;
  std::uint64_t tcp_connections_closed = 0;   // by the client (FIN or RST)
  std::uint64_t tcp_framing_errors = 0;       // garbage or overflow: connection closed
  std::uint64_t tcp_listen_failures = 0;

  std::uint64_t relayed_to_peer_packets = 0;
  std::uint64_t relayed_to_peer_bytes = 0;  // application bytes
  std::uint64_t relayed_to_client_packets = 0;
  std::uint64_t relayed_to_client_bytes = 0;
};

}  // namespace natlab::turn
