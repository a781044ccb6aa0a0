// Fuzz target for the TURN server core: the input is a script of datagrams
// from a few clients and peers, with time advancing between them. Invariants
// checked after every step (abort() on violation):
//  - an allocation appears only in answer to an Allocate request whose
//    MESSAGE-INTEGRITY verifies with that user's long-term key;
//  - allocations, permissions and channels stay within the configured bounds,
//    relay ports within the range and distinct;
//  - nothing leaves a relayed address towards a peer without a permission;
//  - after handle_timeout(now), nothing is due at or before now.
//
// Script record: op, len_hi, len_lo, payload[len].
//   op bits 0-2: source (0-3 clients on the listening port, 4-6 peers to a
//                relayed address, 7 a client on an unknown local socket)
//   op bit 3:    re-sign a decodable STUN payload with USERNAME, REALM, the
//                last NONCE seen, MESSAGE-INTEGRITY and FINGERPRINT, so
//                mutations reach the authenticated paths
//   op bit 4:    sign as "bob" instead of "alice"
//   op bits 5-7: advance time by {0, 1 ms, 1 s, 10 s, 60 s, 299 s, 300 s, 600 s}
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "agents/stun/attributes.h"
#include "agents/stun/channel_data.h"
#include "agents/stun/integrity.h"
#include "agents/stun/message.h"
#include "agents/turn/server.h"

using namespace natlab;
using namespace natlab::turn;

