#pragma once
// A run's trace (trace.jsonl records) indexed for conformance checks: packets
// with their bytes, the STUN messages they carry (TURN framing unwrapped),
// agent events, NAT decisions, and which ICE agent owns which socket.
//
// TCP segments carry slices of byte streams: each direction of a connection
// is reassembled per wire by sequence number (from its SYN on), and the
// stream is cut into messages: RFC 4571 frames (2-byte length, then the
// packet) for ICE-TCP (RFC 6544 3), STUN and ChannelData back to back on a
// connection to a STUN/TURN service (RFC 5389 7.2.2, RFC 5766 11.5). A
// message is attributed to the segment that completed it, so its addresses
// are the connection's on that wire.
//
// Every packet appears once per wire it crosses. A check about what a sender
// did looks at first hops (the wire leaving a host or a server); a check
// about what a receiver got looks at last hops (the wire into a host or a
// server) that were not lost.
#include <cstdint>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "agents/stun/message.h"
#include "common/ip.h"
#include "common/time.h"
#include "sim/scenario.h"

namespace natlab::reports::checks {

using Json = nlohmann::json;

enum class NodeKind { Internet, Server, Nat, Host, Unknown };

struct Packet {
  std::size_t record = 0;  // index into records(); trace.jsonl line = record + 1
  Time t{};
  std::string wire, from, to;
  Endpoint src, dst;
  std::string proto;       // udp | tcp
  std::size_t size = 0;
  bool lost = false;
  // UDP: STUN or ChannelData bytes, empty for other payloads; TCP: the
  // segment's data (a slice of the stream), whatever it carries.
  std::vector<std::uint8_t> payload;
  std::uint32_t seq = 0;   // TCP: the segment's sequence number
  std::string flags;       // TCP: "SYN", "SYN,ACK", "ACK", "FIN,ACK", "RST", ...
  bool first_hop = false;  // `from` is a host or a server: the packet as sent
  bool last_hop = false;   // `to` is a host or a server: the packet as received (unless lost)
  // A first hop from a server whose source is not one of the server's
  // STUN/TURN service ports: a TURN server relaying data from a relayed address.
  bool relay_hop = false;
  // When the sender may have handed the packet to its link: a packet that
  // starts the moment the previous one on this wire and direction finished
  // may have waited behind it, so this is the start of that busy period
  // (computed from sizes and the link's bandwidth); otherwise `t`.
  Time busy_since{};
};

enum class Carrier { Direct, SendIndication, DataIndication, ChannelData };
const char* to_string(Carrier c);

// A STUN message carried by a packet, directly or inside TURN framing
// (relayed ICE checks travel inside Send/Data indications and ChannelData).
struct StunOnWire {
  const Packet* packet = nullptr;
  Carrier carrier = Carrier::Direct;
  stun::Message message;
  std::vector<std::uint8_t> bytes;  // the STUN message's own bytes
  bool tcp() const { return packet && packet->proto == "tcp"; }  // taken from a TCP stream
  // Transport addresses of the message itself: the packet's for Direct; for
  // wrapped messages the relayed address and the peer, when the trace shows
  // them (an Allocate success / ChannelBind earlier on the same 5-tuple).
  std::optional<Endpoint> src, dst;
  bool is_ice_check() const;  // Binding request carrying PRIORITY (RFC 5245 7.1.2.1)
};

// A payload that looked like STUN or ChannelData (RFC 7983 first byte) but
// did not decode.
struct Malformed {
  const Packet* packet = nullptr;
  std::string error;
  std::vector<std::uint8_t> bytes;  // the datagram's payload, or the message cut from a TCP stream
};

// One message cut from a TCP stream as a first hop carried it: an RFC 4571
// frame's payload (STUN or media) or a STUN/ChannelData message to or from a
// service; `packet` is the segment that completed it.
struct StreamMessage {
  const Packet* packet = nullptr;
  std::vector<std::uint8_t> bytes;
};

struct AgentInfo {
  std::string name;                  // the scenario's agent name
  const sim::Agent* config = nullptr;
  std::string host;                  // its host node
  std::vector<Endpoint> sockets;     // addresses of its host candidates (its bound sockets)
  std::vector<Json> candidates;      // `candidate` objects of its candidate-gathered events
};

class TraceView {
 public:
  TraceView(const sim::Scenario& scenario, std::vector<Json> records);
  // One JSON object per line; throws std::runtime_error on a line that is not JSON.
  static TraceView from_jsonl(const sim::Scenario& scenario, std::string_view text);

  TraceView(const TraceView&) = delete;
  TraceView& operator=(const TraceView&) = delete;
  TraceView(TraceView&&) = default;

