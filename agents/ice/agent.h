#pragma once
// A full RFC 5245 ICE agent for one media stream with 1 or 2 components,
// sans-IO: the caller owns sockets and the clock, passes `now` in and drains
// poll_transmit / poll_event, and calls handle_timeout at poll_timeout.
//
// Sockets and relays. Every Transmit has `local` = the base of the local
// candidate it leaves from (RFC 5245 7.1.2: checks are sent "from the base").
// For host and server-reflexive candidates that is a host socket. For a
// relayed candidate the base is the relayed address itself: when `local` is
// a relayed address (is_relayed(local)), the caller hands the datagram to its
// TURN client for that allocation, which wraps it in a Send indication or
// ChannelData to `remote`. Data arriving through the relay is unwrapped by
// the TURN client and fed to handle_datagram with local = the relayed address
// and remote = the peer. The agent never sees TURN framing.
//
// Relayed candidates come from the caller's TURN client: call
// expect_relayed_candidate() for each allocation before start_gathering, then
// add_relayed_candidate() when it reports Allocated (or
// relayed_candidate_failed()). Gathering completes when the STUN transactions
// and all expected allocations are done.
//
// ICE-TCP (RFC 6544, config.transports.tcp). TCP candidates travel over
// streams the caller opens on the agent's behalf (common/stream_io.h): drain
// poll_stream_request() after every call and feed what happens to
// handle_stream_event(). Passive candidates listen; a check on a pair whose
// local candidate is active opens a connection to the remote passive
// candidate and sends its Binding request on it; requests that arrive on an
// accepted connection are answered, and checked back, on that connection.
// STUN and data on a stream are framed per RFC 4571 (rfc4571_framing.h).
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <vector>

#include "agents/ice/candidate.h"
#include "agents/ice/checklist.h"
#include "agents/ice/checks.h"
#include "agents/ice/config.h"
#include "agents/ice/events.h"
#include "agents/ice/gathering.h"
#include "agents/ice/rfc4571_framing.h"
#include "agents/ice/scheduler.h"
#include "agents/ice/sdp.h"
#include "agents/stun/transaction_set.h"
#include "agents/turn/stream_deframer.h"
#include "common/rng.h"
#include "common/stream_io.h"
#include "common/time.h"
#include "common/transmit.h"

namespace natlab::ice {

class IceAgent {
 public:
  IceAgent(AgentConfig config, Rng rng);

  void start_gathering(Time now);
  void expect_relayed_candidate();
  // `relayed`: XOR-RELAYED-ADDRESS, `mapped`: XOR-MAPPED-ADDRESS of the
  // Allocate response, `base`: the host socket the TURN client uses,
  // `server`: the TURN server's transport address (its IP makes the
  // foundation, 4.1.1.3).
  void add_relayed_candidate(Time now, int component, const Endpoint& relayed,
                             const Endpoint& mapped, const Endpoint& base, const Endpoint& server);
  void relayed_candidate_failed(Time now);
  bool is_relayed(const Endpoint& local) const;
  // RFC 5245 4.1.1: every transaction done, and every simultaneous-open
  // listener bound (its port is the candidate's).
  bool gathering_complete() const;

  // Credentials and the local candidates gathered so far (all of them once
  // GatheringComplete has been reported).
  SessionDescription local_description() const;
  // Forms the check list and starts checks (RFC 5245 5.7, 5.8).
  void set_remote_description(Time now, const Credentials& remote,
                              const std::vector<Candidate>& candidates);
  void set_remote_description(Time now, const SessionDescription& d) {
    set_remote_description(now, d.credentials, d.candidates);
  }

  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes);
  void handle_timeout(Time now);
  std::optional<Transmit> poll_transmit();
  std::optional<Time> poll_timeout() const;
  std::optional<Event> poll_event();
  // ICE-TCP streams (agent_tcp.cc).
  std::optional<StreamRequest> poll_stream_request();
  void handle_stream_event(Time now, const StreamEvent& event);

  // Ends the session (hang-up): every TCP connection and listener is closed
  // with `mode` (Graceful: FIN, and the side that closes first keeps the
  // 5-tuple in TIME_WAIT; Abortive: SO_LINGER {on, 0}, an RST), pending
  // checks are dropped and no timer fires again. Afterwards the agent ignores
  // what arrives and refuses connections still being accepted. Idempotent.
  void close(Time now, CloseMode mode);
  bool closed() const { return closed_; }

  // Media on the selected pair; false when the component has none yet.
  bool send_data(Time now, int component, std::span<const std::uint8_t> bytes);

