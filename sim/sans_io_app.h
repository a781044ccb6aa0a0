#pragma once
// An ns-3 Application that owns UDP sockets for a SansIo machine: it feeds the
// machine what the sockets receive, sends what it asks to send, and schedules
// its timer. A machine that asks for TCP streams gets them from StreamSockets
// (ns-3 TCP after the host's socket rules). The same machine runs in unit tests with a fake clock.
#include <ns3/application.h>
#include <ns3/event-id.h>
#include <ns3/socket.h>

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "sim/sans_io.h"
#include "sim/stream_sockets.h"
#include "sim/trace.h"

namespace natlab::sim {

class SansIoApp : public ns3::Application {
 public:
  static ns3::TypeId GetTypeId();
  void Setup(std::string name, std::shared_ptr<SansIo> machine, Trace* trace);
  SansIo& machine() { return *machine_; }
  // Sends what the machine queued after someone other than this app called it
  // (the signalling channel).
  void poke() { pump(); }
  std::uint64_t send_errors() const { return send_errors_; }

 protected:
  void StartApplication() override;
  void StopApplication() override;
  void DoDispose() override;

 private:
  void on_readable(Endpoint local, ns3::Ptr<ns3::Socket> socket);
  void pump();  // drain transmits and events, re-arm the timer
  void sync_sockets();  // open/close sockets to match local_endpoints()
  bool open_socket(const Endpoint& ep);
  void on_timer();
  void on_stream_event(const StreamEvent& e);

  std::string name_;
  std::shared_ptr<SansIo> machine_;
  Trace* trace_ = nullptr;
  std::map<Endpoint, ns3::Ptr<ns3::Socket>> sockets_;
  std::optional<std::uint64_t> synced_version_;  // endpoints_version() at the last sync
  ns3::EventId timer_;
  Time timer_at_{};
  std::uint64_t send_errors_ = 0;
  std::unique_ptr<StreamSockets> streams_;  // made on the first stream request
  bool pumping_ = false;
};

// Installs a machine on a node, started at `start`.
ns3::Ptr<SansIoApp> install_sans_io(ns3::Ptr<ns3::Node> node, std::string name, std::shared_ptr<SansIo> machine,
                                    Trace* trace, Duration start);

}  // namespace natlab::sim
