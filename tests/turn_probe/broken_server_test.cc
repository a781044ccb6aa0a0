// Every probe case fails against a TurnServer broken on purpose in the one
// way that case is about: the probe would notice each of these bugs.
#include <gtest/gtest.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include "agents/stun/channel_data.h"
#include "agents/turn/probe/describe.h"
#include "tests/turn_probe/in_process.h"

namespace natlab::turn::probe::testing {
namespace {

using namespace natlab::stun;
using Bytes = std::vector<std::uint8_t>;

// Decodes a STUN datagram, lets `edit` change it (false: leave the datagram
// as it was) and encodes it again, signed with `key` if it was signed.
Bytes rewrite(Bytes bytes, const IntegrityKey& key, const std::function<bool(Message&)>& edit) {
  auto d = decode(bytes);
  if (!d) return bytes;
  Message m = *d.message;
  const bool signed_ = m.find(attr::MessageIntegrity) != nullptr;
  const bool fingerprint = m.find(attr::Fingerprint) != nullptr;
  if (!edit(m)) return bytes;
  EncodeOptions o;
  if (signed_) o.integrity = key;
  o.fingerprint = fingerprint;
  return encode(m, o);
}

void remove_attr(Message& m, std::uint16_t type) {
  std::erase_if(m.attributes, [type](const RawAttribute& a) { return a.type == type; });
}

bool is(const Message& m, Method method, Class cls) { return m.method_enum() == method && m.cls == cls; }

void set_error_code(Message& m, int code) {
  for (auto& a : m.attributes)
    if (a.type == attr::ErrorCode) a.value = ErrorCode{code, "Broken"}.encode_value(m.transaction_id);
}

const IntegrityKey kKey = long_term_key("alice", "probe.example", "secret");

Hooks edit_responses(std::function<bool(Message&)> edit) {
  Hooks h;
  h.from_server = [edit](Bytes b) { return std::optional<Bytes>(rewrite(std::move(b), kKey, edit)); };
  return h;
}

Hooks edit_requests(std::function<bool(Message&)> edit) {
  Hooks h;
  h.to_server = [edit](Bytes b) { return std::optional<Bytes>(rewrite(std::move(b), kKey, edit)); };
  return h;
}

// Runs one case against a broken server; it must fail.
void expect_fails(const std::string& id, Hooks hooks, TurnServerConfig sc = server_config()) {
  InProcess net(std::move(sc), probe_config(), std::move(hooks));
  auto r = net.run({case_named(id)}).at(0);
  EXPECT_EQ(r.status, CaseStatus::Fail) << id << " passed a broken server: " << r.detail;
  EXPECT_FALSE(r.detail.empty());
  std::cout << "  " << id << ": " << r.detail << "\n";
}

TEST(ProbeAgainstBrokenServer, ChallengeWithoutRealm) {
  expect_fails("RFC5766-6.2-allocate-authenticated", edit_responses([](Message& m) {
                 if (error_code(m) != 401) return false;
                 remove_attr(m, attr::Realm);
                 return true;
               }));
}

TEST(ProbeAgainstBrokenServer, AllocatesWithoutCredentials) {
  // An unsigned Allocate is granted.
  Hooks h;
  h.intercept = [](InProcess& net, const Transmit& t) {
    auto d = decode(t.bytes);
    if (!d || d.message->find(attr::MessageIntegrity) || !is(*d.message, Method::Allocate, Class::Request))
      return false;
    Message ok;
    ok.cls = Class::Success;
    ok.method = d.message->method;
    ok.transaction_id = d.message->transaction_id;
    ok.add(XorRelayedAddress{Endpoint{kRelayIp, 50000}});
    net.to_probe(Transmit{kServer, t.local, encode(ok)});
    return true;
  };
  expect_fails("RFC5766-6.2-allocate-authenticated", h);
}

TEST(ProbeAgainstBrokenServer, StaleNonceWithoutNewNonce) {
  expect_fails("RFC5766-4-stale-nonce", edit_responses([](Message& m) {
                 if (error_code(m) != 438) return false;
                 remove_attr(m, attr::Nonce);
                 return true;
               }));
}

TEST(ProbeAgainstBrokenServer, StaleNonceAnswered401) {
  expect_fails("RFC5766-4-stale-nonce", edit_responses([](Message& m) {
                 if (error_code(m) != 438) return false;
                 set_error_code(m, 401);
                 return true;
               }));
}

TEST(ProbeAgainstBrokenServer, AllocateSuccessWithoutXorMappedAddress) {
  expect_fails("RFC5766-6.3-allocate-response-attributes", edit_responses([](Message& m) {
                 if (!is(m, Method::Allocate, Class::Success)) return false;
                 remove_attr(m, attr::XorMappedAddress);
                 return true;
               }));
}

TEST(ProbeAgainstBrokenServer, AllocateSuccessWithBadIntegrity) {
  Hooks h;
  h.from_server = [](Bytes b) {
    auto d = decode(b);
    if (d && is(*d.message, Method::Allocate, Class::Success))
      return std::optional<Bytes>(rewrite(b, long_term_key("alice", "probe.example", "wrong"), [](Message&) { return true; }));
    return std::optional<Bytes>(b);
  };
  expect_fails("RFC5766-6.3-allocate-response-attributes", h);
}

TEST(ProbeAgainstBrokenServer, SecondAllocateNot437) {
  expect_fails("RFC5766-6.2-second-allocate-437", edit_responses([](Message& m) {
                 if (error_code(m) != 437) return false;
                 set_error_code(m, 400);
                 return true;
               }));
}

TEST(ProbeAgainstBrokenServer, NoAllocationNot437) {
  // Only ChannelBind is broken: each of the three requests counts.
  expect_fails("RFC5766-4-no-allocation-437", edit_responses([](Message& m) {
                 if (error_code(m) != 437 || m.method_enum() != Method::ChannelBind) return false;
                 set_error_code(m, 400);
                 return true;
               }));
}

TEST(ProbeAgainstBrokenServer, GrantsAnyTransport) {
  expect_fails("RFC5766-6.2-unsupported-transport-442", edit_requests([](Message& m) {
                 auto t = m.get<RequestedTransport>();
                 if (!t || t->protocol == 17) return false;
                 remove_attr(m, attr::RequestedTransport);
                 m.attributes.insert(m.attributes.begin(),
                                     RawAttribute{attr::RequestedTransport, RequestedTransport{17}.encode_value({})});
                 return true;
               }));
}

TEST(ProbeAgainstBrokenServer, IgnoresUnknownAttributes) {
  expect_fails("RFC5389-7.3.1-unknown-attributes", edit_requests([](Message& m) {
                 if (!m.find(0x7E2A)) return false;
                 remove_attr(m, 0x7E2A);
                 return true;
               }));
}

TEST(ProbeAgainstBrokenServer, Answers420WithoutUnknownAttributes) {
  expect_fails("RFC5389-7.3.1-unknown-attributes", edit_responses([](Message& m) {
                 if (error_code(m) != 420) return false;
                 remove_attr(m, attr::UnknownAttributes);
                 return true;
               }));
}

TEST(ProbeAgainstBrokenServer, GrantsAnyLifetime) {
  TurnServerConfig sc = server_config();
  sc.max_lifetime = std::chrono::seconds(0xFFFFFFFFu);
  expect_fails("RFC5766-7.2-lifetime-capped", {}, sc);
}

TEST(ProbeAgainstBrokenServer, LifetimeZeroRefreshes) {
  expect_fails("RFC5766-7.2-lifetime-zero-deletes", edit_requests([](Message& m) {
                 auto lt = m.get<Lifetime>();
                 if (!lt || lt->seconds != 0 || m.method_enum() != Method::Refresh) return false;
                 for (auto& a : m.attributes)
                   if (a.type == attr::Lifetime) a.value = Lifetime{600}.encode_value(m.transaction_id);
                 return true;
               }));
}

// A relay that forwards every Send indication, permission or not.
Hooks relay_without_permission() {
  Hooks h;
  h.intercept = [](InProcess& net, const Transmit& t) {
    auto d = decode(t.bytes);
    if (!d || !is(*d.message, Method::Send, Class::Indication)) return false;
    const Allocation* a = net.server.find_allocation(FiveTuple{t.local, kServer, Transport::Udp});
    auto peer = d.message->get<XorPeerAddress>();
    auto data = d.message->get<DataAttr>();
    if (!a || !peer || !data) return false;
    net.to_probe(Transmit{a->relayed, peer->endpoint, data->bytes});
    return true;
  };
  return h;
}

TEST(ProbeAgainstBrokenServer, RelaysWithoutPermission) {
  expect_fails("RFC5766-8-relay-needs-permission", relay_without_permission());
}

TEST(ProbeAgainstBrokenServer, DataIndicationWithoutPeerAddress) {
  expect_fails("RFC5766-10-send-data-indications", edit_responses([](Message& m) {
                 if (!is(m, Method::Data, Class::Indication)) return false;
                 remove_attr(m, attr::XorPeerAddress);
                 return true;
               }));
}

TEST(ProbeAgainstBrokenServer, PermissionsLastTooLong) {
  TurnServerConfig sc = server_config();
  sc.permission_lifetime = std::chrono::seconds(600);
  expect_fails("RFC5766-8-permission-lifetime", {}, sc);
}

TEST(ProbeAgainstBrokenServer, PermissionsEndEarly) {
  TurnServerConfig sc = server_config();
  sc.permission_lifetime = std::chrono::seconds(200);
  expect_fails("RFC5766-8-permission-lifetime", {}, sc);
}

// Rewrites the channel number of ChannelBind requests for `from` to `to`.
Hooks rebind_channel(std::uint16_t from, std::uint16_t to, bool only_second = false) {
  auto seen = std::make_shared<int>(0);
  return edit_requests([=](Message& m) {
    auto ch = m.get<ChannelNumber>();
    if (!ch || ch->number != from || m.method_enum() != Method::ChannelBind) return false;
    if (only_second && ++*seen != 2) return false;
    for (auto& a : m.attributes)
      if (a.type == attr::ChannelNumber) a.value = ChannelNumber{to}.encode_value(m.transaction_id);
    return true;
  });
}

TEST(ProbeAgainstBrokenServer, Accepts0x3FFF) {
  expect_fails("RFC5766-11.2-channel-number-range", rebind_channel(0x3FFF, 0x4003));
}

TEST(ProbeAgainstBrokenServer, Accepts0x8000) {
  expect_fails("RFC5766-11.2-channel-number-range", rebind_channel(0x8000, 0x4003));
}

TEST(ProbeAgainstBrokenServer, Refuses0x4000) {
  expect_fails("RFC5766-11.2-channel-number-range", rebind_channel(0x4000, 0x3000));
}

TEST(ProbeAgainstBrokenServer, Accepts0x7FFF) {
  expect_fails("RFC5766-11.2-channel-0x7fff", rebind_channel(0x7FFF, 0x4007));
}

TEST(ProbeAgainstBrokenServer, RebindsAChannelToAnotherPeer) {
  // The second ChannelBind for 0x4001 (to the other peer) becomes a fresh channel.
  expect_fails("RFC5766-11.2-channel-rebind", rebind_channel(0x4001, 0x4009, true));
}

TEST(ProbeAgainstBrokenServer, RebindsAPeerToAnotherChannel) {
  // Binding the peer of 0x4001 to 0x4002 arrives as a refresh of 0x4001.
  expect_fails("RFC5766-11.2-channel-rebind", rebind_channel(0x4002, 0x4001));
}

TEST(ProbeAgainstBrokenServer, ChannelDataWithTrailingBytes) {
  Hooks h;
  h.from_server = [](Bytes b) {
    if (!decode(b) && decode_channel_data(b)) b.insert(b.end(), {0, 0, 0, 0, 0, 0, 0, 0});
    return std::optional<Bytes>(b);
  };
  expect_fails("RFC5766-11.4-channeldata-both-ways", h);
}

TEST(ProbeAgainstBrokenServer, ChannelDataPaddingRelayed) {
  // The relay forwards the client's ChannelData padding to the peer.
  Hooks h;
  h.intercept = [](InProcess& net, const Transmit& t) {
    auto cd = decode_channel_data(t.bytes);
    if (decode(t.bytes) || !cd || t.bytes.size() % 4 != 0 || cd.frame->data.size() % 4 == 0) return false;
    const Allocation* a = net.server.find_allocation(FiveTuple{t.local, kServer, Transport::Udp});
    const ChannelBinding* b = a ? a->channels.by_number(cd.frame->channel) : nullptr;
    if (!b) return false;
    net.to_probe(Transmit{a->relayed, b->peer, Bytes(t.bytes.begin() + 4, t.bytes.end())});
    return true;
  };
  expect_fails("RFC5766-11.4-channeldata-both-ways", h);
}

TEST(ProbeAgainstBrokenServer, PeerDataAsDataIndicationDespiteChannel) {
  // Drops the server's ChannelData and sends a Data indication instead.
  Hooks h;
  h.from_server = [](Bytes b) {
    auto cd = decode_channel_data(b);
    if (decode(b) || !cd) return std::optional<Bytes>(b);
    Message m;
    m.cls = Class::Indication;
    m.method = static_cast<std::uint16_t>(Method::Data);
    m.add(DataAttr{cd.frame->data});
    return std::optional<Bytes>(encode(m));
  };
  expect_fails("RFC5766-11.4-channeldata-both-ways", h);
}

TEST(ProbeAgainstBrokenServer, AcceptsAnyMessageIntegrity) {
  // Requests signed with a wrong key arrive signed with the right one.
  expect_fails("RFC5766-4-server-requires-integrity", edit_requests([](Message& m) {
                 return m.find(attr::MessageIntegrity) != nullptr;
               }));
}

TEST(ProbeAgainstBrokenServer, AcceptsUnsignedCreatePermission) {
  Hooks h;
  h.intercept = [](InProcess& net, const Transmit& t) {
    auto d = decode(t.bytes);
    if (!d || !is(*d.message, Method::CreatePermission, Class::Request) || d.message->find(attr::MessageIntegrity))
      return false;
    Message ok;
    ok.cls = Class::Success;
    ok.method = d.message->method;
    ok.transaction_id = d.message->transaction_id;
    net.to_probe(Transmit{kServer, t.local, encode(ok)});
    return true;
  };
  expect_fails("RFC5766-4-server-requires-integrity", h);
}

// A relay that goes on relaying peer datagrams to the client of an
// allocation that was deleted.
Hooks relay_after_deletion() {
  Hooks h;
  auto clients = std::make_shared<std::map<Endpoint, Endpoint>>();  // relayed -> client
  h.intercept = [clients](InProcess& net, const Transmit& t) {
    if (t.remote == kServer) {
      if (const Allocation* a = net.server.find_allocation(FiveTuple{t.local, kServer, Transport::Udp}))
        (*clients)[a->relayed] = t.local;
      return false;
    }
    auto it = clients->find(t.remote);
    if (it == clients->end() || net.server.find_relayed(t.remote)) return false;
    Message m;
    m.cls = Class::Indication;
    m.method = static_cast<std::uint16_t>(Method::Data);
    m.add(XorPeerAddress{t.local});
    m.add(DataAttr{t.bytes});
    net.to_probe(Transmit{kServer, it->second, encode(m)});
    return true;
  };
  return h;
}

TEST(ProbeAgainstBrokenServer, RelaysAfterTheAllocationWasDeleted) {
  expect_fails("RFC5766-5-no-relay-without-allocation", relay_after_deletion());
}

TEST(ProbeAgainstBrokenServer, ChannelsLastTooLong) {
  TurnServerConfig sc = server_config();
  sc.channel_lifetime = std::chrono::seconds(1200);
  expect_fails("RFC5766-11-channel-lifetime", {}, sc);
}

TEST(ProbeAgainstBrokenServer, ChannelsEndEarly) {
  TurnServerConfig sc = server_config();
  sc.channel_lifetime = std::chrono::seconds(400);
  expect_fails("RFC5766-11-channel-lifetime", {}, sc);
}

// Every case of all_cases() has a test above that breaks the server for it.
TEST(ProbeAgainstBrokenServer, EveryCaseIsCovered) {
  const std::set<std::string> covered = {
      "RFC5766-6.2-allocate-authenticated", "RFC5766-4-stale-nonce",
      "RFC5766-6.3-allocate-response-attributes", "RFC5766-6.2-second-allocate-437",
      "RFC5766-4-no-allocation-437", "RFC5766-6.2-unsupported-transport-442",
      "RFC5389-7.3.1-unknown-attributes", "RFC5766-7.2-lifetime-capped",
      "RFC5766-7.2-lifetime-zero-deletes", "RFC5766-8-relay-needs-permission",
      "RFC5766-10-send-data-indications", "RFC5766-8-permission-lifetime",
      "RFC5766-11.2-channel-number-range", "RFC5766-11.2-channel-0x7fff",
      "RFC5766-11.2-channel-rebind", "RFC5766-11.4-channeldata-both-ways",
      "RFC5766-4-server-requires-integrity", "RFC5766-5-no-relay-without-allocation",
      "RFC5766-11-channel-lifetime",
  };
  for (const auto& c : all_cases()) EXPECT_TRUE(covered.count(c.info.id)) << c.info.id << " has no broken-server test";
  EXPECT_EQ(covered.size(), all_cases().size());
}

}  // namespace
}  // namespace natlab::turn::probe::testing