  std::optional<SelectedPair> selected_pair(int component) const;
  IceState state() const { return state_; }
  Role role() const { return role_; }
  std::uint64_t tie_breaker() const { return tie_breaker_; }
  Duration ta() const { return scheduler_.ta(); }
  const Credentials& credentials() const { return local_creds_; }
  const CheckList& checklist() const { return list_; }
  const std::vector<Candidate>& local_candidates() const { return local_; }
  const std::vector<Candidate>& remote_candidates() const { return remote_; }
  // Checks and check responses dropped because their FINGERPRINT matched no
  // table this agent accepts (RFC 5389 7.3, 15.5; MS-ICE2 3.1.4.8.2).
  std::uint64_t dropped_bad_fingerprint() const { return dropped_bad_fingerprint_; }
  // Streams closed because their RFC 4571 framing broke (a frame above the
  // limit, or too many unread bytes).
  std::uint64_t dropped_bad_framing() const { return dropped_bad_framing_; }

 private:
  struct PendingCheck {
    PairId pair = 0;
    Endpoint local, remote;
    Role role = Role::Controlling;  // the role attribute the request carried
    std::uint32_t priority = 0;     // its PRIORITY
    bool use_candidate = false;
    bool triggered = false;
    bool cancelled = false;  // 7.2.1.4 / 8.1.2: no retransmit, no timeout
    int sends = 0;
    Time first_sent{}, last_sent{};  // of the request's transmissions
    // Its initial RTO when it will be retransmitted (UDP); zero otherwise.
    Duration rto{};
    Transport transport = Transport::Udp;
  };
  // One TCP connection (RFC 6544): opened for an active candidate's check, or
  // accepted by a passive candidate's listener.
  struct TcpConnection {
    Endpoint candidate;  // the local candidate's address (active: port 9)
    TcpType local_type = TcpType::Active;
    Endpoint remote;     // the peer's transport address
    int component = 1;
    bool connected = false;
    Rfc4571Deframer deframer;
    std::vector<std::vector<std::uint8_t>> queued;  // framed, waiting for connect
  };

  // agent.cc
  void drain(Time now);
  void emit(Event e) { events_.push_back(std::move(e)); }
  void set_state(CandidatePair& p, PairState s);
  void set_ice_state(IceState s);
  void tick(Time now);
  void update(Time now);
  void nominate(Time now);
  // Regular nomination: until when a higher-priority pair than the best
  // valid one holds the nomination back after the wait (agent.cc).
  std::optional<Time> nomination_hold(int component) const;
  void conclude(int component);
  void keepalives(Time now);
  int component_of(const Endpoint& local) const;
  // The local candidates that are offered and paired (all, or only the
  // relayed ones with config_.relay_only).
  std::vector<Candidate> pairable_local() const;
  const Candidate* local_by_address(const Endpoint& address, int component,
                                    Transport transport = Transport::Udp) const;
  // agent_checks.cc
  void send_check(Time now, PairId id, bool triggered);
  void handle_request(Time now, const Endpoint& local, const Endpoint& remote,
                      const stun::Message& m, std::span<const std::uint8_t> bytes);
  bool handle_response(Time now, const Endpoint& local, const Endpoint& remote,
                       const stun::Message& m, std::span<const std::uint8_t> bytes);
  void check_failed(Time now, PairId id);
  void check_succeeded(Time now, const PendingCheck& pc, const Endpoint& mapped);
  void switch_role(Role to);
  void triggered_check(Time now, const Endpoint& local, const Endpoint& remote, int component,
                       std::uint32_t priority, bool use_candidate, Transport transport = Transport::Udp);
  void handle_stun(Time now, const Endpoint& local, const Endpoint& remote, const stun::Message& m,
                   std::span<const std::uint8_t> bytes);
  // agent_tcp.cc
  void gather_tcp(Time now);
  // Sends `bytes` framed on the connection between a TCP local candidate and
  // a remote address; false when there is none.
  bool send_tcp(const Endpoint& candidate, const Endpoint& remote, std::span<const std::uint8_t> bytes);
  // A check on a TCP pair: false when it cannot be sent (the pair failed).
  bool prepare_tcp_check(Time now, const CandidatePair& p, bool triggered);
  void tcp_bytes(Time now, StreamId id, std::span<const std::uint8_t> bytes);
  void tcp_gone(Time now, StreamId id, bool close_ours);
  // Drops a connection (and its route) and cancels the checks pending on
  // it; their pairs, or nothing when there is no such connection.
  std::optional<std::vector<PairId>> forget_stream(StreamId id);
  void tcp_timeouts(Time now);
  std::optional<Time> tcp_timeout() const;
  // The port an active candidate's connections bind (TcpPortPolicy).
  std::uint16_t tcp_bind_port(const Candidate& active) const;
  std::uint32_t tcp_other_pref(const IpAddress& ip) const;
  // agent_so.cc: simultaneous-open candidates (RFC 6544).
  // Its listener is bound: the host S-O candidate exists, and a Binding over
  // TCP from its port to each STUN server looks for the server-reflexive one.
  void so_listening(Time now, StreamId id, const Endpoint& local);
  SocketOptions so_options() const;
  // True when the event was for one of those Binding connections.
  bool so_binding_event(Time now, const StreamEvent& event);
  void so_binding_answered(Time now, StreamId id, const stun::Message& m);
  void so_binding_timeouts(Time now);
  // An S-O pair's connect found its 5-tuple taken: the peer's connection is
  // being accepted by our listener.
  void so_connect_taken(Time now, StreamId id);
  std::optional<Time> so_binding_timeout() const;
  // A candidate gathered after the remote description arrived is paired
  // like a trickled one.
  void pair_late(const Candidate& c);

