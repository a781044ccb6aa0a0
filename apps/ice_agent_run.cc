#include "apps/ice_agent_run.h"

#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include <asio/io_context.hpp>
#include <nlohmann/json.hpp>

#include "agents/ice/sdp.h"
#include "common/rng.h"
#include "realnet/driver.h"
#include "realnet/local_addresses.h"
#include "realnet/run.h"
#include "sim/agent_machine.h"

namespace natlab::apps {

namespace {

using namespace std::chrono_literals;

// A data packet, the same in tests/interop/nice_peer.c: one byte 0x80 (RFC
// 7983: the RTP range, so never taken for STUN or ChannelData), then
// "natlab-ice-data <seq> <ack>", where ack is how many of the other side's
// packets the sender has received so far.
std::vector<std::uint8_t> data_packet(int seq, int ack) {
  const std::string text = "natlab-ice-data " + std::to_string(seq) + " " + std::to_string(ack);
  std::vector<std::uint8_t> out{0x80};
  out.insert(out.end(), text.begin(), text.end());
  return out;
}

bool parse_data_packet(std::span<const std::uint8_t> bytes, int& seq, int& ack) {
  if (bytes.size() < 2 || bytes[0] != 0x80) return false;
  const std::string text(bytes.begin() + 1, bytes.end());
  return std::sscanf(text.c_str(), "natlab-ice-data %d %d", &seq, &ack) == 2;
}

Rng seeded_rng() {
  // Credentials and transaction IDs must differ between runs.
  const auto t = std::chrono::steady_clock::now().time_since_epoch().count();
  return Rng(static_cast<std::uint64_t>(t) ^ (static_cast<std::uint64_t>(::getpid()) << 32));
}

bool write_atomically(const std::string& path, const std::string& text) {
  const std::string tmp = path + ".tmp";
  {
    std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
    if (!f || !(f << text) || !f.flush()) return false;
  }
  std::error_code ec;
  std::filesystem::rename(tmp, path, ec);  // the peer sees all of it or nothing
  return !ec;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) return std::nullopt;
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

nlohmann::ordered_json candidate_json(const ice::Candidate& c) {
  nlohmann::ordered_json j;
  j["type"] = ice::to_string(c.type);
  j["transport"] = c.transport == Transport::Udp ? "udp" : "tcp";
  if (c.tcptype) j["tcptype"] = ice::to_string(*c.tcptype);  // RFC 6544 4.5
  j["address"] = c.address.address.to_string();
  j["port"] = c.address.port;
  return j;
}

}  // namespace

IceAgentOutcome run_ice_agent(const IceAgentRun& run) {
  IceAgentOutcome o;
  const auto deadline = std::chrono::steady_clock::now() + run.timeout;
  auto left = [&] {
    return std::chrono::duration_cast<Duration>(
        std::max<std::chrono::steady_clock::duration>(deadline - std::chrono::steady_clock::now(), 0s));
  };
  if (run.addresses.empty()) {
    o.reason = "no local IPv4 address to gather host candidates on";
    return o;
  }
  Rng rng = seeded_rng();
  asio::io_context io;

  // Ports free a moment ago; another process may take one in between, so
  // a failed bind starts over with new ones.
  std::unique_ptr<sim::AgentMachine> machine;
  std::unique_ptr<realnet::Driver> driver;
  for (int attempt = 0; attempt < 5 && !driver; ++attempt) {
    sim::AgentSetup setup;
    setup.name = "natlab";
    setup.ice.role = run.role;
    setup.ice.nomination = run.nomination;
    setup.ice.relay_only = run.relay_only;
    setup.ice.transports = run.transports;
    setup.ice.tcp_candidates = run.tcp_candidates;
    for (const IpAddress& a : run.addresses) {
      auto port = realnet::free_udp_port(a);
      if (!port) {
        o.reason = "cannot bind a UDP socket on " + a.to_string();
        return o;
      }
      setup.ice.sockets.push_back(ice::HostSocket{1, Endpoint{a, *port}});
    }
    if (run.stun) setup.ice.stun_servers.push_back(*run.stun);
    if (run.turn) setup.turn.push_back(sim::TurnSetup{*run.turn, run.user, run.password, run.turn_transport});
    machine = std::make_unique<sim::AgentMachine>(setup, rng.fork(static_cast<std::uint64_t>(attempt)));
    driver = std::make_unique<realnet::Driver>(io, *machine);
    if (auto err = driver->start()) {
      o.reason = err->message();
      driver.reset();
    }
  }
  if (!driver) return o;
  sim::AgentMachine& m = *machine;

  std::set<int> got;  // sequence numbers received
  int peer_ack = 0;   // how many of ours the peer has received
  int packets_in = 0;  // data packets received, repeats included
  m.on_data = [&](Time, const ice::DataReceived& d) {
    int seq = 0, ack = 0;
    if (!parse_data_packet(d.bytes, seq, ack)) return;
    ++packets_in;
    if (seq >= 0 && seq < run.data) got.insert(seq);
    peer_ack = std::max(peer_ack, ack);
  };

  // Gathering, then our description for the peer.
  if (!realnet::run_until(io, [&] { return m.gathering_complete(); }, left())) {
    o.reason = "gathering did not complete";
    return o;
  }
  if (!write_atomically(run.local_sdp, ice::format_media_section(m.local_description()))) {
    o.reason = "cannot write " + run.local_sdp;
    return o;
  }

  // The peer's description; the agent keeps running (keepalives, TURN
  // refreshes) while we wait.
  std::optional<ice::SessionDescription> remote;
  std::string parse_error;
  realnet::run_until(io, [&] {
    if (!std::filesystem::exists(run.remote_sdp)) return false;
    auto text = read_file(run.remote_sdp);
    if (!text) return false;
    remote = ice::parse_description(*text);
    if (!remote) parse_error = "cannot parse " + run.remote_sdp;
    return true;
  }, left());
  if (!remote) {
    o.reason = parse_error.empty() ? "no remote description at " + run.remote_sdp : parse_error;
    return o;
  }
  m.set_remote(driver->now(), *remote);
  driver->process();

  const auto& stats = m.stats();
  realnet::run_until(io, [&] { return stats.completed || stats.failed; }, left());
  if (!stats.completed) {
    o.reason = stats.failed ? "ICE failed: no valid pair" : "ICE did not complete in time";
    return o;
  }

  // Data both ways on the selected pair. Packets sent before the peer has
  // selected its pair may be dropped, so they are sent again in turn until
  // the peer acknowledges all of them.
  auto send = [&](int seq) {
    m.send_data(driver->now(), 1, data_packet(seq, static_cast<int>(got.size())));
    driver->process();
  };
  for (int i = 0; i < run.data; ++i) send(i);
  o.sent = run.data;
  int next = 0;
  std::size_t acked_got = got.size();
  auto done = [&] { return static_cast<int>(got.size()) == run.data && peer_ack >= run.data; };
  while (!done() && left() > Duration::zero()) {
    realnet::run_until(io, [&] { return done() || got.size() != acked_got; },
                       std::min<Duration>(left(), std::chrono::milliseconds(100)));
    if (done()) break;
    acked_got = got.size();
    send(run.data > 0 ? next++ % run.data : 0);
  }
  o.received = static_cast<int>(got.size());
  // Tell the peer we have all of its packets: it may still be waiting for
  // that. A few copies, since nothing answers them.
  for (int i = 0; i < 3 && run.data > 0; ++i) send(run.data - 1);
  if (auto it = stats.selected.find(1); it != stats.selected.end()) o.selected = it->second;
  // Our last acknowledgements may ride a TCP connection: ICE-TCP, or TURN
  // over TCP to our relay (RFC 5766 2.1).
  const bool over_tcp = o.selected && (o.selected->local.transport == Transport::Tcp ||
                                       (o.selected->local.type == ice::CandidateType::Relayed &&
                                        run.turn_transport == Transport::Tcp));
  if (done() && over_tcp) {
    // Exiting closes the connection, and a close with unread bytes sends an
    // RST that can overtake our last acknowledgements (the receiver drops
    // what it has not read yet: libnice, or the TURN server that was to
    // relay them); the peer then fails before it has read them. So stay
    // while the peer still resends (it lacks our acknowledgement: answer
    // again), until it closes or is quiet for 300 ms.
    for (int round = 0; round < 20 && left() > Duration::zero(); ++round) {
      const int before = packets_in;
      realnet::run_until(io, [&] { return driver->stream_count() == 0 || packets_in != before; },
                         std::min<Duration>(left(), std::chrono::milliseconds(300)));
      if (driver->stream_count() == 0 || packets_in == before) break;
      send(run.data - 1);
    }
  }
  if (!done()) {
    o.reason = "data: received " + std::to_string(o.received) + " of " + std::to_string(run.data) +
               ", the peer acknowledged " + std::to_string(peer_ack);
    return o;
  }
  if (!o.selected) {
    o.reason = "no selected pair";
    return o;
  }
  o.ok = true;
  return o;
}

std::string outcome_json(const IceAgentRun& run, const IceAgentOutcome& o) {
  nlohmann::ordered_json j;
  if (!o.ok) {
    j["result"] = "failed";
    j["reason"] = o.reason;
    return j.dump();
  }
  j["result"] = "connected";
  j["role"] = run.role == ice::Role::Controlling ? "controlling" : "controlled";
  j["nomination"] = run.nomination == ice::NominationMode::Aggressive ? "aggressive" : "regular";
  j["selected"]["local"] = candidate_json(o.selected->local);
  j["selected"]["remote"] = candidate_json(o.selected->remote);
  j["data"]["sent"] = o.sent;
  j["data"]["received"] = o.received;
  return j.dump();
}

}  // namespace natlab::apps
