#pragma once
// Test helpers for simulated worlds: a datagram probe machine and a one-NAT
// scenario.
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "sim/sans_io.h"
#include "sim/scenario.h"

namespace natlab::sim::testing {

// Sends `count` datagrams to `peer` (one per 100 ms) from one local endpoint
// and records what comes back; echoes anything it receives when `echo`.
class Probe : public SansIo {
 public:
  Probe(std::vector<Endpoint> locals, std::optional<Endpoint> peer, int count, bool echo,
        Duration interval = std::chrono::milliseconds(100))
      : locals_(std::move(locals)), peer_(peer), left_(count), echo_(echo), interval_(interval) {}
  std::vector<Endpoint> local_endpoints() const override { return locals_; }
  void start(Time now) override {
    if (peer_ && left_ > 0) next_ = now;
  }
  void handle_datagram(Time now, const Endpoint& local, const Endpoint& remote,
                       std::span<const std::uint8_t> bytes) override {
    received.push_back({now, local, remote, std::string(bytes.begin(), bytes.end())});
    if (echo_) out_.push_back({local, remote, std::vector<std::uint8_t>(bytes.begin(), bytes.end())});
  }
  void handle_timeout(Time now) override {
    if (!peer_ || left_ == 0 || !next_ || now < *next_) return;
    std::string msg = "ping" + std::to_string(left_--);
    out_.push_back({locals_.front(), *peer_, std::vector<std::uint8_t>(msg.begin(), msg.end())});
    next_ = left_ > 0 ? std::optional<Time>(now + interval_) : std::nullopt;
  }
  std::optional<Transmit> poll_transmit() override {
    if (out_.empty()) return std::nullopt;
    auto t = out_.front();
    out_.pop_front();
    return t;
  }
  std::optional<Time> poll_timeout() const override { return next_; }

  struct Rx {
    Time at;
    Endpoint local, remote;
    std::string text;
  };
  std::vector<Rx> received;

 private:
  std::vector<Endpoint> locals_;
  std::optional<Endpoint> peer_;
  int left_;
  bool echo_;
  Duration interval_;
  std::optional<Time> next_;
  std::deque<Transmit> out_;
};

inline Endpoint ep(const char* s) { return *Endpoint::parse(s); }
inline IpAddress ip(const char* s) { return *IpAddress::parse(s); }

inline Scenario one_nat(nat::NatType type) {
  Scenario sc;
  sc.name = "world test";
  Server srv;
  srv.name = "srv";
  srv.address = ip("203.0.113.10");
  srv.link.delay = std::chrono::milliseconds(5);
  sc.servers.push_back(srv);
  NatBox nb;
  nb.name = "nat-a";
  nb.config = nat::Config::for_type(type);
  nb.config.public_address = ip("198.51.100.1");
  nb.lan.subnet = ip("192.168.1.0");
  nb.lan.inside_address = ip("192.168.1.254");
  nb.link.delay = std::chrono::milliseconds(10);
  sc.nats.push_back(nb);
  Host h;
  h.name = "alice";
  h.address = ip("192.168.1.10");
  h.behind = "nat-a";
  h.link.delay = std::chrono::milliseconds(1);
  sc.hosts.push_back(h);
  return sc;
}


}  // namespace natlab::sim::testing
