#pragma once
// TURN server core (RFC 5766) over UDP, sans-IO. The caller owns a socket for
// every endpoint of local_endpoints() (the listening endpoints, plus one per
// live allocation: watch poll_event() for AllocationCreated / Deleted), passes
// each datagram with the socket it arrived on, sends each Transmit from the
// socket it names, and calls handle_timeout() at poll_timeout().
//
// Clients may also reach it over TCP (RFC 5766 2.1) on config.tcp_listening:
// it asks for the listeners through poll_stream_request() and takes the
// connections' bytes in handle_stream_event() (common/stream_io.h). Each
// connection is a 5-tuple with transport TCP; its allocations still relay
// over UDP, and closing the connection deletes its allocation.
//
// It also answers plain STUN Binding requests on the listening endpoints.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "agents/stun/message.h"
#include "agents/turn/allocation_table.h"
#include "agents/turn/nonce.h"
#include "agents/turn/relay_ports.h"
#include "agents/turn/server_config.h"
#include "agents/turn/server_counters.h"
#include "agents/turn/server_events.h"
#include "agents/turn/stream_deframer.h"
#include "common/ip.h"
#include "common/rng.h"
#include "common/stream_io.h"
#include "common/time.h"
#include "common/transmit.h"

namespace natlab::turn {

class TurnServer {
 public:
  TurnServer(TurnServerConfig config, Rng rng);

  // `local` is a listening endpoint (client traffic) or a relayed transport
  // address (peer traffic).
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes);
  void handle_timeout(Time now);

  std::optional<Transmit> poll_transmit();
  // The next expiry of an allocation, permission, channel binding, channel
  // guard or port reservation. (Nonces are stateless and need no timer.)
  std::optional<Time> poll_timeout() const;
  std::optional<ServerEvent> poll_event();
  // TCP (server_streams.cc): a StreamListen per config.tcp_listening entry
  // first, then sends and closes on the clients' connections.
  std::optional<StreamRequest> poll_stream_request();
  void handle_stream_event(Time now, const StreamEvent& event);
  std::size_t connection_count() const { return connections_.size(); }

  // Listening endpoints first, then every live relayed transport address and
  // every port held for a RESERVATION-TOKEN.
  std::vector<Endpoint> local_endpoints() const;
  // Bumped whenever local_endpoints() changes (an allocation made or deleted,
  // a reservation lapsed).
  std::uint64_t endpoints_version() const { return endpoints_version_; }

  const TurnServerCounters& counters() const { return counters_; }
  const TurnServerConfig& config() const { return config_; }

  // Introspection for tests, traces and the fuzzer.
  std::size_t allocation_count() const { return allocations_.size(); }
  std::size_t reservation_count() const { return ports_.reserved(); }
  std::size_t permission_count() const;  // over all allocations
  std::size_t channel_count() const;
  const Allocation* find_allocation(const FiveTuple& tuple) const { return allocations_.find(tuple); }
  const Allocation* find_relayed(const Endpoint& relayed) const { return allocations_.find_relayed(relayed); }
  const AllocationTable& allocations() const { return allocations_; }

 private:
  struct Request {
    Time now;
    Endpoint local;
    Endpoint remote;
    const stun::Message& msg;
    std::span<const std::uint8_t> bytes;
    Transport transport;
    FiveTuple tuple() const { return FiveTuple{remote, local, transport}; }
  };
  struct Credentials {
    std::string username;
    stun::IntegrityKey key;
  };

  // server.cc: dispatch and housekeeping
  bool is_listening(const Endpoint& ep) const;
  void handle_client(Time now, const FiveTuple& tuple, std::span<const std::uint8_t> bytes);
  void handle_request(const Request& r);
  void housekeeping(Time now);
  void refresh_deadline();
  void delete_allocation(const FiveTuple& tuple, DeleteReason reason);

  // server_auth.cc
  std::optional<Credentials> authenticate(const Request& r);
  std::vector<std::uint16_t> unknown_required(const stun::Message& m) const;
  // Steps every non-Allocate request shares: authentication, 420, 437, 441.
  Allocation* authorized_allocation(const Request& r, Credentials& creds);

  // server_streams.cc
  // RFC 5766 4: whatever goes to a client goes on its 5-tuple: a datagram,
  // or bytes on its TCP connection (dropped if the connection is gone).
  void to_client(const FiveTuple& tuple, std::vector<std::uint8_t> bytes);
  void close_connection(StreamId id, CloseMode mode);

  // server_reply.cc
  stun::Message reply(const Request& r, stun::Class cls) const;
  std::vector<std::uint8_t> respond(const Request& r, stun::Message m, const stun::IntegrityKey* key);
  void reject(const Request& r, int code, const stun::IntegrityKey* key,
              std::vector<std::uint16_t> unknown = {});
  void challenge(const Request& r, int code);  // 401 / 438 with REALM and NONCE
  void answer_binding(const Request& r);

  // server_allocate.cc
  void handle_allocate(const Request& r);
  void handle_refresh(const Request& r);
  Duration granted_lifetime(const stun::Message& m) const;
  // server_address_family.cc: RFC 6156 4.2; false when it answered.
  bool check_address_family(const Request& r, const stun::IntegrityKey* key, bool has_token);
  bool relay_port_usable(std::uint16_t port);
  std::optional<std::uint16_t> acquire_usable_port(bool even);
  // RFC 5766 6.2 EVEN-PORT with R = 1: usable ports N and N+1, N+1 reserved.
  std::optional<std::pair<std::uint16_t, Token>> acquire_usable_even_pair(Time now);

  // server_peers.cc
  void handle_create_permission(const Request& r);
  void handle_channel_bind(const Request& r);
  bool allowed_peer(const IpAddress& peer) const;
  void install_permission(Allocation& a, const IpAddress& peer, Time now);
  void lower_deadline(Time t);  // a new expiry at t exists

  // server_relay.cc
  void handle_send(Time now, const FiveTuple& tuple, const stun::Message& m);
  void handle_channel_data(Time now, const FiveTuple& tuple, std::span<const std::uint8_t> bytes);
  void handle_peer(Time now, Allocation& a, const Endpoint& peer, std::span<const std::uint8_t> bytes);
  void to_peer(const Allocation& a, const Endpoint& peer, std::span<const std::uint8_t> data);

  TurnServerConfig config_;
  Rng rng_;
  NonceIssuer nonces_;
  std::map<std::string, stun::IntegrityKey> keys_;  // long-term key per username
  RelayPortPool ports_;
  AllocationTable allocations_;
  TurnServerCounters counters_;
  std::deque<Transmit> out_;
  std::deque<ServerEvent> events_;
  struct TcpConnection {
    FiveTuple tuple;
    StreamDeframer deframer;
  };
  std::deque<StreamRequest> stream_out_;
  std::map<StreamId, std::size_t> listeners_;  // listener id -> index in tcp_listening
  std::map<StreamId, TcpConnection> connections_;
  std::map<FiveTuple, StreamId> connection_by_tuple_;
  std::optional<Time> deadline_;  // earliest housekeeping instant
  bool deadline_dirty_ = false;
  std::uint64_t endpoints_version_ = 0;
};

}  // namespace natlab::turn
