#pragma once
// TURN conformance probe (RFC 5766 over UDP), sans-IO: drives a TURN server
// from outside, one case after the other, and judges its answers. The
// caller owns the sockets and the clock:
//   - poll_socket_op(): open a UDP socket for the role (bind port 0, on the
//     client address for Client, on the peer address for Peer) and report
//     the bound address with socket_opened(); close the one named;
//   - pass each datagram with the local address it arrived at;
//   - send each Transmit from the socket of its local address, before
//     carrying out the socket operations polled after it;
//   - call handle_timeout() at poll_timeout().
// Each finished case comes out of poll_result(); finished() when all did.
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "agents/turn/probe/case_result.h"
#include "agents/turn/probe/context.h"
#include "agents/turn/probe/probe_config.h"
#include "common/ip.h"
#include "common/rng.h"
#include "common/time.h"
#include "common/transmit.h"

namespace natlab::turn::probe {

struct SocketOp {
  enum class Kind { Open, Close };
  Kind kind = Kind::Open;
  std::uint64_t id = 0;
  SocketRole role = SocketRole::Client;
  Endpoint local;  // Close: the address socket_opened() reported
};

class TurnProbe {
 public:
  explicit TurnProbe(ProbeConfig config);  // every case of all_cases()
  TurnProbe(ProbeConfig config, std::vector<CaseDef> cases);

  void start(Time now);
  std::optional<SocketOp> poll_socket_op();
  void socket_opened(std::uint64_t id, const Endpoint& local, Time now);
  void socket_failed(std::uint64_t id, const std::string& why, Time now);

  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes);
  void handle_timeout(Time now);
  std::optional<Transmit> poll_transmit();
  std::optional<Time> poll_timeout() const;

  std::optional<CaseResult> poll_result();
  bool finished() const { return phase_ == Phase::Done; }
  const std::vector<CaseResult>& results() const { return results_; }
  // Datagrams that matched no socket or no transaction (late duplicates).
  std::uint64_t ignored_datagrams() const { return ignored_; }

 private:
  enum class Phase { Idle, Opening, Running, Cleanup, Done };

  void begin_case();
  void advance();
  void run_steps();
  void run_cleanup();
  void close_case();
  void record(CaseStatus status, std::string detail);
  void on_answer(const stun::Message& msg, std::span<const std::uint8_t> bytes);
  std::optional<SocketIdx> socket_at(const Endpoint& local) const;

  ProbeConfig config_;
  std::vector<CaseDef> cases_;
  Rng rng_;
  Phase phase_ = Phase::Idle;
  std::size_t index_ = 0;  // current case
  std::unique_ptr<CaseContext> ctx_;
  std::vector<Step> steps_;
  std::size_t step_ = 0;
  std::vector<std::uint64_t> socket_ids_;  // per SocketIdx of the current case
  std::uint64_t next_socket_id_ = 1;
  Time now_{};
  std::deque<SocketOp> ops_;
  std::deque<Transmit> out_;  // of a case that ended
  std::vector<CaseResult> results_;
  std::size_t reported_ = 0;
  std::uint64_t ignored_ = 0;
};

}  // namespace natlab::turn::probe
