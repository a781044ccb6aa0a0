#pragma once
// Hand-made TURN traces for the RFC 5766 check tests: a public client B on
// bob-pc with an allocation on turn1, and a public peer on peer-pc. Every
// datagram crosses two wires (host/server -> internet -> host/server), as in
// a real trace, so it has a first hop and a last hop.
//
// good() writes a complete, conforming exchange:
//    0 ms  Allocate (unsigned)             -> 401 REALM NONCE      (2 ms)
//   10 ms  Allocate (signed)                -> success, relayed 203.0.113.10:50000, LIFETIME 600 (12 ms)
//   20 ms  CreatePermission 203.0.113.30    -> success (22 ms)
//   30 ms  Send indication to the peer      -> relayed to the peer (32 ms)
//   40 ms  peer -> relayed address          -> Data indication to the client (42 ms)
//   50 ms  ChannelBind 0x4000 to the peer   -> success (52 ms)
//   60 ms  ChannelData 0x4000               -> relayed to the peer (62 ms)
//   70 ms  peer -> relayed address          -> ChannelData 0x4000 to the client (72 ms)
// with turn1's events (allocation-created, permission-installed,
// channel-installed) where the real server emits them.
#include <string>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/stun/integrity.h"
#include "tests/checks/trace_builder.h"

namespace natlab::reports::checks::testing {

inline const char* kTurnWorld = R"(natlab: 1
name: turn check test
duration: 30s
servers:
  - name: turn1
    address: 203.0.113.10
    turn: { port: 3478, users: { bob: hunter2 } }
hosts:
  - { name: bob-pc, address: 203.0.113.20, behind: internet }
  - { name: peer-pc, address: 203.0.113.30, behind: internet }
agents:
  - { name: B, host: bob-pc, turn: [{ server: turn1, username: bob, password: hunter2 }] }
  - { name: P, host: peer-pc }
sessions:
  - { name: call1, controlling: B, controlled: P }
)";

class TurnTrace {
 public:
  const Endpoint client = ep("203.0.113.20:40000");
  const Endpoint server = ep("203.0.113.10:3478");
  const Endpoint relayed = ep("203.0.113.10:50000");
  const Endpoint peer = ep("203.0.113.30:7000");
  const std::string nonce = "nonce-1";

  explicit TurnTrace(const std::string& yaml = kTurnWorld) : b(yaml) {}

  TraceBuilder b;

  static stun::IntegrityKey key(const std::string& user = "bob", const std::string& password = "hunter2") {
    return stun::long_term_key(user, "natlab.test", password);
  }

  static stun::Message message(stun::Method method, stun::Class cls, std::uint8_t id) {
    stun::Message m;
    m.cls = cls;
    m.method = static_cast<std::uint16_t>(method);
    m.transaction_id = tid(id);
    return m;
  }
  // A request with the long-term credentials' attributes (MESSAGE-INTEGRITY is added when encoded).
  stun::Message signed_request(stun::Method method, std::uint8_t id, const std::string& user = "bob") const {
    stun::Message m = message(method, stun::Class::Request, id);
    m.add(stun::Username{user}).add(stun::Realm{"natlab.test"}).add(stun::Nonce{nonce});
    return m;
  }
  static stun::Message answer(const stun::Message& request, stun::Class cls) {
    stun::Message m;
    m.cls = cls;
    m.method = request.method;
    m.transaction_id = request.transaction_id;
    return m;
  }
  static std::vector<std::uint8_t> bytes(const stun::Message& m, std::optional<stun::IntegrityKey> k = std::nullopt) {
    return stun::encode(m, stun::EncodeOptions{std::move(k), true});
  }
  static std::vector<std::uint8_t> channel_data(std::uint16_t number, std::size_t size) {
    return stun::encode(stun::ChannelData{number, std::vector<std::uint8_t>(size, 0x80)});
  }

  // A datagram from the client to turn1's service port, over two wires.
  void to_server(Time t, const std::vector<std::uint8_t>& payload) {
    b.packet(t, "bob-pc", "internet", client, server, payload);
    b.packet(t + ms(1), "internet", "turn1", client, server, payload);
  }
  void to_client(Time t, const std::vector<std::uint8_t>& payload) {
    b.packet(t, "turn1", "internet", server, client, payload);
    b.packet(t + ms(1), "internet", "bob-pc", server, client, payload);
  }
  // From the relayed address to the peer, and back.
  void relay_to_peer(Time t, const std::vector<std::uint8_t>& payload, const Endpoint* to = nullptr) {
    b.packet(t, "turn1", "internet", relayed, to ? *to : peer, payload);
    b.packet(t + ms(1), "internet", "peer-pc", relayed, to ? *to : peer, payload);
  }
  void peer_to_relay(Time t, const std::vector<std::uint8_t>& payload) {
    b.packet(t, "peer-pc", "internet", peer, relayed, payload);
    b.packet(t + ms(1), "internet", "turn1", peer, relayed, payload);
  }

