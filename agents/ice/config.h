#pragma once
// Everything an IceAgent is told before it starts.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "agents/ice/credentials.h"
#include "agents/stun/transaction.h"
#include "common/ip.h"
#include "common/stream_io.h"
#include "common/time.h"

namespace natlab::ice {

enum class Role : std::uint8_t { Controlling, Controlled };
const char* to_string(Role r);

// RFC 5245 8.1.1: regular (RECOMMENDED) or aggressive nomination.
enum class NominationMode : std::uint8_t { Regular, Aggressive };

// Which RFC's timer rules apply (RFC 5245 16 or RFC 8445 14).
enum class Profile : std::uint8_t { Rfc5245, Rfc8445 };

// RFC 5245 16.1: "Ta SHOULD be configurable ... [for RTP] Ta MUST NOT be
// configured lower than 20 ms"; RFC 8445 14.2: default 50 ms, and "an agent
// MUST NOT send ... more often than once every 5 ms".
constexpr Duration kTaFloor5245 = std::chrono::milliseconds(20);
constexpr Duration kTaFloor8445 = std::chrono::milliseconds(5);
constexpr Duration kTaDefault5245 = std::chrono::milliseconds(20);
constexpr Duration kTaDefault8445 = std::chrono::milliseconds(50);

// Which FINGERPRINT tables the agent's connectivity checks and their
// responses carry (natlab extension, MS-ICE2 3.1.4.8.2):
//  - Rfc: RFC 5389 15.5's CRC-32 only;
//  - MsIce2: each check and response sent twice, as MS-ICE2 3.1.4.8.2 says:
//    "an additional connectivity check request or response SHOULD be sent
//    along with it ... identical ... except that the fingerprint for these
//    additional messages MUST be computed" with MS-ICE2's alternate table;
//  - MsIce2Legacy: the alternate table only, as "implementations that used
//    the CRC lookup table" did (the peers 3.1.4.8.2's duplicate exists for).
// MS-ICE2 agents of either kind accept both tables on receipt.
enum class Dialect : std::uint8_t { Rfc, MsIce2, MsIce2Legacy };
const char* to_string(Dialect d);  // "rfc", "ms-ice2", "ms-ice2-legacy"

// One local socket: the host candidate of `component` lives at `address`.
struct HostSocket {
  int component = 1;
  Endpoint address;
};
// One socket per component on each address, ports first_port, first_port+1...
std::vector<HostSocket> host_sockets(const std::vector<IpAddress>& addresses, int components,
                                     std::uint16_t first_port);

// Which transports the agent gathers candidates on and checks over: UDP
// (RFC 5245), TCP (RFC 6544), or both. Without UDP the agent has no UDP host
// or server-reflexive candidates; relayed candidates the caller hands in are
// still used.
struct Transports {
  bool udp = true;
  bool tcp = false;
  bool operator==(const Transports&) const = default;
};

// The local ports of TCP candidates (RFC 6544 5.1: an agent gathers active
// and passive host candidates for each host address).
//  - ephemeral (no fixed port): active connections bind port 0 and the host
//    picks; each passive candidate listens on the port number of its UDP host
//    socket (TCP's port space is separate, and a listener's port has to be
//    known before it is advertised).
//  - fixed: the i-th host socket's active connections bind fixed + i (an
//    application that calls the same peer from one known port: a second
//    call right after a gracefully closed first one meets its TIME_WAIT).
//    Passive candidates still listen on the UDP host socket's port number:
//    Linux refuses to bind a connection to a port a socket listens on.
struct TcpPortPolicy {
  std::optional<std::uint16_t> fixed;
  SocketOptions options;  // for listeners and connections alike
};
// Which TCP host candidates the agent gathers per host address (RFC 6544
// 4.5 tcp-type). A simultaneous-open candidate listens on an ephemeral port
// (RFC 6544 7.2: "MUST be prepared to receive incoming TCP connection
// requests on the base of any TCP candidate that is simultaneous-open or
// passive") and its checks connect from that same port, which needs
// SO_REUSEPORT on Linux (SO_REUSEADDR on Windows); its port is known only
// once the listener is bound, so gathering waits for it.
struct TcpCandidateTypes {
  bool active = true;
  bool passive = true;
  bool simultaneous_open = false;
  bool operator==(const TcpCandidateTypes&) const = default;
};
// RFC 5389 7.2.2: over a reliable transport a request is sent once and the
// transaction fails after Ti: "Ti SHOULD be configurable and SHOULD have a
// default of 39.5s".
constexpr Duration kStunReliableTimeout = std::chrono::milliseconds(39500);

struct AgentConfig {
  Role role = Role::Controlling;
  int components = 1;                 // 1 (RTP) or 2 (RTP + RTCP)
  std::vector<HostSocket> sockets;    // host candidates (RFC 5245 4.1.1.1)
  std::vector<Endpoint> stun_servers; // server-reflexive candidates (4.1.1.2)
  NominationMode nomination = NominationMode::Regular;
  Profile profile = Profile::Rfc5245;
  std::optional<Duration> ta;         // default per profile, clamped to its floor
  // Only for testing conformance checks: use `ta` even below the profile's
  // floor, which breaks RFC 5245 16 on purpose.
  bool violate_ta_floor = false;
  // Fixed initial RTO for checks; default is the section 16 formula (see
  // scheduler.h).
  std::optional<Duration> check_rto;
  int check_rc = 7;   // RFC 5389 7.2.1 Rc
  int check_rm = 16;  // RFC 5389 7.2.1 Rm
  // Gathering transactions to STUN servers (RFC 5389 defaults).
  stun::RetransmitConfig gathering_retransmit{};
  // RFC 5245 10: "Tr SHOULD be configurable and SHOULD have a default of 15
  // seconds."
  Duration keepalive = std::chrono::seconds(15);
  // Regular nomination: how long the controlling agent keeps checking after
  // a component first has a valid pair, unless checks settle earlier.
  Duration nomination_wait = std::chrono::milliseconds(500);
  // RFC 5245 5.7.3: "a limit on the number of candidate pairs ... The default
  // for this limit SHOULD be 100."
  std::size_t max_pairs = 100;
  // Offer and pair only relayed candidates: the "relay" ICE transport
  // policy of RFC 8829 4.1.1 (JSEP), for callers that must not reveal or use
  // their own addresses. Host sockets are still opened for the TURN clients.
  bool relay_only = false;
  std::optional<Credentials> credentials;  // random when unset
  std::optional<std::uint64_t> tie_breaker;  // random when unset
  Dialect dialect = Dialect::Rfc;
  // An Rfc agent: accept checks and responses whose FINGERPRINT matches
  // MS-ICE2's alternate table too, and answer such a check with that table.
  // Without it they fail FINGERPRINT verification and are dropped (RFC 5389
  // 7.3, 15.5).
  bool accept_alternate_fingerprint = false;
  Transports transports;
  TcpPortPolicy tcp;
  TcpCandidateTypes tcp_candidates;
  Duration tcp_transaction_timeout = kStunReliableTimeout;  // Ti
};

}  // namespace natlab::ice