  const sim::Scenario& scenario() const { return *scenario_; }
  const std::vector<Json>& records() const { return records_; }
  const std::vector<Packet>& packets() const { return packets_; }
  // Every STUN message on a first hop / on a last hop that was not lost, in trace order.
  const std::vector<StunOnWire>& sent_stun() const { return sent_; }
  const std::vector<StunOnWire>& received_stun() const { return received_; }
  // ChannelData frames and STUN payloads that did not decode, first hops only.
  const std::vector<Malformed>& malformed() const { return malformed_; }
  // Every message cut from TCP streams on first hops, media frames included.
  const std::vector<StreamMessage>& sent_stream_messages() const { return sent_stream_; }

  // `kind: agent` records, optionally of one event name / one agent.
  std::vector<const Json*> events(std::string_view event) const;
  std::vector<const Json*> events_of(std::string_view agent, std::string_view event = {}) const;
  // `kind: nat` records, optionally of one NAT.
  std::vector<const Json*> nat_records(std::string_view nat = {}) const;

  NodeKind node_kind(std::string_view node) const;
  const std::vector<AgentInfo>& agents() const { return agents_; }
  const AgentInfo* agent(std::string_view name) const;
  // The ICE agent one of whose host candidates is at `ep`.
  const AgentInfo* agent_by_socket(const Endpoint& ep) const;
  // The socket (host candidate address) a message left from (`sent`) or
  // arrived at: the packet's own address, except on a TCP connection that an
  // active candidate of an agent on that host opened from an ephemeral port,
  // which belongs to that candidate, signalled at port 9 (RFC 6544 4.5, 7.1).
  Endpoint local_socket(const StunOnWire& m, bool sent) const;
  // STUN/TURN service endpoints of the scenario's servers ("server:port").
  bool is_service_endpoint(const Endpoint& ep) const;

  // Where to look: "t=1.234567 s, trace line 42, wire alice-pc<->nat-a, 10.0.0.2:40000 -> 203.0.113.5:3478".
  std::string where(const Packet& p) const;
  // The same plus the message: ", Binding Request tid=0123456789abcdef01234567".
  std::string where(const StunOnWire& m) const;
  // "t=1.234567 s, trace line 42, agent A event check-sent".
  std::string where_record(const Json& record) const;

  static Time time_of(const Json& record);
  static std::string format_time(Time t);  // "1.234567 s"
  std::size_t index_of(const Json& record) const;  // position in records()

 private:
  void index_packets();
  void unwrap(const Packet& p, std::span<const std::uint8_t> payload, std::vector<StunOnWire>& out,
              bool record_malformed);
  // Reassembles TCP segments into per-wire, per-direction streams and hands
  // each message cut from them to unwrap().
  void index_streams();
  void index_agents();
  void index_records();

  const sim::Scenario* scenario_;
  std::vector<Json> records_;
  std::vector<Packet> packets_;
  std::vector<StunOnWire> sent_, received_;
  std::vector<Malformed> malformed_;
  std::vector<StreamMessage> sent_stream_;
  std::vector<AgentInfo> agents_;
  // Agent and NAT records by name, built once: checks ask for them often,
  // and a scan of a 1,000-session trace per question made runs quadratic.
  std::map<std::string, std::vector<const Json*>, std::less<>> events_by_name_;
  std::map<std::pair<std::string, std::string>, std::vector<const Json*>, std::less<>> events_by_agent_;
  std::map<std::string, std::vector<const Json*>, std::less<>> nat_by_name_;
  // Learned from the wire as packets are indexed: the relayed address of a
  // client/server 5-tuple, and the peer of a channel on it.
  struct TupleKey {
    Endpoint a, b;
    std::uint16_t channel = 0;
    auto operator<=>(const TupleKey&) const = default;
  };
  std::vector<std::pair<TupleKey, Endpoint>> relayed_of_, peer_of_channel_;
  const Endpoint* lookup(const std::vector<std::pair<TupleKey, Endpoint>>& table, const TupleKey& k) const;
};

// RFC 6544 4.5: an active TCP candidate is signalled with port 9 (the
// discard port) and opens its connections from an ephemeral port; RFC 6544
// 7.1: a check on such a connection belongs to the active candidate. True
// when a TCP connection's local address is `candidate` itself (a passive or
// simultaneous-open candidate) or, for an active one, on its IP address.
inline constexpr std::uint16_t kActiveTcpPort = 9;
bool tcp_local_of(const Endpoint& candidate, const Endpoint& connection_local);

// Hex of a transaction ID, as in trace summaries.
std::string tid_hex(const stun::TransactionId& tid);
// Trace record fields: the string at `key` ("" when absent or not a string),
// and the "IP:port" at `key` (nullopt when absent or malformed).
std::string json_string(const Json& j, const char* key);
std::optional<Endpoint> json_endpoint(const Json& j, const char* key);
std::string describe(const stun::Message& m);  // "Binding Request tid=..."

}  // namespace natlab::reports::checks