  // The steps of good(), each usable on its own.
  void allocate_challenged(Time t, std::uint8_t id = 1) {
    stun::Message req = message(stun::Method::Allocate, stun::Class::Request, id);
    req.add(stun::RequestedTransport{17});
    to_server(t, bytes(req));
    stun::Message e = answer(req, stun::Class::Error);
    e.add(stun::ErrorCode{401, "Unauthorized"}).add(stun::Realm{"natlab.test"}).add(stun::Nonce{nonce});
    to_client(t + ms(2), bytes(e));
  }
  void allocate(Time t, std::uint8_t id = 2, std::uint32_t lifetime_s = 600) {
    stun::Message req = signed_request(stun::Method::Allocate, id);
    req.add(stun::RequestedTransport{17});
    to_server(t, bytes(req, key()));
    stun::Message ok = answer(req, stun::Class::Success);
    ok.add(stun::XorRelayedAddress{relayed}).add(stun::Lifetime{lifetime_s}).add(stun::XorMappedAddress{client});
    to_client(t + ms(2), bytes(ok, key()));
    b.event(t + ms(2), "turn1", "allocation-created",
            {{"client", client.to_string()}, {"relayed", relayed.to_string()}, {"username", "bob"},
             {"expiry_ns", (t + ms(2) + std::chrono::seconds(lifetime_s)).count()}});
  }
  void permission_installed(Time t, bool refreshed = false) {
    b.event(t, "turn1", "permission-installed",
            {{"relayed", relayed.to_string()}, {"peer", peer.address.to_string()},
             {"expiry_ns", (t + std::chrono::seconds(300)).count()}, {"refreshed", refreshed}});
  }
  void create_permission(Time t, std::uint8_t id = 3) {
    stun::Message req = signed_request(stun::Method::CreatePermission, id);
    req.add(stun::XorPeerAddress{Endpoint{peer.address, 0}});
    to_server(t, bytes(req, key()));
    to_client(t + ms(2), bytes(answer(req, stun::Class::Success), key()));
    permission_installed(t + ms(2));
  }
  void send_indication(Time t, std::uint8_t id = 4) {
    stun::Message send = message(stun::Method::Send, stun::Class::Indication, id);
    send.add(stun::XorPeerAddress{peer}).add(stun::DataAttr{{1, 2, 3, 4}});
    to_server(t, bytes(send));
    relay_to_peer(t + ms(2), {});
  }
  void data_indication(Time t, std::uint8_t id = 5) {
    peer_to_relay(t, {});
    stun::Message data = message(stun::Method::Data, stun::Class::Indication, id);
    data.add(stun::XorPeerAddress{peer}).add(stun::DataAttr{{5, 6, 7, 8}});
    to_client(t + ms(2), bytes(data));
  }
  void channel_bind(Time t, std::uint8_t id = 6, std::uint16_t number = 0x4000) {
    stun::Message req = signed_request(stun::Method::ChannelBind, id);
    req.add(stun::ChannelNumber{number}).add(stun::XorPeerAddress{peer});
    to_server(t, bytes(req, key()));
    to_client(t + ms(2), bytes(answer(req, stun::Class::Success), key()));
    b.event(t + ms(2), "turn1", "channel-installed",
            {{"relayed", relayed.to_string()}, {"channel", number}, {"peer", peer.to_string()},
             {"expiry_ns", (t + ms(2) + std::chrono::seconds(600)).count()}, {"refreshed", false}});
    permission_installed(t + ms(2), true);
  }
  void channel_data_up(Time t, std::uint16_t number = 0x4000) {
    to_server(t, channel_data(number, 100));
    relay_to_peer(t + ms(2), {});
  }
  void channel_data_down(Time t, std::uint16_t number = 0x4000) {
    peer_to_relay(t, {});
    to_client(t + ms(2), channel_data(number, 100));
  }

  TurnTrace& good() {
    b.host_candidate(Time{0}, "B", client);
    allocate_challenged(ms(0));
    allocate(ms(10));
    create_permission(ms(20));
    send_indication(ms(30));
    data_indication(ms(40));
    channel_bind(ms(50));
    channel_data_up(ms(60));
    channel_data_down(ms(70));
    return *this;
  }

  Verdict judge(const std::string& id) const { return b.judge(id); }
};

}  // namespace natlab::reports::checks::testing
