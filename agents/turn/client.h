#pragma once
// A TURN client (RFC 5766 over UDP), sans-IO: it allocates a relayed address
// with long-term credentials, keeps the allocation, its permissions and its
// channel bindings alive by refreshing them ahead of expiry, and relays data
// through Send indications or, once a channel is bound, ChannelData.
//
// The caller owns the socket and the clock: commands and inputs take `now`;
// datagrams to send come out of poll_transmit(); handle_timeout() is due at
// poll_timeout(); what happened comes out of poll_event() (data received from
// peers included, as DataReceived).
//
// Over TCP (config.transport, RFC 5766 2.1) the client asks for its
// connection through poll_stream_request() (common/stream_io.h), frames the
// same requests and data on it, and takes the server's bytes in
// handle_stream_event(); poll_transmit() then stays empty. The server
// deletes the allocation when the connection ends, and so does the client.
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "agents/stun/message.h"
#include "agents/stun/transaction_set.h"
#include "agents/turn/client_channels.h"
#include "agents/turn/client_config.h"
#include "agents/turn/client_credentials.h"
#include "agents/turn/client_events.h"
#include "agents/turn/client_permissions.h"
#include "agents/turn/stream_deframer.h"
#include "common/ip.h"
#include "common/rng.h"
#include "common/stream_io.h"
#include "common/time.h"
#include "common/transmit.h"

namespace natlab::turn {

enum class ClientState {
  Idle,          // nothing asked yet
  Allocating,    // Allocate in progress (credential dance included)
  Allocated,     // relayed address usable
  Deallocating,  // LIFETIME 0 Refresh in progress
  Closed,        // deallocated
  Failed,        // the Allocate failed
  Expired,       // the allocation ran out or the server forgot it
};
const char* to_string(ClientState s);

struct ClientCounters {
  // Datagrams from the server the client did not act on: not STUN or
  // ChannelData, undecodable, unmatched responses, responses failing their
  // MESSAGE-INTEGRITY check, Data indications for peers without permission,
  // ChannelData on unbound channels.
  std::uint64_t ignored = 0;
  std::uint64_t send_indications = 0;
  std::uint64_t channel_data_sent = 0;
  std::uint64_t data_indications_received = 0;
  std::uint64_t channel_data_received = 0;
};

class TurnClient {
 public:
  TurnClient(TurnClientConfig config, Rng rng);

  // --- commands: false (or nullopt) when the state does not allow them ----
  // Starts an Allocate; allowed when no allocation is held or in progress.
  bool allocate(Time now);
  // RFC 5766 7: deletes the allocation with a Refresh carrying LIFETIME 0.
  // Permissions and channels are forgotten at once.
  bool deallocate(Time now);
  // Installs a permission for `peer` (RFC 5766 9) and keeps refreshing it
  // every RefreshPolicy::permission_interval until the allocation ends.
  // A permission already held or being created is left as it is (true).
  bool create_permission(Time now, const IpAddress& peer);
  // Binds a channel to `peer` (RFC 5766 11) and keeps refreshing it; returns
  // its number (the existing one if `peer` already has a binding). The
  // binding also installs a permission for the peer's IP address, which is
  // then refreshed like one made by create_permission().
  std::optional<std::uint16_t> bind_channel(Time now, const Endpoint& peer);
  // Relays `data` to `peer`: ChannelData when a channel to `peer` is
  // confirmed, else a Send indication (RFC 5766 10.1). The server drops it
  // unless a permission for the peer exists; that is not checked here.
  bool send(Time now, const Endpoint& peer, std::span<const std::uint8_t> data);

  // --- sans-IO -------------------------------------------------------------
  // Whether a datagram looks like TURN traffic for this client (from the
  // server, STUN or ChannelData by its first byte), for callers that share
  // the socket with ICE. Cheap; no state change.
  bool handles(const Endpoint& remote, std::span<const std::uint8_t> bytes) const;
  // True when the client consumed the datagram. Datagrams from anywhere but
  // the server are left alone (false, not counted); `local` is not checked,
  // the client having a single socket.
  bool handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes);
  void handle_timeout(Time now);
  std::optional<Transmit> poll_transmit();
  std::optional<Time> poll_timeout() const;
  std::optional<ClientEvent> poll_event();
  // Over TCP the client needs no UDP socket.
  std::vector<Endpoint> local_endpoints() const;
  // TCP (client_stream.cc).
  std::optional<StreamRequest> poll_stream_request();
  void handle_stream_event(Time now, const StreamEvent& event);
  // The connection's local address once connected (TCP only).
  std::optional<Endpoint> stream_local() const { return stream_local_; }
  bool connected() const { return link_ == Link::Connected; }

