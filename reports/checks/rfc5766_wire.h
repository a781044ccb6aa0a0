#pragma once
// What the wire says about the TURN servers of a run (RFC 5766): each TURN
// request as a server received it paired with the answer it sent, and from
// the answers the state the server must have held: allocations with their
// lifetimes, permissions (RFC 5766 8) and channel bindings (RFC 5766 11).
//
// The state is rebuilt from what went over the wire, not from what the
// server says about itself, so the TURN checks can hold the server's own
// events against it. Times are those of the server's answers: the server
// acts on a request the instant it answers it, and a first hop is traced
// when it leaves the server.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "reports/checks/trace_view.h"

namespace natlab::reports::checks {

// RFC 5766 8: "The Permission Lifetime MUST be 300 seconds (= 5 minutes)."
constexpr Duration kPermissionLifetime = std::chrono::seconds(300);
// RFC 5766 11: "A channel binding lasts for 10 minutes unless refreshed."
constexpr Duration kChannelLifetime = std::chrono::seconds(600);
// A packet is traced when it starts to leave its node; behind others on the
// server's link it may start a little after the server decided to send it.
constexpr Duration kServerQueueSlack = std::chrono::milliseconds(1);

// A 5-tuple at a TURN server (RFC 5766 2.2): the client's transport address
// as the server sees it (after any NAT) and the server's service endpoint.
struct TurnTuple {
  Endpoint client;
  Endpoint server;
  auto operator<=>(const TurnTuple&) const = default;
  std::string to_string() const { return client.to_string() + " <-> " + server.to_string(); }
};

// A TURN message sent to or by a server's service endpoint (carrier Direct).
bool is_turn_method(const stun::Message& m);
bool to_turn_server(const TraceView& trace, const StunOnWire& m);    // as a server received it
bool from_turn_server(const TraceView& trace, const StunOnWire& m);  // as a server sent it
bool from_host_to_server(const TraceView& trace, const StunOnWire& m);  // as a client sent it
bool to_host_from_server(const TraceView& trace, const StunOnWire& m);  // as a client received it

// A server's answer to a TURN request, with the request it answers: the
// last reception, on the same 5-tuple and transaction, before the answer.
struct TurnExchange {
  TurnTuple tuple;
  std::string server;                    // the server's node name
  const StunOnWire* response = nullptr;  // as sent by the server
  const StunOnWire* request = nullptr;   // as received by it; null if the trace has none
  Time t() const { return response->packet->t; }
  bool success() const { return response->message.cls == stun::Class::Success; }
  int error_code() const;  // 0 for a success or an error without ERROR-CODE
};

struct PermissionSpan {
  IpAddress peer;
  Time from{}, until{};  // installed or refreshed at `from`; expires at `until`
  const TurnExchange* by = nullptr;
};

struct ChannelSpan {
  std::uint16_t number = 0;
  Endpoint peer;
  Time from{}, until{};
  const TurnExchange* by = nullptr;
};

struct WireAllocation {
  TurnTuple tuple;
  std::string server;
  Endpoint relayed;
  std::string username;  // USERNAME of the Allocate that created it
  const TurnExchange* created_by = nullptr;
  Time created{};
  // When the allocation ends: its lifetime after the last refresh, or the
  // instant a Refresh with LIFETIME 0 was answered (RFC 5766 7.2).
  Time end{};
  const TurnExchange* deleted_by = nullptr;  // that Refresh, if any
  std::vector<PermissionSpan> permissions;
  std::vector<ChannelSpan> channels;

  bool live_at(Time t) const { return created <= t && t < end; }
  // RFC 5766 8: a permission is for an IP address only; it dies with the allocation.
  const PermissionSpan* permission_at(const IpAddress& peer, Time t, Duration slack = Duration::zero()) const;
  const ChannelSpan* channel_at(std::uint16_t number, Time t, Duration slack = Duration::zero()) const;
};

class TurnWire {
 public:
  explicit TurnWire(const TraceView& trace);
  TurnWire(const TurnWire&) = delete;
  TurnWire& operator=(const TurnWire&) = delete;

  // Every answer of every TURN server to a TURN request, in trace order.
  const std::vector<TurnExchange>& exchanges() const { return exchanges_; }
  const std::vector<WireAllocation>& allocations() const { return allocations_; }
  // The allocation with that relayed address / on that 5-tuple created last
  // at or before t (live or not).
  const WireAllocation* by_relayed(const Endpoint& relayed, Time t) const;
  const WireAllocation* by_tuple(const TurnTuple& tuple, Time t) const;
  // The answer the server sent to this message's transaction, if any.
  const TurnExchange* answer_to(const TurnTuple& tuple, const stun::TransactionId& tid) const;

 private:
  void pair_exchanges(const TraceView& trace);
  void build_allocations(const TraceView& trace);
  std::vector<TurnExchange> exchanges_;
  std::vector<WireAllocation> allocations_;
};

// The 4-byte ChannelData header (RFC 5766 11.4) of a packet whose payload
// starts like ChannelData (RFC 7983), whatever follows it.
struct ChannelDataHeader {
  std::uint16_t channel = 0;
  std::uint16_t length = 0;  // the Length field: bytes of application data
};
std::optional<ChannelDataHeader> channel_data_header(const Packet& p);

// Application data a TURN server relayed (RFC 5766 10, 11): to a peer from a
// relayed address, or to a client inside a Data indication or ChannelData.
struct RelayedByServer {
  enum Kind { ToPeer, DataIndication, ChannelData } kind = ToPeer;
  const Packet* packet = nullptr;
  const StunOnWire* indication = nullptr;  // DataIndication
  TurnTuple tuple;                         // DataIndication, ChannelData
  std::optional<Endpoint> peer;            // ToPeer: the destination; DataIndication: XOR-PEER-ADDRESS
  std::uint16_t channel = 0;               // ChannelData
};
std::vector<RelayedByServer> relayed_by_servers(const TraceView& trace);

// RFC 5766 6.2 / 7.2: the lifetime the server granted, from its answer's
// LIFETIME (or the server's configured default when the answer has none).
Duration granted_lifetime(const TraceView& trace, const TurnExchange& x);

// The scenario's TURN service of a server node, if it has one.
const sim::TurnService* turn_service(const TraceView& trace, const std::string& server);

// "300 s", "299.5 s"; "0x4000".
std::string format_seconds(Duration d);
std::string channel_hex(int channel);

// "t=..., trace line N, wire ..., Allocate Success tid=..." for an exchange's answer.
std::string where_answer(const TraceView& trace, const TurnExchange& x);

}  // namespace natlab::reports::checks
