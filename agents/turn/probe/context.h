#pragma once
// What a probe case sees while it runs: its sockets, the server, requests
// with their answers, datagrams that arrived, the clock, and its verdict.
//
// A case is a list of steps (Step) run one after the other. A step may send
// datagrams at once and may start one wait (a request's answer, a datagram
// at a socket, or some time passing); the next step runs when that wait is
// over and reads what it brought. A step that gives a verdict ends the case;
// a case whose steps run out passes with the notes it collected.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "agents/stun/message.h"
#include "agents/turn/probe/case_result.h"
#include "agents/turn/probe/probe_config.h"
#include "common/ip.h"
#include "common/rng.h"
#include "common/time.h"
#include "common/transmit.h"

namespace natlab::turn::probe {

// Client sockets talk to the server; peer sockets stand for the peers the
// relay talks to (they must be reachable from the server's relay address).
enum class SocketRole { Client, Peer };
using SocketIdx = std::size_t;  // position in the case's socket list

// The answer to the last request, or its absence.
struct Reply {
  bool answered = false;
  stun::Message request;            // the last transmission's message (after signing)
  stun::Message msg;                // the answer, when answered
  std::vector<std::uint8_t> bytes;  // the answer as received
  int sends = 0;                    // transmissions of the last transaction
  bool success() const { return answered && msg.cls == stun::Class::Success; }
  int code() const;                 // error code, 0 unless an error response
  // "Allocate error 437 (Allocation Mismatch), tid ..." or "no answer to ...".
  std::string describe() const;
};

struct Received {
  Endpoint from;
  std::vector<std::uint8_t> bytes;
  Time at{};
};

struct RequestOptions {
  // Add USERNAME, REALM, NONCE and MESSAGE-INTEGRITY (long-term
  // credentials); with no nonce on this socket yet, an unsigned copy first
  // fetches the server's challenge (RFC 5389 10.2.3).
  bool sign = true;
  // On 438, sign again with the new NONCE and retry (RFC 5389 10.2.3).
  bool retry_stale = true;
  // Sign with this NONCE instead of the socket's (the stale-nonce case).
  std::optional<std::string> nonce;
  // Sign with this password instead of the configured one (a wrong key).
  std::optional<std::string> password;
};

class CaseContext;
using Step = std::function<void(CaseContext&)>;

struct CaseDef {
  CaseInfo info;
  std::vector<SocketRole> sockets;
  std::function<std::vector<Step>()> steps;  // fresh state per run
};

class CaseContext {
 public:
  CaseContext(const ProbeConfig& config, Rng& rng, CaseInfo info, std::vector<SocketRole> roles);

  // --- what the case reads
  const ProbeConfig& config() const { return config_; }
  const Endpoint& server() const { return config_.server; }
  Endpoint local(SocketIdx s) const { return sockets_.at(s).local; }
  Time now() const { return now_; }
  Rng& rng() { return rng_; }
  const std::string& realm() const { return realm_; }
  std::optional<std::string> nonce(SocketIdx s) const;

  // A request with a fresh random transaction id.
  stun::Message request(stun::Method method);
  stun::Message indication(stun::Method method);
  std::vector<std::uint8_t> payload(std::size_t size);  // distinct random bytes

  // --- waits (at most one per step)
  void send_request(SocketIdx s, stun::Message m, RequestOptions o = {});
  void expect_datagram(SocketIdx s);  // next step: take(s), or nothing after the timeout
  void wait(Duration d);
  void wait_until(Time t);
  const Reply& reply() const { return reply_; }
  // Run this step again once its wait is over (loops such as long sleeps).
  void repeat() { repeat_ = true; }

  // --- immediate
  void send(SocketIdx s, const Endpoint& to, std::vector<std::uint8_t> bytes);
  std::optional<Received> take(SocketIdx s);  // oldest datagram that was no response
  std::vector<Received> take_all(SocketIdx s);

  // Allocations are deleted (Refresh LIFETIME 0) when the case ends.
  void note_allocation(SocketIdx s, const Endpoint& relayed) { allocations_[s] = relayed; }
  void forget_allocation(SocketIdx s) { allocations_.erase(s); }
  std::optional<Endpoint> relayed(SocketIdx s) const;

  // --- verdicts
  void note(std::string text);  // becomes part of the detail of a pass
  void pass(std::string detail = {});
  void fail(std::string detail);
  void not_applicable(std::string detail);
  // fail(detail) unless cond; returns cond.
  bool require(bool cond, const std::string& detail);
  bool done() const { return verdict_.has_value(); }

 private:
  friend class TurnProbe;
  struct Socket {
    SocketRole role = SocketRole::Client;
    Endpoint local;
    bool open = false;
    std::optional<std::string> nonce;
    std::deque<Received> inbox;
  };
  struct PendingRequest {
    SocketIdx socket = 0;
    stun::Message unsigned_msg;  // as the case gave it (without credentials)
    RequestOptions options;
    std::vector<std::uint8_t> bytes;
    stun::Message sent;
    bool signed_now = false;
    Time next_send{};
    Duration rto{};
    int sends = 0;
    Time deadline{};
    int challenges = 0;  // 401/438 answered by signing again
  };
  enum class Wait { None, Request, Datagram, Timer };

  std::vector<std::uint8_t> encode_request(SocketIdx s, stun::Message m, const RequestOptions& o);
  void transmit_pending();

  const ProbeConfig& config_;
  Rng& rng_;
  CaseInfo info_;
  std::vector<Socket> sockets_;
  std::string realm_;
  Time now_{};

  Wait wait_ = Wait::None;
  std::optional<PendingRequest> pending_;
  SocketIdx wait_socket_ = 0;
  Time wait_deadline_{};
  Reply reply_;
  bool repeat_ = false;

  std::map<SocketIdx, Endpoint> allocations_;
  std::vector<std::string> notes_;
  std::optional<CaseStatus> verdict_;
  std::string detail_;
  std::deque<Transmit> out_;
};

}  // namespace natlab::turn::probe
