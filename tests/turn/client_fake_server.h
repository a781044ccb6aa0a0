#pragma once
// Test support for the TurnClient suites: a scripted TURN server that answers
// with the STUN codec (401 challenge, 438 on demand, success with the
// attributes RFC 5766 requires), and a zero-delay loop that wires it to a
// client under a fake clock which jumps straight to each poll_timeout().
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "agents/turn/client.h"

namespace natlab::turn::client_testing {

using namespace std::chrono_literals;

inline const Endpoint kServer{IpAddress::v4(0xC0000201), 3478};   // 192.0.2.1
inline const Endpoint kLocal{IpAddress::v4(0x0A000002), 50000};   // 10.0.0.2
inline const Endpoint kMapped{IpAddress::v4(0xCB007105), 40000};  // 203.0.113.5
inline const Endpoint kRelayed{IpAddress::v4(0xC0000201), 49152};
inline const Endpoint kPeerA{IpAddress::v4(0xC6336401), 5000};  // 198.51.100.1
inline const Endpoint kPeerB{IpAddress::v4(0xC6336402), 6000};
inline const Endpoint kPeerC{IpAddress::v4(0xC6336403), 7000};
inline const Time kStart = std::chrono::milliseconds(12345);  // not 0: catches absolute-time slips
inline const std::string kUser = "alice";
inline const std::string kPass = "s3cret";
inline const std::string kRealm = "natlab.test";

inline TurnClientConfig default_config() {
  TurnClientConfig c;
  c.server = kServer;
  c.local = kLocal;
  c.username = kUser;
  c.password = kPass;
  return c;
}

inline std::uint16_t method_of(stun::Method m) { return static_cast<std::uint16_t>(m); }

// A request the server saw, with when and its exact bytes.
struct Seen {
  Time at{};
  stun::Message msg;
  std::vector<std::uint8_t> bytes;
};

class FakeTurnServer {
 public:
  // Knobs a test turns.
  std::string password = kPass;
  std::uint32_t default_lifetime = 600;
  bool silent = false;             // answer nothing
  int stale_next = 0;              // answer the next N signed requests with 438
  std::map<std::uint16_t, int> error_for;  // method -> error code for signed requests
  bool corrupt_integrity = false;  // sign success responses with a wrong key
  bool include_mapped = true;

  // What it saw.
  std::vector<Seen> requests;
  std::vector<Seen> indications;
  std::vector<std::pair<Time, stun::ChannelData>> channel_data;

  std::vector<Seen> requests_of(stun::Method m) const {
    std::vector<Seen> out;
    for (const Seen& s : requests)
      if (s.msg.method == method_of(m)) out.push_back(s);
    return out;
  }
  std::string nonce() const { return "nonce-" + std::to_string(nonce_counter_); }
  stun::IntegrityKey key() const { return stun::long_term_key(kUser, kRealm, password); }

  // The responses to one datagram from the client.
  std::vector<std::vector<std::uint8_t>> on_datagram(Time now, std::span<const std::uint8_t> bytes) {
    if (auto cd = stun::decode_channel_data(bytes)) {
      channel_data.emplace_back(now, *cd.frame);
      return {};
    }
    stun::DecodeResult r = stun::decode(bytes);
    if (!r) return {};
    const stun::Message& m = *r.message;
    Seen seen{now, m, std::vector<std::uint8_t>(bytes.begin(), bytes.end())};
    if (m.cls == stun::Class::Indication) {
      indications.push_back(std::move(seen));
      return {};
    }
    if (m.cls != stun::Class::Request) return {};
    requests.push_back(std::move(seen));
    if (silent) return {};
    return {answer(m, bytes)};
  }

  // Server-to-client datagrams a test injects.
  static std::vector<std::uint8_t> data_indication(const Endpoint& peer, std::vector<std::uint8_t> data) {
    stun::Message m;
    m.cls = stun::Class::Indication;
    m.method = method_of(stun::Method::Data);
    m.transaction_id.fill(0x5A);
    m.add(stun::XorPeerAddress{peer});
    m.add(stun::DataAttr{std::move(data)});
    return stun::encode(m);
  }

