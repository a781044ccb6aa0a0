#pragma once
// Reading relayed data back: what a client socket got from the server
// (Data indication or ChannelData) and what a peer socket got.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agents/turn/probe/context.h"

namespace natlab::turn::probe {

// Socket roles in the relay and channel cases: the client first, then the
// peers the probe owns.
constexpr SocketIdx kClient = 0, kPeer = 1, kPeer2 = 2;

struct ClientData {
  enum class Framing { DataIndication, ChannelData, Other } framing = Framing::Other;
  std::optional<Endpoint> peer;        // XOR-PEER-ADDRESS of a Data indication
  std::optional<std::uint16_t> channel;
  std::vector<std::uint8_t> data;      // DATA, or the ChannelData payload
  std::string description;
};

// A datagram at a client socket, read as relayed data.
ClientData read_client_data(const Received& r);

// True if any datagram of the list carries `data` (as relayed data when
// at_client, as the raw datagram at a peer).
bool carries(const std::vector<Received>& got, const std::vector<std::uint8_t>& data, bool at_client);

}  // namespace natlab::turn::probe