  AgentConfig config_;
  Rng rng_;
  Role role_;
  std::uint64_t tie_breaker_;
  Credentials local_creds_;
  std::optional<Credentials> remote_creds_;
  FoundationAllocator foundations_;
  Gatherer gatherer_;
  bool gathering_reported_ = false;
  bool tcp_gathering_ = false;  // start_gathering has not asked for the TCP candidates yet
  std::vector<Candidate> local_;
  std::vector<Candidate> remote_;
  CheckList list_;
  Scheduler scheduler_;
  stun::TransactionSet checks_;
  std::map<stun::TransactionId, PendingCheck> pending_;
  IceState state_ = IceState::New;
  std::map<int, Time> first_valid_;     // regular nomination wait
  Duration longest_rtt_{};              // of the checks answered with success so far
  std::optional<Time> peer_checking_since_;  // the peer's first valid check reached us
  std::map<int, PairId> nominating_;    // regular: USE-CANDIDATE check queued/sent
  std::map<int, PairId> selected_;      // valid-pair id per component
  std::map<int, Time> last_sent_;       // keepalive timer per component (RFC 5245 10)
  int remote_prflx_count_ = 0;
  std::uint64_t dropped_bad_fingerprint_ = 0;
  // RFC 5245 7.2: a check answered before the remote description arrived;
  // 7.2.1.3 - 7.2.1.5 run for it in set_remote_description.
  struct EarlyCheck {
    Endpoint local, remote;
    int component = 1;
    std::uint32_t priority = 0;
    bool use_candidate = false;
    Transport transport = Transport::Udp;
  };
  std::vector<EarlyCheck> early_checks_;
  // ICE-TCP state (agent_tcp.cc).
  std::map<StreamId, TcpConnection> streams_;
  std::map<StreamId, Endpoint> listeners_;  // listener -> passive or S-O candidate address
  std::map<StreamId, std::size_t> so_listens_;  // S-O listener not yet bound -> host socket index
  // RFC 6544 5.2: a STUN Binding over TCP from a host S-O candidate's port;
  // its XOR-MAPPED-ADDRESS is the server-reflexive S-O candidate. The
  // connection stays open once answered: the NAT keeps a TCP mapping only
  // while a connection uses it (RFC 5382), and the checks need that mapping.
  struct SoBinding {
    std::size_t socket = 0;  // config_.sockets index
    Endpoint base;           // the host S-O candidate
    Endpoint server;
    stun::TransactionId tid{};
    Time deadline{};
    bool answered = false;
    turn::StreamDeframer deframer;
  };
  std::map<StreamId, SoBinding> so_bindings_;
  std::map<std::pair<Endpoint, Endpoint>, StreamId> tcp_routes_;  // (candidate, remote)
  std::map<PairId, Time> passive_waits_;  // RFC 6544 7.1: local passive pairs wait for the peer
  std::deque<StreamRequest> stream_out_;
  StreamId next_stream_id_ = 1;
  std::optional<StreamId> current_stream_;  // set while a frame from a stream is processed
  std::uint64_t dropped_bad_framing_ = 0;
  bool closed_ = false;
  CloseMode close_mode_ = CloseMode::Graceful;
  std::deque<Transmit> out_;
  std::deque<Event> events_;
};

}  // namespace natlab::ice