 private:
  std::vector<std::uint8_t> answer(const stun::Message& req, std::span<const std::uint8_t> bytes) {
    stun::Message res;
    res.method = req.method;
    res.transaction_id = req.transaction_id;
    auto error = [&](int code, const std::string& reason, bool with_nonce) {
      res.cls = stun::Class::Error;
      res.add(stun::ErrorCode{code, reason});
      if (with_nonce) {
        res.add(stun::Realm{kRealm});
        res.add(stun::Nonce{nonce()});
      }
      return stun::encode(res);
    };
    // RFC 5389 10.2.2: no MESSAGE-INTEGRITY -> 401 with REALM and NONCE.
    if (!req.find(stun::attr::MessageIntegrity)) return error(401, "Unauthorized", true);
    if (stun::check_integrity(bytes, key()) != stun::IntegrityCheck::Valid)
      return error(401, "Unauthorized", true);
    auto n = req.get<stun::Nonce>();
    if (stale_next > 0 || !n || n->value != nonce()) {
      if (stale_next > 0) {
        --stale_next;
        ++nonce_counter_;
      }
      return error(438, "Stale Nonce", true);
    }
    if (auto it = error_for.find(req.method); it != error_for.end())
      return error(it->second, "Scripted Error", false);
    res.cls = stun::Class::Success;
    switch (static_cast<stun::Method>(req.method)) {
      case stun::Method::Allocate:
        res.add(stun::XorRelayedAddress{kRelayed});
        if (include_mapped) res.add(stun::XorMappedAddress{kMapped});
        res.add(stun::Lifetime{granted(req)});
        break;
      case stun::Method::Refresh:
        res.add(stun::Lifetime{granted(req)});
        break;
      default:
        break;
    }
    stun::EncodeOptions opts;
    opts.integrity = corrupt_integrity ? stun::long_term_key(kUser, kRealm, "not-it") : key();
    return stun::encode(res, opts);
  }

  std::uint32_t granted(const stun::Message& req) const {
    auto l = req.get<stun::Lifetime>();
    if (!l) return default_lifetime;
    return l->seconds == 0 ? 0 : std::min<std::uint32_t>(l->seconds, 3600);
  }

  int nonce_counter_ = 1;
};

// Client and fake server joined by a zero-delay network.
class Loop {
 public:
  explicit Loop(TurnClientConfig config = default_config(), std::uint64_t seed = 7)
      : client(std::move(config), Rng(seed)) {}

  TurnClient client;
  FakeTurnServer server;
  Time now = kStart;
  std::vector<std::pair<Time, ClientEvent>> events;

  // Exchanges datagrams until neither side has anything to say at `now`.
  void settle() {
    for (int guard = 0; guard < 10000; ++guard) {
      auto t = client.poll_transmit();
      if (!t) break;
      EXPECT_EQ(t->remote, kServer);
      EXPECT_EQ(t->local, kLocal);
      for (auto& reply : server.on_datagram(now, t->bytes)) client.handle_datagram(now, kLocal, kServer, reply);
    }
    while (auto e = client.poll_event()) events.emplace_back(now, std::move(*e));
  }

  // Advances the clock through every timeout up to `until`, then to `until`.
  void run_until(Time until) {
    settle();
    for (int guard = 0; guard < 100000; ++guard) {
      auto deadline = client.poll_timeout();
      if (!deadline || *deadline > until) break;
      EXPECT_GE(*deadline, now);
      now = std::max(now, *deadline);
      client.handle_timeout(now);
      settle();
    }
    now = until;
  }

  // Allocates through the 401 dance and clears the records.
  void allocate() {
    ASSERT_TRUE(client.allocate(now));
    settle();
    ASSERT_EQ(client.state(), ClientState::Allocated);
    clear();
  }

  void inject(const std::vector<std::uint8_t>& bytes) {
    client.handle_datagram(now, kLocal, kServer, bytes);
    settle();
  }

  void clear() {
    events.clear();
    server.requests.clear();
    server.indications.clear();
    server.channel_data.clear();
  }

  template <class E>
  std::vector<std::pair<Time, E>> events_of() const {
    std::vector<std::pair<Time, E>> out;
    for (const auto& [at, e] : events)
      if (auto* p = std::get_if<E>(&e)) out.emplace_back(at, *p);
    return out;
  }
};

// Times of `seen`, relative to `origin`, in whole milliseconds.
inline std::vector<std::int64_t> offsets_ms(const std::vector<Seen>& seen, Time origin) {
  std::vector<std::int64_t> out;
  for (const Seen& s : seen)
    out.push_back(std::chrono::duration_cast<std::chrono::milliseconds>(s.at - origin).count());
  return out;
}

}  // namespace natlab::turn::client_testing
