#pragma once
// What the RFC 5389 checks share: which copy of a STUN message is the one
// its sender put on the wire and which is the one its addressee got, the
// transport addresses each side saw, a tolerant walk over raw bytes (for
// messages the codec rejects), and requests paired with their responses.
//
// A relayed message shows up more than once among first hops: inside the
// client's Send indication or ChannelData, and again as the TURN server's
// relay transmission (or inside its Data indication). Only the copy its
// originator sent counts as "sent"; only the copy its addressee took off the
// wire counts as "received".
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "reports/checks/trace_view.h"

namespace natlab::reports::checks {

// The sender's own transmission: not a TURN server relaying or wrapping
// someone else's message.
bool original_send(const TraceView& trace, const StunOnWire& m);
// The copy as its addressee received it: not a TURN server taking in a
// message it is about to relay.
bool final_receipt(const TraceView& trace, const StunOnWire& m);

// The node that sent / received the message itself (host or server name).
const std::string& sender_node(const StunOnWire& m);
const std::string& receiver_node(const StunOnWire& m);

// Transport addresses of the message at its sender and at its addressee.
// For a relayed message these are the relayed address and the peer; nullopt
// when the trace does not show them (a channel bound before the trace began).
std::optional<Endpoint> source_of(const StunOnWire& m);
std::optional<Endpoint> destination_of(const StunOnWire& m);

// RFC 5389 6 and 15, read from the bytes without trusting them: header
// fields and each attribute's place, as far as the bytes go.
struct RawAttribute {
  std::uint16_t type = 0;
  std::size_t offset = 0;  // of the attribute header
  std::span<const std::uint8_t> value;
};
struct RawStun {
  bool header = false;        // at least 20 bytes
  bool top_bits_zero = false;
  std::uint16_t type = 0;
  std::uint16_t length = 0;   // the header's message length field
  std::uint32_t cookie = 0;
  std::vector<RawAttribute> attributes;
  // What is wrong with the framing, empty when nothing: "length 22 is not a
  // multiple of 4", "attribute 0x0006 runs past the end", ...
  std::string framing_error;
};
RawStun walk(std::span<const std::uint8_t> bytes);

// One response paired with the request it answers: the latest copy of a
// request with the same transaction ID that the responding node received
// before it sent the response, preferring one received on the address the
// response leaves from.
struct Answered {
  const StunOnWire* response = nullptr;
  const StunOnWire* request = nullptr;     // nullptr: no such request reached the responder
  const StunOnWire* indication = nullptr;  // an indication with that ID that did
};
std::vector<Answered> answered(const TraceView& trace);

// The transmissions of one request or indication by its sender, in trace
// order: the same transaction ID sent from the same socket of the same node.
struct SentTransaction {
  std::string node;
  Endpoint socket;
  stun::TransactionId tid{};
  std::vector<const StunOnWire*> sends;
};
// Original sends of requests (or of indications), grouped, in the order of
// each group's first send.
std::vector<SentTransaction> sent_transactions(const TraceView& trace, stun::Class cls);

// Requests and indications as received by their addressee, in trace order.
std::vector<const StunOnWire*> received_requests(const TraceView& trace);

std::string ms_text(Duration d);  // "100.000 ms"
std::string plural(std::size_t n, const char* one, const char* many);  // "1 request", "3 requests"

}  // namespace natlab::reports::checks
