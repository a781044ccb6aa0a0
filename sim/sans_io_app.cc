#include "sim/sans_io_app.h"

#include <ns3/inet-socket-address.h>
#include <ns3/node.h>
#include <ns3/simulator.h>
#include <ns3/udp-socket-factory.h>

#include <set>

#include "sim/ns3_convert.h"

namespace natlab::sim {

NS_OBJECT_ENSURE_REGISTERED(SansIoApp);

ns3::TypeId SansIoApp::GetTypeId() {
  static ns3::TypeId tid = ns3::TypeId("natlab::SansIoApp")
                               .SetParent<ns3::Application>()
                               .SetGroupName("natlab")
                               .AddConstructor<SansIoApp>();
  return tid;
}

void SansIoApp::Setup(std::string name, std::shared_ptr<SansIo> machine, Trace* trace) {
  name_ = std::move(name);
  machine_ = std::move(machine);
  trace_ = trace;
}

bool SansIoApp::open_socket(const Endpoint& ep) {
  auto s = ns3::Socket::CreateSocket(GetNode(), ns3::UdpSocketFactory::GetTypeId());
  if (s->Bind(to_ns3(ep)) != 0) {
    ++send_errors_;
    if (trace_) {
      trace_->record(from_ns3(ns3::Simulator::Now()), "agent",
                     {{"agent", name_}, {"event", "bind-failed"}, {"local", ep.to_string()}});
    }
    s->Close();
    return false;
  }
  // The endpoint is bound into the callback: a TURN server has a socket per
  // allocation, and finding the socket's endpoint by search cost O(sockets)
  // per datagram.
  s->SetRecvCallback(ns3::MakeCallback(&SansIoApp::on_readable, this, ep));
  sockets_[ep] = s;
  return true;
}

void SansIoApp::sync_sockets() {
  // Called after every datagram; allocations change rarely, so the common
  // case must cost one comparison, not a rebuild of the endpoint list.
  const std::uint64_t version = machine_->endpoints_version();
  if (synced_version_ && *synced_version_ == version) return;
  synced_version_ = version;
  auto wanted_list = machine_->local_endpoints();
  std::set<Endpoint> wanted(wanted_list.begin(), wanted_list.end());
  for (auto it = sockets_.begin(); it != sockets_.end();) {
    if (wanted.count(it->first)) {
      ++it;
      continue;
    }
    it->second->SetRecvCallback(ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>());
    it->second->Close();
    it = sockets_.erase(it);
  }
  for (const auto& ep : wanted)
    if (!sockets_.count(ep)) open_socket(ep);
}

void SansIoApp::StartApplication() {
  for (const Endpoint& ep : machine_->local_endpoints()) open_socket(ep);
  machine_->start(from_ns3(ns3::Simulator::Now()));
  pump();
}

void SansIoApp::StopApplication() {
  timer_.Cancel();
  if (streams_) streams_->stop();
  for (auto& [ep, s] : sockets_) {
    s->SetRecvCallback(ns3::MakeNullCallback<void, ns3::Ptr<ns3::Socket>>());
    s->Close();
  }
  sockets_.clear();
}

void SansIoApp::DoDispose() {
  timer_.Cancel();
  streams_.reset();
  sockets_.clear();
  machine_.reset();
  ns3::Application::DoDispose();
}

void SansIoApp::on_readable(Endpoint local, ns3::Ptr<ns3::Socket> socket) {
  ns3::Address from;
  std::vector<std::uint8_t> buf;
  while (ns3::Ptr<ns3::Packet> p = socket->RecvFrom(from)) {
    buf.resize(p->GetSize());
    if (!buf.empty()) p->CopyData(buf.data(), static_cast<std::uint32_t>(buf.size()));
    const Endpoint remote = from_ns3(ns3::InetSocketAddress::ConvertFrom(from));
    machine_->handle_datagram(from_ns3(ns3::Simulator::Now()), local, remote, buf);
  }
  pump();
}

void SansIoApp::on_timer() {
  timer_ = ns3::EventId();
  machine_->handle_timeout(from_ns3(ns3::Simulator::Now()));
  pump();
}

void SansIoApp::on_stream_event(const StreamEvent& e) {
  machine_->handle_stream_event(from_ns3(ns3::Simulator::Now()), e);
}

void SansIoApp::pump() {
  // A stream event delivered while pump() drains requests runs the machine
  // again; the loop below picks up what it asks for, so no nested pump.
  if (pumping_) return;
  pumping_ = true;
  if (machine_->dynamic_endpoints()) sync_sockets();
  while (auto r = machine_->poll_stream_request()) {
    if (!streams_) {
      streams_ = std::make_unique<StreamSockets>(
          GetNode(), name_, trace_, [this](const StreamEvent& e) { on_stream_event(e); }, [this] { pump(); });
    }
    streams_->handle(*r);
  }
  while (auto t = machine_->poll_transmit()) {
    auto it = sockets_.find(t->local);
    if (it == sockets_.end()) {
      ++send_errors_;
      continue;
    }
    auto p = ns3::Create<ns3::Packet>(t->bytes.data(), static_cast<std::uint32_t>(t->bytes.size()));
    if (it->second->SendTo(p, 0, to_ns3(t->remote)) < 0) ++send_errors_;
  }
  pumping_ = false;
  if (trace_) {
    for (auto& e : machine_->poll_events()) {
      e["agent"] = name_;
      trace_->record(from_ns3(ns3::Simulator::Now()), "agent", std::move(e));
    }
  }
  const auto next = machine_->poll_timeout();
  if (!next) {
    timer_.Cancel();
    return;
  }
  if (timer_.IsRunning() && timer_at_ == *next) return;
  timer_.Cancel();
  timer_at_ = *next;
  const Time now = from_ns3(ns3::Simulator::Now());
  timer_ = ns3::Simulator::Schedule(to_ns3(*next > now ? *next - now : Duration{0}), &SansIoApp::on_timer, this);
}

ns3::Ptr<SansIoApp> install_sans_io(ns3::Ptr<ns3::Node> node, std::string name, std::shared_ptr<SansIo> machine,
                                    Trace* trace, Duration start) {
  auto app = ns3::CreateObject<SansIoApp>();
  app->Setup(std::move(name), std::move(machine), trace);
  node->AddApplication(app);
  app->SetStartTime(to_ns3(start));
  return app;
}

}  // namespace natlab::sim
