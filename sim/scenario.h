#pragma once
// The validated model of one scenario file (docs/scenario-format.md). The
// loader (scenario_loader.h) guarantees every invariant listed here; the world
// builder trusts them.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/ip.h"
#include "common/stream_io.h"
#include "common/time.h"
#include "nat_models/nat.h"
#include "sim/socket_rules.h"

namespace natlab::sim {

// Where a key was written, for messages about it after loading.
struct SourcePos {
  int line = 0;  // 1-based
  int column = 0;
};

struct LinkParams {
  Duration delay = std::chrono::milliseconds(10);
  Duration jitter{0};
  double loss = 0.0;                 // probability 0..1
  std::uint64_t bandwidth_bps = 100'000'000;
  std::uint32_t mtu = 1500;
  bool reorder = false;              // jitter may reorder packets only if true
};

struct StunService {
  std::uint16_t port = 3478;
};

struct TurnService {
  std::uint16_t port = 3478;
  std::string realm = "natlab.test";
  std::map<std::string, std::string> users;  // username -> password
  Duration max_lifetime = std::chrono::seconds(3600);
  Duration default_lifetime = std::chrono::seconds(600);
  std::uint16_t relay_port_min = 49152;
  std::uint16_t relay_port_max = 65535;
};

struct Server {
  std::string name;
  IpAddress address;
  std::optional<StunService> stun;  // present when `stun:` or `turn:` is given
  std::optional<TurnService> turn;
  // Optional second address for RFC 5780 (CHANGE-REQUEST / OTHER-ADDRESS);
  // extension key `alternate_address`.
  std::optional<IpAddress> alternate_address;
  LinkParams link;
  SourcePos pos;
};

struct Lan {
  IpAddress subnet;          // network address of the /24 (or as given)
  int prefix_length = 24;
  IpAddress inside_address;  // the NAT's own address on the LAN
};

struct NatBox {
  std::string name;
  nat::Config config;        // type, RFC 4787 overrides, public_address resolved
  std::string behind = "internet";
  Lan lan;                   // derived from members unless `lan:` is given
  LinkParams link;           // uplink toward `behind`
  SourcePos pos;
};

enum class OsKind { Linux, Windows };

struct Host {
  std::string name;
  IpAddress address;
  std::string behind;        // "internet" or a NAT name
  LinkParams link;
  HostOs os = HostOs::Linux;           // whose TCP socket rules (sim/socket_rules.h)
  std::optional<Duration> tcp_time_wait;  // 2 MSL; default_time_wait(os) when unset
  SourcePos pos;
};

enum class CandidateType { Host, Srflx, Prflx, Relay };
const char* to_string(CandidateType t);  // "host", "srflx", "prflx", "relay"

struct TurnEntry {
  std::string server;
  std::string username;
  std::string password;
  Transport transport = Transport::Udp;
};

enum class Nomination { Regular, Aggressive };

// Which RFC's timer rules the agent follows: RFC 5245 16 (Ta >= 20 ms, default
// 20 ms) or RFC 8445 14.2 (Ta >= 5 ms, default 50 ms).
enum class IceProfile { Rfc5245, Rfc8445 };

// Which FINGERPRINT tables the agent's checks carry (natlab extension,
// MS-ICE2 3.1.4.8.2; see agents/ice/config.h).
enum class Dialect { Rfc, MsIce2, MsIce2Legacy };

struct Agent {
  std::string name;
  std::string host;
  std::vector<std::string> stun;  // server names
  std::vector<TurnEntry> turn;
  int components = 1;
  Nomination nomination = Nomination::Regular;
  IceProfile rfc = IceProfile::Rfc5245;
  Duration ta = std::chrono::milliseconds(20);  // default per profile
  Duration rto = std::chrono::milliseconds(500);
  Duration keepalive = std::chrono::seconds(15);
  Duration start{0};
  // Testing natlab's checks: accept a `ta` below the profile's floor, so the
  // agent paces checks faster than the RFC allows.
  bool violate_ta_floor = false;
  Dialect dialect = Dialect::Rfc;
  // An rfc agent also accepts MS-ICE2's alternate FINGERPRINT table.
  bool accept_alternate_fingerprint = false;
  // ICE-TCP (RFC 6544): which transports the agent gathers and checks on,
  // and the local port of its TCP candidates (none: ephemeral).
  bool udp = true;
  bool tcp = false;
  std::optional<std::uint16_t> tcp_port;
  // `tcp_candidates`: which TCP host candidates it gathers (RFC 6544 4.5).
  bool tcp_active = true;
  bool tcp_passive = true;
  bool tcp_so = false;
  // How the agent closes its TCP connections when its session ends
  // (`tcp_close: graceful | linger0`).
  CloseMode tcp_close = CloseMode::Graceful;
  SourcePos pos;
};

// The lowest Ta a profile allows: RFC 5245 16 (20 ms), RFC 8445 14.2 (5 ms).
inline Duration ta_floor(IceProfile p) {
  return p == IceProfile::Rfc8445 ? std::chrono::milliseconds(5) : std::chrono::milliseconds(20);
}

struct Session {
  std::string name;
  std::string controlling;
  std::string controlled;
  Duration signaling_delay = std::chrono::milliseconds(50);
  Duration media{0};
  // When the call is placed (both agents start then; each agent's own
  // `start` counts from it) and when it is hung up (the controlling agent
  // closes at `end`, the controlled one when the hang-up reaches it,
  // signaling_delay later). No end: the call lasts the whole run.
  Duration start{0};
  std::optional<Duration> end;
  SourcePos pos;
};

struct Expectation {
  // Exactly one of session / conformance is set.
  std::optional<std::string> session;
  std::optional<std::string> outcome;                    // "connected" | "failed"
  std::map<std::string, CandidateType> selected;        // agent -> local type
  std::optional<Duration> nominated_within;
  // Every selected pair of the session's agents runs over this transport.
  std::optional<Transport> transport;
  bool conformance_all = false;
  std::vector<std::string> conformance_ids;
  SourcePos pos;
};

struct Scenario {
  std::string file;          // as given on the command line
  int version = 1;
  std::string name;
  std::string description;
  std::uint64_t seed = 1;
  Duration duration = std::chrono::seconds(30);
  LinkParams links;          // defaults; every element's link starts from these
  std::vector<Server> servers;
  std::vector<NatBox> nats;  // in file order
  std::vector<Host> hosts;
  std::vector<Agent> agents;
  std::vector<Session> sessions;
  std::vector<Expectation> expect;

  const NatBox* find_nat(const std::string& name) const;
  const Host* find_host(const std::string& name) const;
  const Server* find_server(const std::string& name) const;
  const Agent* find_agent(const std::string& name) const;
};

}  // namespace natlab::sim