  // --- state -----------------------------------------------------------------
  ClientState state() const { return state_; }
  std::optional<Endpoint> relayed() const;
  std::optional<Endpoint> mapped() const;
  // The server's REALM, once its first 401 named it (empty before).
  const std::string& realm() const { return credentials_.realm(); }
  std::optional<std::chrono::seconds> lifetime() const;
  // When the allocation ends unless refreshed, and when it will be refreshed.
  std::optional<Time> expires_at() const;
  std::optional<Time> refresh_at() const;
  bool has_permission(const IpAddress& peer) const { return permissions_.installed(peer); }
  // The channel number bound to `peer`, once the server confirmed it.
  std::optional<std::uint16_t> channel(const Endpoint& peer) const;
  const ClientCounters& counters() const { return counters_; }
  const TurnClientConfig& config() const { return config_; }

 private:
  enum class RequestKind { Allocate, Refresh, Deallocate, CreatePermission, ChannelBind };
  // What a request is for; rebuilt into a fresh message for every attempt,
  // since a retry after 401/438 is a new transaction (RFC 5389 10.2.3).
  struct Request {
    RequestKind kind = RequestKind::Allocate;
    IpAddress peer_ip{};    // CreatePermission
    Endpoint peer{};        // ChannelBind
    std::uint16_t channel = 0;
    bool challenged = false;       // already retried after a 401
    int stale_nonce_retries = 0;   // retries after 438
    std::optional<stun::IntegrityKey> key{};  // what signed the last attempt
  };
  struct Allocation {
    Endpoint relayed;
    std::optional<Endpoint> mapped;
    std::chrono::seconds lifetime{0};
    Time granted{};  // first send of the request that set the lifetime
  };

  // client_requests.cc
  void start(Time now, Request r);
  stun::Message build(const Request& r, const stun::TransactionId& id) const;
  bool handle_response(Time now, const stun::Message& m, std::span<const std::uint8_t> bytes);
  void process_outcomes(Time now);
  void on_outcome(Time now, Request r, const stun::TransactionOutcome& o);
  void on_success(Request& r, const stun::Message& m, Time sent_at);
  void on_failure(Request& r, Failure f);

  // client_stream.cc
  enum class Link { None, Connecting, Connected };
  bool over_tcp() const { return config_.transport == Transport::Tcp; }
  void connect_stream();
  void close_stream(CloseMode mode);
  void connection_lost(const std::string& why);
  // A message to the server: a datagram, or bytes on the connection
  // (queued until it is established).
  void to_server(std::vector<std::uint8_t> bytes);
  // One datagram, or one deframed message: STUN or ChannelData.
  bool handle_message(Time now, std::span<const std::uint8_t> bytes);

  // client_data.cc
  bool handle_data_indication(const stun::Message& m);
  bool handle_channel_data(std::span<const std::uint8_t> bytes);

  void refresh_due(Time now);
  void expire();
  void cancel_all();
  void pump();
  void emit(ClientEvent e) { events_.push_back(std::move(e)); }

  TurnClientConfig config_;
  Rng rng_;
  stun::TransactionSet transactions_;
  ClientCredentials credentials_;
  ClientState state_ = ClientState::Idle;
  std::optional<Allocation> allocation_;
  bool refresh_in_flight_ = false;
  ClientPermissions permissions_;
  ClientChannels channels_;
  std::map<stun::TransactionId, Request> pending_;
  std::deque<Transmit> out_;
  std::deque<ClientEvent> events_;
  ClientCounters counters_;
  // TCP
  Link link_ = Link::None;
  StreamId stream_id_ = 0;
  std::optional<Endpoint> stream_local_;
  StreamDeframer deframer_;
  std::deque<std::vector<std::uint8_t>> unsent_;  // before the connection is up
  std::deque<StreamRequest> stream_out_;
};

}  // namespace natlab::turn
