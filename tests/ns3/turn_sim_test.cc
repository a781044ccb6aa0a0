// The TURN client and server over the simulated network, without ICE
// (issue 4, item 3): a host behind each NAT type allocates on turn1, permits a
// public peer and exchanges data with it through the relay, first by Send and
// Data indications, then over a channel; over one simulated hour refreshes
// keep the allocation, and without them the server expires it at exactly
// allocation time + 600 s. The trace shows each step on the wire.
#include <gtest/gtest.h>

#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "sim/sans_io_app.h"
#include "sim/server_machine.h"
#include "sim/world.h"
#include "tests/ns3/turn_probe.h"

namespace natlab::sim {
namespace {

using namespace testing;
using namespace std::chrono_literals;
using nlohmann::json;

const Endpoint kPeer = ep("203.0.113.50:7000");
const Endpoint kStranger = ep("203.0.113.60:7000");
const IpAddress kServerIp = ip("203.0.113.10");

// One world: turn1 running the TURN core, alice's TurnProbe behind nat-a,
// the echoing peer (and an idle stranger) in the public internet.
struct Rig {
  explicit Rig(nat::NatType type, Duration interval = 200ms, turn::TurnClientConfig cfg = alice_turn_config(),
               Duration peer_interval = Duration{0})
      : w(turn_world(type), {}) {
    server = std::make_shared<ServerMachine>(*w.scenario().find_server("turn1"), w.rng_for("server:turn1"));
    client = std::make_shared<TurnProbe>(cfg, kPeer, interval, w.rng_for("client:alice"));
    peer = std::make_shared<TurnPeer>(kPeer, peer_interval);
    install_sans_io(w.node("turn1"), "turn1", server, &w.trace(), Duration{0});
    install_sans_io(w.node("peer"), "peer", peer, &w.trace(), Duration{0});
    install_sans_io(w.node("alice"), "alice", client, &w.trace(), 100ms);
  }

  const turn::TurnServerCounters& counters() const { return server->turn()->counters(); }
  std::optional<Endpoint> relayed() const {
    auto a = client->events_of<turn::Allocated>();
    return a.empty() ? std::nullopt : std::optional<Endpoint>(a.front().second.relayed);
  }

