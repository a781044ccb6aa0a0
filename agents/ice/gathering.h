#pragma once
// Candidate gathering (RFC 5245 4.1.1): host candidates from the configured
// sockets, server-reflexive ones from a STUN Binding to each STUN server, and
// relayed ones handed in by the caller, whose TURN client owns the allocation
// (see IceAgent::add_relayed_candidate). Sans-IO like everything else.
#include <cstddef>
#include <deque>
#include <map>
#include <optional>
#include <vector>

#include "agents/ice/candidate.h"
#include "agents/ice/config.h"
#include "agents/stun/transaction_set.h"
#include "common/rng.h"
#include "common/transmit.h"

namespace natlab::ice {

class Gatherer {
 public:
  Gatherer(std::vector<HostSocket> sockets, std::vector<Endpoint> stun_servers,
           stun::RetransmitConfig retransmit, Duration ta);

  // Adds every host candidate and queues one Binding per (socket, server of
  // the same family), paced one per Ta (RFC 5245 4.1.1.1: "the agent SHOULD
  // ... pace" STUN transactions at Ta).
  void start(Time now, FoundationAllocator& foundations);
  // True when the message answered one of our gathering transactions.
  bool handle_response(Time now, const stun::Message& m, FoundationAllocator& foundations);
  void handle_timeout(Time now, Rng& rng);
  std::optional<Transmit> poll_transmit();
  std::optional<Time> poll_timeout() const;
  // Candidates added since the last call, in the order gathered.
  std::optional<Candidate> poll_candidate();

  // Relayed candidates: the caller announces each TURN allocation it starts,
  // then reports it done (with or without a candidate).
  void expect_relayed() { ++pending_relays_; }
  // The Allocate response's XOR-MAPPED-ADDRESS is also the server-reflexive
  // candidate of `base` towards `server`: a Binding from that base to that
  // server still waiting for its answer (lost, being retransmitted) ends
  // with it, so gathering does not wait out its retransmissions.
  void add_relayed(int component, const Endpoint& relayed, const Endpoint& mapped,
                   const Endpoint& base, const Endpoint& server, FoundationAllocator& foundations);
  void relayed_failed();

  bool started() const { return started_; }
  // RFC 5245 4.1.1: gathering is over when every transaction has finished.
  bool complete() const;
  const std::vector<Candidate>& candidates() const { return candidates_; }
  // Local preference of a base IP address: 65535 for the first address,
  // one less for each next one (RFC 5245 4.1.2.1, multihomed).
  std::uint32_t local_preference(const IpAddress& ip) const;

 private:
  void add(Candidate c);
  void add_server_reflexive(const HostSocket& socket, const Endpoint& mapped, const IpAddress& server,
                            FoundationAllocator& foundations);
  struct Pending {
    HostSocket socket;
    Endpoint server;
  };

  std::vector<HostSocket> sockets_;
  std::vector<Endpoint> servers_;
  Duration ta_;
  stun::TransactionSet stun_;
  std::deque<Pending> queue_;
  std::map<stun::TransactionId, Pending> live_;
  std::optional<Time> last_sent_;
  std::vector<Candidate> candidates_;
  std::deque<Candidate> new_;
  int pending_relays_ = 0;
  bool started_ = false;
};

}  // namespace natlab::ice
