#pragma once
// A scripted TURN client for the server tests: builds requests with the STUN
// codec, signs them with the long-term key, and reads back the one answer.
#include <gtest/gtest.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "agents/turn/server.h"

namespace natlab::turn::testing {

using namespace std::chrono_literals;
using stun::Class;
using stun::Message;
using stun::Method;

inline const IpAddress kServerIp = IpAddress::v4(0xC0000201);  // 192.0.2.1
inline const IpAddress kRelayIp = IpAddress::v4(0xC000020A);   // 192.0.2.10
inline const Endpoint kServer{kServerIp, 3478};
inline const Endpoint kClient{IpAddress::v4(0xCB007105), 40000};   // 203.0.113.5
inline const Endpoint kClient2{IpAddress::v4(0xCB007106), 40001};  // 203.0.113.6
inline const Endpoint kPeer{IpAddress::v4(0xC6336407), 5000};      // 198.51.100.7
inline const Endpoint kPeer2{IpAddress::v4(0xC6336408), 6000};     // 198.51.100.8

inline TurnServerConfig test_config() {
  TurnServerConfig c;
  c.listening = {kServer};
  c.relay_address = kRelayIp;
  c.realm = "example.org";
  c.users = {{"alice", "secret"}, {"bob", "hunter2"}};
  c.software = "natlab-turn-test";
  return c;
}

struct Reply {
  Transmit tx;
  Message msg;
  int code() const {
    auto ec = msg.get<stun::ErrorCode>();
    return ec ? ec->code : 0;
  }
  bool ok() const { return msg.cls == Class::Success; }
};

class Harness {
 public:
  explicit Harness(TurnServerConfig c = test_config(), std::uint64_t seed = 1)
      : server(std::move(c), Rng(seed)) {}

  TurnServer server;
  Time now{};
  std::string user = "alice";
  std::string password = "secret";
  std::string nonce;  // the last nonce the server handed out
  std::uint32_t tid_counter = 0;

  Message request(Method m) {
    Message r;
    r.cls = Class::Request;
    r.method = static_cast<std::uint16_t>(m);
    ++tid_counter;
    for (std::size_t i = 0; i < r.transaction_id.size(); ++i)
      r.transaction_id[i] = static_cast<std::uint8_t>(tid_counter >> (8 * (i % 4)));
    r.transaction_id[11] = 0x5A;
    return r;
  }
  Message allocate_request() {
    Message m = request(Method::Allocate);
    m.add(stun::RequestedTransport{17});
    return m;
  }

  // USERNAME, REALM, NONCE, then MESSAGE-INTEGRITY (long-term key) and FINGERPRINT.
  std::vector<std::uint8_t> sign(Message m) const { return sign_as(std::move(m), user, password); }
  std::vector<std::uint8_t> sign_as(Message m, const std::string& u, const std::string& p) const {
    m.add(stun::Username{u});
    m.add(stun::Realm{server.config().realm});
    m.add(stun::Nonce{nonce});
    return stun::encode(m, {stun::long_term_key(u, server.config().realm, p), true});
  }

  void deliver(std::span<const std::uint8_t> bytes, const Endpoint& from = kClient,
               const Endpoint& local = kServer) {
    server.handle_datagram(now, local, from, bytes);
  }
  std::vector<Transmit> drain() {
    std::vector<Transmit> out;
    while (auto t = server.poll_transmit()) out.push_back(std::move(*t));
    return out;
  }
  // Sends one request and returns its only answer.
  Reply ask(std::span<const std::uint8_t> bytes, const Endpoint& from = kClient) {
    deliver(bytes, from);
    auto out = drain();
    EXPECT_EQ(out.size(), 1u) << "one request, one answer";
    if (out.empty()) return {};
    auto d = stun::decode(out.front().bytes);
    EXPECT_TRUE(d) << "server sent undecodable bytes";
    Reply r{out.front(), d ? *d.message : Message{}};
    if (auto n = r.msg.get<stun::Nonce>()) nonce = n->value;
    return r;
  }
  Reply ask(const Message& m, const Endpoint& from = kClient) { return ask(stun::encode(m), from); }
  // Like a client: on 438 retries once with the fresh nonce.
  Reply ask_signed(const Message& m, const Endpoint& from = kClient) {
    Reply r = ask(sign(m), from);
    if (r.code() == 438) r = ask(sign(m), from);
    return r;
  }

  // An unauthenticated request, answered 401 with a nonce.
  void learn_nonce(const Endpoint& from = kClient) {
    Reply r = ask(allocate_request(), from);
    EXPECT_EQ(r.code(), 401);
  }
  Reply allocate(const Endpoint& from = kClient) {
    if (nonce.empty()) learn_nonce(from);
    return ask_signed(allocate_request(), from);
  }
  // Allocates and returns the relayed address (fails the test otherwise).
  Endpoint allocated(const Endpoint& from = kClient) {
    Reply r = allocate(from);
    EXPECT_TRUE(r.ok()) << "allocate failed with " << r.code();
    auto rel = r.msg.get<stun::XorRelayedAddress>();
    return rel ? rel->endpoint : Endpoint{};
  }
  Reply refresh(std::optional<std::uint32_t> lifetime, const Endpoint& from = kClient) {
    Message m = request(Method::Refresh);
    if (lifetime) m.add(stun::Lifetime{*lifetime});
    return ask_signed(std::move(m), from);
  }
  Reply create_permission(const std::vector<Endpoint>& peers, const Endpoint& from = kClient) {
    Message m = request(Method::CreatePermission);
    for (const auto& p : peers) m.add(stun::XorPeerAddress{p});
    return ask_signed(std::move(m), from);
  }
  Reply channel_bind(std::uint16_t channel, const Endpoint& peer, const Endpoint& from = kClient) {
    Message m = request(Method::ChannelBind);
    m.add(stun::ChannelNumber{channel});
    m.add(stun::XorPeerAddress{peer});
    return ask_signed(std::move(m), from);
  }

  std::vector<std::uint8_t> send_indication(const Endpoint& peer, std::vector<std::uint8_t> data,
                                            bool dont_fragment = false) {
    Message m;
    m.cls = Class::Indication;
    m.method = static_cast<std::uint16_t>(Method::Send);
    m.transaction_id[0] = static_cast<std::uint8_t>(++tid_counter);
    m.add(stun::XorPeerAddress{peer});
    if (dont_fragment) m.add(stun::DontFragment{});
    m.add(stun::DataAttr{std::move(data)});
    return stun::encode(m);
  }

  // Moves the clock and lets the server expire what is due.
  void advance_to(Time t) {
    now = t;
    server.handle_timeout(now);
  }

  std::vector<ServerEvent> events() {
    std::vector<ServerEvent> out;
    while (auto e = server.poll_event()) out.push_back(std::move(*e));
    return out;
  }
};

inline std::vector<std::uint8_t> bytes_of(const std::string& s) { return {s.begin(), s.end()}; }

}  // namespace natlab::turn::testing
