#pragma once
// TCP streams (common/stream_io.h) of one sans-IO machine over ns-3 TCP
// sockets. Every bind, listen and connect asks the host's socket rules first
// (sim/socket_rules.h), so a request the host's OS would refuse fails with
// AddrInUse before ns-3 sees it. Each step is a "socket" record in the trace.
#include <ns3/event-id.h>
#include <ns3/node.h>
#include <ns3/socket.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/stream_io.h"
#include "sim/socket_rules.h"
#include "sim/trace.h"

namespace natlab::sim {

class HostSockets;

class StreamSockets {
 public:
  // deliver hands an event to the machine; after_callback runs once an ns-3
  // callback has delivered its events (the app drains the machine then).
  StreamSockets(ns3::Ptr<ns3::Node> node, std::string agent, Trace* trace,
                std::function<void(const StreamEvent&)> deliver, std::function<void()> after_callback);
  ~StreamSockets();
  StreamSockets(const StreamSockets&) = delete;
  StreamSockets& operator=(const StreamSockets&) = delete;

  void handle(const StreamRequest& request);
  // The app stops: every stream is closed without telling the machine.
  void stop();

 private:
  // What ns-3's "Rx" trace of a socket reports to: cut (owner null) when the
  // stream is released, since ns-3 may keep the socket after that.
  struct RxWatch {
    StreamSockets* owner = nullptr;
    StreamId id = 0;
  };
  struct Stream {
    ns3::Ptr<ns3::Socket> socket;
    std::shared_ptr<RxWatch> rx_watch;
    SocketRules::SocketId rules_id = 0;
    Endpoint local;
    Endpoint remote;
    bool listener = false;
    bool connected = false;
    bool rst_received = false;
    bool close_when_flushed = false;
    std::deque<std::uint8_t> pending;  // not yet taken by ns-3's send buffer
  };

  void connect(const StreamConnect& c);
  void listen(const StreamListen& l);
  void send(const StreamSend& s);
  void close(const StreamClose& c);
  void fail(StreamId id, StreamError error, const char* reason, const Endpoint& local);
  // connecting: a socket for connect(), which gets TCP simultaneous open right.
  ns3::Ptr<ns3::Socket> new_socket(bool connecting);
  Endpoint ns3_local_for(const Endpoint& local) const;
  void watch(StreamId id, ns3::Ptr<ns3::Socket> socket);
  void flush(StreamId id);
  void graceful_close(StreamId id);
  void release(StreamId id);
  void schedule_expiry(Time until);
  void on_expiry();
  void on_connected(StreamId id, ns3::Ptr<ns3::Socket> s);
  void on_connect_failed(StreamId id, ns3::Ptr<ns3::Socket> s);
  void on_accept(StreamId listener, ns3::Ptr<ns3::Socket> s, const ns3::Address& from);
  void on_readable(StreamId id, ns3::Ptr<ns3::Socket> s);
  void on_writable(StreamId id, ns3::Ptr<ns3::Socket> s, std::uint32_t available);
  void on_peer_close(StreamId id, ns3::Ptr<ns3::Socket> s);
  void on_error_close(StreamId id, ns3::Ptr<ns3::Socket> s);
  void on_rst_received(StreamId id);
  void refuse_pending(StreamId id, ns3::Ptr<ns3::Socket> s);
  void record(const char* event, nlohmann::json fields);
  Time now() const;

  ns3::Ptr<ns3::Node> node_;
  HostSockets* host_;
  std::string agent_;
  Trace* trace_;
  std::function<void(const StreamEvent&)> deliver_;
  std::function<void()> after_callback_;
  std::map<StreamId, Stream> streams_;
  StreamId next_accepted_ = kFirstAcceptedStreamId;
  std::vector<ns3::EventId> expiry_events_;
  std::vector<ns3::EventId> pending_events_;
  // Sockets closed by the machine: ns-3 may still finish their close.
  std::vector<ns3::Ptr<ns3::Socket>> closed_;
};

}  // namespace natlab::sim