  World w;
  std::shared_ptr<ServerMachine> server;
  std::shared_ptr<TurnProbe> client;
  std::shared_ptr<TurnPeer> peer;
};

bool starts_with(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }

// Packet records with a summary, in trace order.
std::vector<json> summarized_packets(const std::vector<json>& records) {
  std::vector<json> out;
  for (const auto& r : records)
    if (r["kind"] == "packet" && r.contains("summary")) out.push_back(r);
  return out;
}

// Index of the first packet on alice's own wire going `dir` ("from" alice:
// client to server, "to" alice: server to client) whose summary starts with
// `prefix` and contains `needle`; -1 if none.
long first_at_alice(const std::vector<json>& packets, const char* dir, const std::string& prefix,
                    const std::string& needle = "") {
  for (std::size_t i = 0; i < packets.size(); ++i) {
    const auto& r = packets[i];
    const std::string sum = r["summary"];
    if (r[dir] == "alice" && starts_with(sum, prefix) && sum.find(needle) != std::string::npos)
      return static_cast<long>(i);
  }
  return -1;
}

// What the "Done when" asks the trace to show, in order: Allocate 401
// then success, CreatePermission, ChannelBind, and ChannelData both ways.
void expect_turn_exchange(const std::vector<json>& packets) {
  const long req = first_at_alice(packets, "from", "Allocate Request");
  const long e401 = first_at_alice(packets, "to", "Allocate Error", "ERROR-CODE=401");
  const long ok = first_at_alice(packets, "to", "Allocate Success");
  const long perm_req = first_at_alice(packets, "from", "CreatePermission Request");
  const long perm_ok = first_at_alice(packets, "to", "CreatePermission Success");
  const long send = first_at_alice(packets, "from", "Send Indication");
  const long data = first_at_alice(packets, "to", "Data Indication");
  const long bind_req = first_at_alice(packets, "from", "ChannelBind Request");
  const long bind_ok = first_at_alice(packets, "to", "ChannelBind Success");
  const long cd_up = first_at_alice(packets, "from", "ChannelData");
  const long cd_down = first_at_alice(packets, "to", "ChannelData");
  ASSERT_GE(req, 0);
  ASSERT_GE(e401, 0) << "the first Allocate is challenged";
  ASSERT_GE(ok, 0);
  ASSERT_GE(perm_req, 0);
  ASSERT_GE(perm_ok, 0);
  ASSERT_GE(send, 0);
  ASSERT_GE(data, 0);
  ASSERT_GE(bind_req, 0);
  ASSERT_GE(bind_ok, 0);
  ASSERT_GE(cd_up, 0) << "ChannelData client -> server";
  ASSERT_GE(cd_down, 0) << "ChannelData server -> client";
  EXPECT_LT(req, e401);
  EXPECT_LT(e401, ok);
  EXPECT_LT(ok, perm_req);
  EXPECT_LT(perm_req, perm_ok);
  EXPECT_LT(perm_ok, send);
  EXPECT_LT(send, data);
  EXPECT_LT(data, bind_req);
  EXPECT_LT(bind_req, bind_ok);
  EXPECT_LT(bind_ok, cd_up);
  EXPECT_LT(cd_up, cd_down);
  // The success carries the realm's credentials: it answers a second
  // Allocate, which has USERNAME and MESSAGE-INTEGRITY.
  int signed_allocates = 0;
  for (long i = e401; i < ok; ++i) {
    const std::string s = packets[static_cast<std::size_t>(i)]["summary"];
    if (packets[static_cast<std::size_t>(i)]["from"] == "alice" && starts_with(s, "Allocate Request") &&
        s.find("USERNAME=\"alice\"") != std::string::npos && s.find("MESSAGE-INTEGRITY") != std::string::npos)
      ++signed_allocates;
  }
  EXPECT_EQ(signed_allocates, 1);
}

// ---------------------------------------------------------------------------
// Every NAT type: allocate, permit, Send/Data, bind, ChannelData both ways.

class ns3TurnNat : public ::testing::TestWithParam<nat::NatType> {};

TEST_P(ns3TurnNat, RelaysBothWaysThroughTheRelayedAddress) {
  Rig rig(GetParam());
  rig.w.run(3s);

  // Allocation succeeds, on turn1's address; the relayed address is not the
  // client's own or its NAT mapping.
  auto allocated = rig.client->events_of<turn::Allocated>();
  ASSERT_EQ(allocated.size(), 1u);
  const Endpoint relayed = allocated[0].second.relayed;
  EXPECT_EQ(relayed.address, kServerIp);
  ASSERT_TRUE(allocated[0].second.mapped);
  const Endpoint mapped = *allocated[0].second.mapped;
  EXPECT_NE(relayed, mapped);
  EXPECT_EQ(mapped.address, GetParam() == nat::NatType::Open ? ip("192.168.1.10") : ip("198.51.100.1"));
  EXPECT_TRUE(rig.client->events_of<turn::AllocateFailed>().empty());
  EXPECT_EQ(rig.client->client().state(), turn::ClientState::Allocated);

  // The peer hears only the relayed address.
  ASSERT_GE(rig.peer->received.size(), 5u);
  for (const auto& rx : rig.peer->received) {
    EXPECT_EQ(rx.remote, relayed) << rx.text;
    EXPECT_NE(rx.remote, mapped);
  }
  EXPECT_EQ(rig.peer->received.front().text, "ping1");

  // The echoes come back through the relay with the peer's address: as a
  // Data indication before the channel is bound, as ChannelData after.
  auto bound = rig.client->events_of<turn::ChannelBound>();
  ASSERT_EQ(bound.size(), 1u);
  EXPECT_EQ(bound[0].second.peer, kPeer);
  const Time bound_at = bound[0].first;
  ASSERT_GE(rig.client->received.size(), 5u);
  EXPECT_FALSE(rig.client->received.front().channel) << "first echo is a Data indication";
  EXPECT_EQ(rig.client->received.front().text, "ping1");
  int via_channel = 0;
  for (const auto& rx : rig.client->received) {
    EXPECT_EQ(rx.peer, kPeer);
    EXPECT_EQ(rx.channel.has_value(), rx.at > bound_at) << rx.text;
    if (rx.channel) {
      EXPECT_EQ(*rx.channel, bound[0].second.channel);
      ++via_channel;
    }
  }
  EXPECT_GE(via_channel, 4);
  const auto& cc = rig.client->client().counters();
  EXPECT_EQ(cc.send_indications, 1u);
  EXPECT_EQ(cc.data_indications_received, 1u);
  EXPECT_EQ(cc.channel_data_received, static_cast<std::uint64_t>(via_channel));
  EXPECT_EQ(cc.channel_data_sent + cc.send_indications, static_cast<std::uint64_t>(rig.client->sent));

  // Every ping reached the peer through the relay and every echo came back.
  const auto& sc = rig.counters();
  EXPECT_EQ(sc.relayed_to_peer_packets, static_cast<std::uint64_t>(rig.peer->received.size()));
  EXPECT_EQ(sc.relayed_to_client_packets, static_cast<std::uint64_t>(rig.client->received.size()));
  EXPECT_EQ(sc.dropped_no_permission, 0u);
  EXPECT_EQ(sc.errors(401), 1u);

  expect_turn_exchange(summarized_packets(rig.w.trace().records()));
}

INSTANTIATE_TEST_SUITE_P(ns3TurnAllNats, ns3TurnNat,
                         ::testing::Values(nat::NatType::Open, nat::NatType::FullCone, nat::NatType::Restricted,
                                           nat::NatType::PortRestricted, nat::NatType::Symmetric),
                         [](const ::testing::TestParamInfo<nat::NatType>& i) {
                           std::string s = nat::to_string(i.param);
                           for (char& c : s)
                             if (c == '-') c = '_';
                           return s;
                         });

// ---------------------------------------------------------------------------
// One simulated hour.

// The agent records turn1 emitted, with their time.
std::vector<json> server_events(const std::vector<json>& records, const std::string& event) {
  std::vector<json> out;
  for (const auto& r : records)
    if (r["kind"] == "agent" && r["agent"] == "turn1" && r["event"] == event) out.push_back(r);
  return out;
}

// Each of turn1's events of `kinds` carries expiry_ns: the next one must come
// before it, and the last must outlive `end`.
void expect_never_lapsed(const std::vector<json>& records, std::initializer_list<const char*> kinds, Duration end) {
  std::vector<json> evs;
  for (const auto& r : records) {
    if (r["kind"] != "agent" || r["agent"] != "turn1") continue;
    for (const char* k : kinds)
      if (r["event"] == k) evs.push_back(r);
  }
  ASSERT_FALSE(evs.empty()) << *kinds.begin();
  for (std::size_t i = 1; i < evs.size(); ++i)
    EXPECT_LT(evs[i]["t_ns"].get<std::int64_t>(), evs[i - 1]["expiry_ns"].get<std::int64_t>()) << evs[i].dump();
  EXPECT_GT(evs.back()["expiry_ns"].get<std::int64_t>(), end.count()) << evs.back().dump();
}

TEST(ns3TurnHour, RefreshesKeepAllocationPermissionAndChannelForAnHour) {
  // A datagram every 10 s keeps the NAT mapping (120 s) alive; the client's
  // normal policy refreshes the allocation every 540 s, the permission every
  // 240 s and the channel every 540 s.
  Rig rig(nat::NatType::PortRestricted, 10s);
  rig.w.run(3605s);

  const auto& c = rig.client->client();
  EXPECT_EQ(c.state(), turn::ClientState::Allocated);
  EXPECT_TRUE(c.has_permission(kPeer.address));
  auto bound = rig.client->events_of<turn::ChannelBound>();
  ASSERT_FALSE(bound.empty());
  ASSERT_TRUE(c.channel(kPeer));
  EXPECT_EQ(*c.channel(kPeer), bound.front().second.channel);
  EXPECT_TRUE(rig.client->events_of<turn::AllocationExpired>().empty());
  EXPECT_TRUE(rig.client->events_of<turn::RefreshFailed>().empty());
  EXPECT_TRUE(rig.client->events_of<turn::PermissionFailed>().empty());
  EXPECT_TRUE(rig.client->events_of<turn::ChannelBindFailed>().empty());

  // The allocation was refreshed every 540 s: 6 times within the hour.
  EXPECT_GE(rig.client->events_of<turn::Refreshed>().size(), 6u);

  // The server kept all three, and deleted nothing.
  const turn::TurnServer& s = *rig.server->turn();
  EXPECT_EQ(s.allocation_count(), 1u);
  EXPECT_EQ(s.permission_count(), 1u);
  EXPECT_EQ(s.channel_count(), 1u);
  const auto& records = rig.w.trace().records();
  EXPECT_TRUE(server_events(records, "allocation-deleted").empty());
  EXPECT_TRUE(server_events(records, "permission-expired").empty());
  EXPECT_TRUE(server_events(records, "channel-expired").empty());
  EXPECT_GE(server_events(records, "allocation-refreshed").size(), 6u);
  // On turn1's side nothing lapsed, ever: each (re)installation came before
  // the previous one's expiry, and the last one outlives the run.
  expect_never_lapsed(records, {"allocation-created", "allocation-refreshed"}, 3605s);
  expect_never_lapsed(records, {"permission-installed"}, 3605s);
  expect_never_lapsed(records, {"channel-installed"}, 3605s);

  // Data still flows over the channel at the end of the hour.
  ASSERT_FALSE(rig.client->received.empty());
  const auto& last = rig.client->received.back();
  EXPECT_GE(last.at, 3590s);
  EXPECT_TRUE(last.channel);
  EXPECT_EQ(last.peer, kPeer);
  EXPECT_GE(rig.peer->received.back().at, 3590s);
  EXPECT_EQ(rig.peer->received.back().remote, *rig.relayed());
  EXPECT_EQ(rig.counters().dropped_no_permission, 0u);
  EXPECT_EQ(rig.counters().dropped_no_allocation, 0u);
}

TEST(ns3TurnHour, WithoutRefreshesTheServerExpiresTheAllocationAfterItsLifetime) {
  // The refresh instant is pushed past the hour; permissions and channel are
  // still refreshed (they do not keep the allocation). The peer sends on its
  // own every 10 s to whatever last reached it: the relayed address.
  turn::TurnClientConfig cfg = alice_turn_config();
  cfg.refresh.allocation_margin = -std::chrono::hours(2);
  Rig rig(nat::NatType::PortRestricted, 10s, cfg, 10s);
  rig.w.run(3600s);

  const auto& records = rig.w.trace().records();
  const auto packets = summarized_packets(records);

  // When turn1 granted the allocation: the instant its Allocate success left.
  std::optional<std::int64_t> granted_ns;
  for (const auto& p : packets) {
    if (p["from"] == "turn1" && starts_with(p["summary"], "Allocate Success")) {
      granted_ns = p["t_ns"].get<std::int64_t>();
      break;
    }
  }
  ASSERT_TRUE(granted_ns);
  const std::int64_t expected_ns = *granted_ns + std::chrono::nanoseconds(600s).count();  // default lifetime

  // No Refresh was sent; the allocation is deleted at exactly that instant.
  for (const auto& p : packets) EXPECT_FALSE(starts_with(p["summary"], "Refresh")) << p.dump();
  auto deleted = server_events(records, "allocation-deleted");
  ASSERT_EQ(deleted.size(), 1u);
  EXPECT_EQ(deleted[0]["reason"], "expired");
  EXPECT_EQ(deleted[0]["t_ns"].get<std::int64_t>(), expected_ns);
  auto created = server_events(records, "allocation-created");
  ASSERT_EQ(created.size(), 1u);
  EXPECT_EQ(created[0]["t_ns"].get<std::int64_t>(), *granted_ns);
  EXPECT_EQ(created[0]["expiry_ns"].get<std::int64_t>(), expected_ns);
  EXPECT_EQ(deleted[0]["relayed"], created[0]["relayed"]);
  EXPECT_EQ(rig.server->turn()->allocation_count(), 0u);

  // Permission and channel refreshes went on until then, and did not extend it.
  int perm_refreshes = 0;
  for (const auto& [at, p] : rig.client->events_of<turn::PermissionCreated>()) perm_refreshes += p.refresh;
  EXPECT_GE(perm_refreshes, 2);
  // The client saw it coming: it expired its own view no later than turn1.
  auto expired = rig.client->events_of<turn::AllocationExpired>();
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_LE(expired[0].first.count(), expected_ns);
  EXPECT_EQ(rig.client->client().state(), turn::ClientState::Expired);

  // The peer kept sending to the relayed address after the deletion, and
  // none of it was relayed: nothing leaves turn1 towards the client after.
  int peer_sends_after = 0, relayed_before = 0;
  for (const auto& p : packets) {
    const std::int64_t t = p["t_ns"];
    const std::string sum = p["summary"];
    const bool to_client = p["from"] == "turn1" && (starts_with(sum, "ChannelData") || starts_with(sum, "Data Indication"));
    if (to_client) {
      EXPECT_LT(t, expected_ns) << p.dump();
      ++relayed_before;
    }
  }
  for (const auto& r : records) {
    if (r["kind"] == "packet" && r["from"] == "peer" && r["t_ns"].get<std::int64_t>() > expected_ns) ++peer_sends_after;
  }
  EXPECT_GT(relayed_before, 50);
  EXPECT_GE(peer_sends_after, 290) << "about one every 10 s for 3000 s";
  EXPECT_EQ(rig.counters().relayed_to_client_packets, static_cast<std::uint64_t>(relayed_before));
  // Everything turn1 received from the peer it relayed: what the peer sent
  // after the deletion never reached the TURN core, the relay socket having
  // closed with the allocation.
  EXPECT_EQ(rig.counters().received_from_peers, rig.counters().relayed_to_client_packets);
  EXPECT_EQ(rig.counters().dropped_unknown_local, 0u);
  for (const auto& rx : rig.client->received) EXPECT_LT(rx.at.count(), expected_ns);
}

// ---------------------------------------------------------------------------
// Permissions: the server is never an open relay.

TEST(ns3TurnPermission, UnpermittedPeerGetsNothingRelayedEvenThroughFullCone) {
  // alice permits only the peer. The stranger sends to her relayed address
  // every 100 ms; her full-cone NAT would let anything from turn1 in, so the
  // only thing between the stranger and alice is turn1's permission check.
  Rig rig(nat::NatType::FullCone);
  auto* client = rig.client.get();
  auto stranger = std::make_shared<TurnPeer>(kStranger, 100ms, [client] { return client->client().relayed(); });
  install_sans_io(rig.w.node("stranger"), "stranger", stranger, &rig.w.trace(), Duration{0});
  rig.w.run(3s);

  ASSERT_TRUE(rig.relayed());
  ASSERT_GE(stranger->sent, 20);
  const auto& c = rig.counters();
  // Every datagram of the stranger arrived and was dropped (all were sent at
  // least one path delay before the end).
  const auto arrived_late = std::count_if(stranger->sent_at.begin(), stranger->sent_at.end(),
                                          [](Time t) { return t > 3s - 20ms; });
  EXPECT_EQ(c.dropped_no_permission, static_cast<std::uint64_t>(stranger->sent - arrived_late));
  EXPECT_GT(c.dropped_no_permission, 0u);
  EXPECT_EQ(c.received_from_peers, c.dropped_no_permission + rig.peer->received.size());
  EXPECT_EQ(c.relayed_to_client_packets, static_cast<std::uint64_t>(rig.client->received.size()));
  // alice heard the peer only, the stranger heard nothing.
  ASSERT_FALSE(rig.client->received.empty());
  for (const auto& rx : rig.client->received) EXPECT_EQ(rx.peer, kPeer) << rx.text;
  EXPECT_TRUE(stranger->received.empty());
  EXPECT_EQ(rig.client->client().counters().ignored, 0u);
}

// ---------------------------------------------------------------------------
// Issue 4, "Done when": a host behind a symmetric NAT relaying through turn1
// to a public peer; trace.jsonl shows the whole exchange.

TEST(ns3TurnTraceFile, SymmetricNatRelayThroughTurn1IsInTraceJsonl) {
  Rig rig(nat::NatType::Symmetric);
  rig.w.run(3s);

  const auto path = std::filesystem::temp_directory_path() /
                    ("natlab-turn-trace-" + std::to_string(::getpid()) + ".jsonl");
  rig.w.trace().write_jsonl(path.string());
  std::ifstream f(path);
  ASSERT_TRUE(f);
  std::vector<json> lines;
  for (std::string line; std::getline(f, line);) {
    ASSERT_FALSE(line.empty());
    lines.push_back(json::parse(line));
  }
  f.close();
  std::filesystem::remove(path);
  ASSERT_EQ(lines.size(), rig.w.trace().size());

  // Ordered by time.
  for (std::size_t i = 1; i < lines.size(); ++i)
    ASSERT_LE(lines[i - 1]["t_ns"].get<std::int64_t>(), lines[i]["t_ns"].get<std::int64_t>());
  const auto packets = summarized_packets(lines);
  expect_turn_exchange(packets);
  // Through the symmetric NAT: what turn1 sees and answers is nat-a's
  // public address, and the peer talks to turn1's relayed address.
  bool up = false, down = false, peer_side = false;
  for (const auto& p : packets) {
    const std::string sum = p["summary"];
    if (!starts_with(sum, "ChannelData")) continue;
    const std::string src = p["src"], dst = p["dst"];
    if (p["from"] == "nat-a" && starts_with(src, "198.51.100.1:") && dst == "203.0.113.10:3478") up = true;
    if (p["from"] == "turn1" && src == "203.0.113.10:3478" && starts_with(dst, "198.51.100.1:")) down = true;
  }
  // The peer's side carries the bare payload, from and to the relayed address.
  const std::string relayed = rig.relayed()->to_string();
  for (const auto& r : lines)
    if (r["kind"] == "packet" && r["from"] == "turn1" && r["src"] == relayed && r["dst"] == "203.0.113.50:7000")
      peer_side = true;
  EXPECT_TRUE(up);
  EXPECT_TRUE(down);
  EXPECT_TRUE(peer_side);
  int allocated = 0;
  for (const auto& r : lines)
    if (r["kind"] == "agent" && r["agent"] == "alice" && r["event"] == "turn-allocated") ++allocated;
  EXPECT_EQ(allocated, 1);
}

}  // namespace
}  // namespace natlab::sim
