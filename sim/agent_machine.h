#pragma once
// One scenario agent in one session, as the simulator runs it: an ICE agent,
// and a TURN client per `turn` entry and component sharing the component's
// host socket. Datagrams from a TURN server go to its client; everything else
// to the ICE agent. What ICE sends from a relayed candidate leaves through the
// TURN client of that allocation (Send indication, or ChannelData once the
// selected pair's channel is bound), and what the relay delivers is handed to
// ICE as arriving on the relayed address. The signalling channel is the
// runner's: it reads local_description() once gathering_complete() and calls
// set_remote().
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "agents/ice/agent.h"
#include "agents/turn/client.h"
#include "sim/sans_io.h"

namespace natlab::sim {

struct TurnSetup {
  Endpoint server;
  std::string username;
  std::string password;
  // RFC 5766 2.1: how the client reaches the server; the relayed address is
  // UDP either way, so ICE sees an ordinary relayed candidate.
  Transport transport = Transport::Udp;
};

struct AgentSetup {
  std::string name;
  ice::AgentConfig ice;
  std::vector<TurnSetup> turn;
  Duration media_interval = std::chrono::milliseconds(20);  // one packet per 20 ms, as RTP
};

// What the runner needs to fill results.json, observed from the agent's own
// events as they happened.
struct AgentStats {
  std::optional<Time> gathering_complete;
  std::optional<Time> first_check;
  std::optional<Time> last_ordinary_check;
  std::optional<Duration> min_check_interval;  // between checks that are not retransmits
  int checks_sent = 0;
  int retransmits = 0;
  std::size_t max_pairs = 0;
  std::map<int, Time> nominated;                 // component -> first nomination
  std::map<int, ice::SelectedPair> selected;     // component -> latest selected pair
  std::optional<Time> completed;
  std::optional<Time> failed;
  int media_sent = 0;
  int media_received = 0;
};

class AgentMachine : public SansIo {
 public:
  AgentMachine(AgentSetup setup, Rng rng);

  std::vector<Endpoint> local_endpoints() const override;
  void start(Time now) override;
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override;
  void handle_timeout(Time now) override;
  std::optional<Transmit> poll_transmit() override;
  std::optional<Time> poll_timeout() const override;
  std::vector<nlohmann::json> poll_events() override;
  // Streams of the ICE agent (ICE-TCP, RFC 6544) and of the TURN clients
  // that reach their server over TCP. Each TCP TURN client gets its own id
  // range (turn_stream_base()), far from ICE's ids (counting from 1) and
  // from the driver's accepted ids (kFirstAcceptedStreamId): events go to
  // the owner of their id.
  std::optional<StreamRequest> poll_stream_request() override;
  void handle_stream_event(Time now, const StreamEvent& event) override;

  // Signalling.
  std::function<void(Time)> on_gathering_complete;
  std::function<void(Time)> on_completed;
  bool gathering_complete() const { return stats_.gathering_complete.has_value(); }
  ice::SessionDescription local_description() const { return ice_.local_description(); }
  void set_remote(Time now, const ice::SessionDescription& remote);
  // Hang-up: the ICE agent closes every TCP connection with `mode`
  // (IceAgent::close), media and keepalives stop, and the TURN allocations
  // are released. A "hangup" event goes to the trace.
  void close(Time now, CloseMode mode);
  // Media after completion: one datagram per media_interval until `until`.
  void start_media(Time now, Time until);
  // One datagram on the selected pair of `component` (false when it has
  // none yet), for callers with their own media (natlab ice-agent); and
  // every datagram that arrives as media, with its bytes.
  bool send_data(Time now, int component, std::span<const std::uint8_t> bytes);
  std::function<void(Time, const ice::DataReceived&)> on_data;

  const ice::IceAgent& ice() const { return ice_; }
  const AgentStats& stats() const { return stats_; }
  const std::string& name() const { return setup_.name; }
  // How the TURN client that allocated `relayed` reaches its server (RFC
  // 5766 2.1); nullopt for an address no allocation of this agent gave.
  std::optional<Transport> relay_transport(const Endpoint& relayed) const;

  // First stream id of the TCP TURN client with index i (setup order).
  static StreamId turn_stream_base(std::size_t i) {
    return (StreamId{1} << 40) + StreamId{i} * (StreamId{1} << 32);
  }

 private:
  struct Relay {
    int component = 1;
    std::unique_ptr<turn::TurnClient> client;
  };
  void process(Time now);
  bool drain_turn(Time now, Relay& r);
  void on_ice_event(Time now, const ice::Event& e);
  Relay* relay_for_local(const Endpoint& relayed);
  Relay* relay_for_stream(StreamId id);
  void send_media(Time now);
  void free_unused_candidates(Time now);

  AgentSetup setup_;
  Rng rng_;
  ice::IceAgent ice_;
  std::vector<Relay> relays_;
  std::vector<std::pair<Endpoint, Transport>> allocated_;  // every relayed address, as allocated
  std::deque<Transmit> out_;
  std::vector<nlohmann::json> events_;
  AgentStats stats_;
  // RFC 5245 8.3.1: when to free the candidates no selected pair uses.
  std::optional<Time> free_at_;
  std::optional<Time> media_next_;
  Time media_until_{};
};

}  // namespace natlab::sim