namespace {

const Endpoint kListen{IpAddress::v4(0xC0000201), 3478};
const Endpoint kUnknownLocal{IpAddress::v4(0xC0000201), 3479};
const IpAddress kRelayIp = IpAddress::v4(0xC000020A);
const Endpoint kClients[4] = {{IpAddress::v4(0xCB007105), 40000}, {IpAddress::v4(0xCB007105), 40001},
                              {IpAddress::v4(0xCB007106), 40000}, {IpAddress::v4(0xCB007107), 50000}};
const Endpoint kPeers[3] = {{IpAddress::v4(0xC6336407), 5000}, {IpAddress::v4(0xC6336407), 5001},
                            {IpAddress::v4(0xC6336408), 6000}};
constexpr Duration kSteps[8] = {Duration::zero(), std::chrono::milliseconds(1), std::chrono::seconds(1),
                                std::chrono::seconds(10), std::chrono::seconds(60), std::chrono::seconds(299),
                                std::chrono::seconds(300), std::chrono::seconds(600)};
const char* kRealm = "fuzz.example";

TurnServerConfig fuzz_config() {
  TurnServerConfig c;
  c.listening = {kListen};
  c.relay_address = kRelayIp;
  c.relay_port_min = 50000;
  c.relay_port_max = 50011;
  c.realm = kRealm;
  c.users = {{"alice", "secret"}, {"bob", "hunter2"}};
  c.nonce_lifetime = std::chrono::seconds(120);
  c.max_allocations = 6;
  c.max_allocations_per_user = 4;
  c.max_permissions_per_allocation = 4;
  c.max_channels_per_allocation = 3;
  c.channel_rebind_guard = std::chrono::seconds(300);
  return c;
}

const std::map<std::string, stun::IntegrityKey>& keys() {
  static const std::map<std::string, stun::IntegrityKey> k = {
      {"alice", stun::long_term_key("alice", kRealm, "secret")},
      {"bob", stun::long_term_key("bob", kRealm, "hunter2")}};
  return k;
}

// Says which invariant broke before aborting.
#define check(cond)                                                                      \
  do {                                                                                   \
    if (!(cond)) {                                                                       \
      std::fprintf(stderr, "turn_server invariant broken at line %d: %s\n", __LINE__, #cond); \
      std::abort();                                                                      \
    }                                                                                    \
  } while (0)

// A request may create an allocation only if it is an Allocate whose
// integrity verifies with `username`'s key.
bool authenticated_allocate(std::span<const std::uint8_t> bytes, const std::string& username) {
  auto d = stun::decode(bytes);
  if (!d || d.message->cls != stun::Class::Request || d.message->method_enum() != stun::Method::Allocate)
    return false;
  auto u = d.message->get<stun::Username>();
  auto k = keys().find(username);
  return u && u->value == username && k != keys().end() &&
         stun::check_integrity(bytes, k->second) == stun::IntegrityCheck::Valid;
}

void check_state(const TurnServer& s, Time now) {
  const auto& cfg = s.config();
  check(s.allocation_count() <= cfg.max_allocations);
  std::map<std::string, std::size_t> per_user;
  std::set<std::uint16_t> ports;
  for (const auto& [tuple, a] : s.allocations().all()) {
    check(a.tuple == tuple);
    check(cfg.users.count(a.username) == 1);
    check(++per_user[a.username] <= cfg.max_allocations_per_user);
    check(a.relayed.address == kRelayIp);
    check(a.relayed.port >= cfg.relay_port_min && a.relayed.port <= cfg.relay_port_max);
    check(ports.insert(a.relayed.port).second);
    check(a.permissions.size() <= cfg.max_permissions_per_allocation);
    check(a.channels.size() <= cfg.max_channels_per_allocation);
    check(now < a.expiry);
  }
  check(s.local_endpoints().size() == cfg.listening.size() + s.allocation_count() + s.reservation_count());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  TurnServer server(fuzz_config(), Rng(0xF022));
  Time now{};
  std::string nonce = "none-yet";
  std::size_t pos = 0;
  while (pos < size) {
    const std::uint8_t op = data[pos++];
    std::size_t len = 0;
    if (pos + 2 <= size) len = static_cast<std::size_t>(data[pos] << 8 | data[pos + 1]);
    pos = std::min(pos + 2, size);
    len = std::min(len, size - pos);
    std::vector<std::uint8_t> payload(data + pos, data + pos + len);
    pos += len;

    now += kSteps[op >> 5];
    const unsigned src = op & 7;
    const std::string user = (op & 0x10) ? "bob" : "alice";
    if ((op & 0x08) && src < 4) {
      if (auto d = stun::decode(payload)) {
        stun::Message m = *d.message;
        std::erase_if(m.attributes, [](const stun::RawAttribute& a) {
          return a.type == stun::attr::Username || a.type == stun::attr::Realm || a.type == stun::attr::Nonce;
        });
        m.add(stun::Username{user});
        m.add(stun::Realm{kRealm});
        m.add(stun::Nonce{nonce});
        if (stun::kHeaderSize + 64 + payload.size() < 0xFFFF) payload = stun::encode(m, {keys().at(user), true});
      }
    }

    // Deliver.
    Endpoint local = kListen, remote;
    if (src < 4) {
      remote = kClients[src];
    } else if (src < 7) {
      remote = kPeers[src - 4];
      const auto eps = server.local_endpoints();
      if (eps.size() > 1) local = eps[1 + (payload.size() + src) % (eps.size() - 1)];
      else local = Endpoint{kRelayIp, 50000};
    } else {
      remote = kClients[0];
      local = kUnknownLocal;
    }
    server.handle_datagram(now, local, remote, payload);

    // Allocations only from authenticated Allocate requests of that user, on
    // the 5-tuple they came on.
    while (auto e = server.poll_event()) {
      if (auto* c = std::get_if<AllocationCreated>(&*e)) {
        check(src < 4);
        check(c->tuple == (FiveTuple{remote, kListen, Transport::Udp}));
        check(authenticated_allocate(payload, c->username));
      }
    }
    // Never an open relay; remember nonces like a client would.
    while (auto t = server.poll_transmit()) {
      if (const Allocation* a = server.find_relayed(t->local)) {
        check(a->permissions.permits(t->remote.address, now));
      } else {
        check(t->local == kListen);
        const Allocation* owner = server.find_allocation(FiveTuple{t->remote, t->local, Transport::Udp});
        if (auto cd = stun::decode_channel_data(t->bytes)) {
          // Peer data to the client on a channel: bound, and permitted.
          check(owner != nullptr);
          const ChannelBinding* b = owner->channels.by_number(cd.frame->channel);
          check(b != nullptr && owner->permissions.permits(b->peer.address, now));
        } else if (auto d = stun::decode(t->bytes)) {
          if (auto n = d.message->get<stun::Nonce>()) nonce = n->value;
          if (d.message->cls == stun::Class::Indication && d.message->method_enum() == stun::Method::Data) {
            // A Data indication: only from a permitted peer.
            auto peer = d.message->get<stun::XorPeerAddress>();
            check(owner != nullptr && peer && owner->permissions.permits(peer->endpoint.address, now));
          }
        } else {
          check(false);  // the server only sends STUN or ChannelData to clients
        }
      }
    }
    check_state(server, now);

    // Timers: after handle_timeout(now) nothing is due any more.
    if (auto due = server.poll_timeout(); due && *due <= now) {
      server.handle_timeout(now);
      while (server.poll_event()) {
      }
    }
    if (auto due = server.poll_timeout()) check(*due > now);
    check_state(server, now);
  }
  return 0;
}
