#pragma once
// Stream (TCP) sockets for sans-IO machines: what a machine asks its driver to
// do with connections, and what the driver tells it back. A machine that uses
// TCP (ICE-TCP per RFC 6544, TURN over TCP per RFC 5766 2.1) returns
// StreamRequests from SansIo::poll_stream_request() and takes StreamEvents in
// SansIo::handle_stream_event(). The bytes are a byte stream, not messages:
// framing (RFC 4571, or STUN/ChannelData lengths for TURN over TCP) is the
// machine's job, because a driver may split or join writes arbitrarily.
//
// The simulator applies the per-OS socket rules of sim/ (SO_REUSEADDR,
// SO_EXCLUSIVEADDRUSE, TIME_WAIT) before ns-3 sees a request, so a bind that
// a real OS would refuse comes back as ConnectFailed / ListenFailed with
// AddrInUse. realnet/ maps the same requests to Asio TCP sockets.
#include <cstdint>
#include <string_view>
#include <variant>
#include <vector>

#include "common/ip.h"

namespace natlab {

// Chosen by the machine, unique among its live streams; a listener's accepted
// connections get ids from the driver (StreamAccepted::id), which never
// reuses the machine's: the driver numbers them from kFirstAcceptedStreamId.
using StreamId = std::uint64_t;
inline constexpr StreamId kFirstAcceptedStreamId = std::uint64_t{1} << 48;

struct SocketOptions {
  bool reuse_addr = false;            // SO_REUSEADDR
  bool exclusive_addr_use = false;    // SO_EXCLUSIVEADDRUSE (Windows only)
  // SO_REUSEPORT (Linux): sockets that all set it share a port, listeners
  // included. An ICE-TCP simultaneous-open candidate needs it on Linux: it
  // listens on its port (RFC 6544 7.2) and connects from the same port.
  bool reuse_port = false;
};

// Active open. local.port == 0 means an ephemeral port chosen by the host.
struct StreamConnect {
  StreamId id = 0;
  Endpoint local;
  Endpoint remote;
  SocketOptions options;
};

// Passive open: a listening socket on local; each connection it accepts is
// reported as StreamAccepted. local.port == 0 asks the host for an ephemeral
// port; StreamListening reports the bound address either way.
struct StreamListen {
  StreamId id = 0;
  Endpoint local;
  SocketOptions options;
};

struct StreamSend {
  StreamId id = 0;
  std::vector<std::uint8_t> bytes;
};

enum class CloseMode {
  Graceful,  // FIN; the side that closes first keeps the 5-tuple in TIME_WAIT
  Abortive,  // SO_LINGER {on, 0} then close: RST, the 5-tuple is free at once
};

struct StreamClose {
  StreamId id = 0;
  CloseMode mode = CloseMode::Graceful;
};

using StreamRequest = std::variant<StreamConnect, StreamListen, StreamSend, StreamClose>;

enum class StreamError {
  AddrInUse,    // EADDRINUSE / WSAEADDRINUSE: bind refused by the socket rules
  Refused,      // RST in answer to the SYN
  TimedOut,     // no answer to the SYN retransmissions
  Unreachable,  // no route
};

std::string_view to_string(StreamError e);
std::string_view to_string(CloseMode m);

// The connection with id (from StreamConnect) is established.
struct StreamConnected {
  StreamId id = 0;
  Endpoint local;   // the bound address, with the ephemeral port filled in
  Endpoint remote;
};

// A StreamListen is bound and listening on local (the port filled in when
// the request asked for an ephemeral one).
struct StreamListening {
  StreamId id = 0;
  Endpoint local;
};

// A listener's new connection.
struct StreamAccepted {
  StreamId listener = 0;
  StreamId id = 0;
  Endpoint local;
  Endpoint remote;
};

// A StreamConnect or StreamListen that could not be carried out.
struct StreamFailed {
  StreamId id = 0;
  StreamError error = StreamError::Refused;
};

struct StreamBytes {
  StreamId id = 0;
  std::vector<std::uint8_t> bytes;
};

// The peer closed (FIN): no more bytes will come; the machine still closes
// its side with StreamClose.
struct StreamClosed {
  StreamId id = 0;
};

// The peer reset the connection (RST): it is gone.
struct StreamReset {
  StreamId id = 0;
};

using StreamEvent = std::variant<StreamConnected, StreamAccepted, StreamFailed, StreamBytes,
                                 StreamClosed, StreamReset, StreamListening>;

}  // namespace natlab
