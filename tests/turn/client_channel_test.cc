// TurnClient channels (RFC 5766 11): numbers, ChannelBind, refresh before the
// 600 s lifetime, and the permission a binding carries with it.
#include <gtest/gtest.h>

#include "agents/turn/client_channels.h"
#include "tests/turn/client_fake_server.h"

namespace natlab::turn {
namespace {

using namespace client_testing;

TEST(TurnClientChannel, NumbersCountUpFrom0x4000) {
  Loop loop;
  loop.allocate();
  EXPECT_EQ(loop.client.bind_channel(loop.now, kPeerA), 0x4000);
  EXPECT_EQ(loop.client.bind_channel(loop.now, kPeerB), 0x4001);
  EXPECT_EQ(loop.client.bind_channel(loop.now, kPeerA), 0x4000);  // same peer, same channel
  // Same IP, other port: another transport address, another channel.
  EXPECT_EQ(loop.client.bind_channel(loop.now, Endpoint{kPeerA.address, 5001}), 0x4002);
  loop.settle();
  auto reqs = loop.server.requests_of(stun::Method::ChannelBind);
  ASSERT_EQ(reqs.size(), 3u);
  const std::vector<std::pair<std::uint16_t, Endpoint>> want = {
      {0x4000, kPeerA}, {0x4001, kPeerB}, {0x4002, Endpoint{kPeerA.address, 5001}}};
  for (std::size_t i = 0; i < want.size(); ++i) {
    ASSERT_TRUE(reqs[i].msg.get<stun::ChannelNumber>());
    EXPECT_EQ(reqs[i].msg.get<stun::ChannelNumber>()->number, want[i].first);
    ASSERT_TRUE(reqs[i].msg.get<stun::XorPeerAddress>());
    EXPECT_EQ(reqs[i].msg.get<stun::XorPeerAddress>()->endpoint, want[i].second);
    EXPECT_EQ(stun::check_integrity(reqs[i].bytes, loop.server.key()), stun::IntegrityCheck::Valid);
  }
  auto bound = loop.events_of<ChannelBound>();
  ASSERT_EQ(bound.size(), 3u);
  EXPECT_EQ(bound[0].second.peer, kPeerA);
  EXPECT_EQ(bound[0].second.channel, 0x4000);
  EXPECT_EQ(loop.client.channel(kPeerB), 0x4001);
  // RFC 5766 11.2: the binding installs a permission for the peer's IP.
  EXPECT_TRUE(loop.client.has_permission(kPeerA.address));
  EXPECT_TRUE(loop.client.has_permission(kPeerB.address));
}

TEST(TurnClientChannel, FailedBindDoesNotReuseItsNumber) {
  Loop loop;
  loop.allocate();
  loop.server.error_for[method_of(stun::Method::ChannelBind)] = 400;
  EXPECT_EQ(loop.client.bind_channel(loop.now, kPeerA), 0x4000);
  loop.settle();
  auto failed = loop.events_of<ChannelBindFailed>();
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0].second.peer, kPeerA);
  EXPECT_EQ(failed[0].second.channel, 0x4000);
  EXPECT_EQ(failed[0].second.failure.code, 400);
  EXPECT_FALSE(loop.client.channel(kPeerA));
  loop.server.error_for.clear();
  EXPECT_EQ(loop.client.bind_channel(loop.now, kPeerA), 0x4001);
}

TEST(TurnClientChannel, RefreshedEvery540SecondsForAnHour) {
  TurnClientConfig c = default_config();
  c.requested_lifetime = 3600s;
  Loop loop(c);
  loop.allocate();
  loop.run_until(kStart + 20s);
  loop.client.bind_channel(loop.now, kPeerA);
  loop.run_until(kStart + 3600s);
  auto reqs = loop.server.requests_of(stun::Method::ChannelBind);
  // At 20 s, then every 540 s: 20 + 540 * 6 = 3260 <= 3600.
  ASSERT_EQ(reqs.size(), 7u);
  for (std::size_t i = 0; i < reqs.size(); ++i) {
    EXPECT_EQ(reqs[i].at, kStart + 20s + 540s * static_cast<int>(i)) << i;
    // RFC 5766 11: refresh with the same number and peer.
    EXPECT_EQ(reqs[i].msg.get<stun::ChannelNumber>()->number, 0x4000);
    EXPECT_EQ(reqs[i].msg.get<stun::XorPeerAddress>()->endpoint, kPeerA);
  }
  auto bound = loop.events_of<ChannelBound>();
  ASSERT_EQ(bound.size(), 7u);
  EXPECT_FALSE(bound[0].second.refresh);
  EXPECT_TRUE(bound[1].second.refresh);
  EXPECT_EQ(loop.client.channel(kPeerA), 0x4000);
}

TEST(TurnClientChannel, ChannelBindAlsoRefreshesThePermission) {
  TurnClientConfig c = default_config();
  c.requested_lifetime = 3600s;
  Loop loop(c);
  loop.allocate();
  loop.client.bind_channel(loop.now, kPeerA);
  loop.run_until(kStart + 1000s);
  // The permission the ChannelBind at 0 s installed is refreshed at 240 and
  // 480 s; the ChannelBind refresh at 540 s refreshes it too, so the next
  // CreatePermission is due 240 s after that, at 780 s, not at 720 s.
  auto perms = loop.server.requests_of(stun::Method::CreatePermission);
  EXPECT_EQ(offsets_ms(perms, kStart), (std::vector<std::int64_t>{240000, 480000, 780000}));
  for (const Seen& s : perms)
    EXPECT_EQ(s.msg.get<stun::XorPeerAddress>()->endpoint.address, kPeerA.address);
  // No gap of 300 s without a request that refreshes the permission.
  std::vector<Time> refreshes;
  for (const Seen& s : loop.server.requests)
    if (s.msg.method != method_of(stun::Method::Refresh)) refreshes.push_back(s.at);
  for (std::size_t i = 1; i < refreshes.size(); ++i) EXPECT_LT(refreshes[i] - refreshes[i - 1], 300s);
}

TEST(TurnClientChannel, FailedRefreshFallsBackToSendIndications) {
  Loop loop;
  loop.allocate();
  loop.client.bind_channel(loop.now, kPeerA);
  loop.settle();
  loop.server.error_for[method_of(stun::Method::ChannelBind)] = 400;
  loop.run_until(kStart + 540s);
  ASSERT_EQ(loop.events_of<ChannelBindFailed>().size(), 1u);
  EXPECT_FALSE(loop.client.channel(kPeerA));
  loop.client.send(loop.now, kPeerA, std::vector<std::uint8_t>{9});
  loop.settle();
  EXPECT_EQ(loop.server.indications.size(), 1u);
  EXPECT_TRUE(loop.server.channel_data.empty());
}

TEST(TurnClientChannel, NumbersRunOutAt0x7FFE) {
  // RFC 5766 11.2: a server binds 0x4000 through 0x7FFE only; asking for
  // 0x7FFF would earn a 400.
  ClientChannels channels;
  for (std::uint32_t n = 0x4000; n <= 0x7FFE; ++n) {
    const Endpoint peer{IpAddress::v4(0x0B000000 + n), 1000};
    ASSERT_EQ(channels.reserve(peer), n);
  }
  EXPECT_FALSE(channels.reserve(Endpoint{IpAddress::v4(0x0C000001), 1000}));
  channels.clear();  // a new allocation starts over
  EXPECT_EQ(channels.reserve(kPeerA), 0x4000);
}

TEST(TurnClientChannel, Ipv6PeerAddressesSurviveTheXor) {
  // RFC 5389 15.2: for IPv6 the XOR covers the transaction ID, so the
  // attribute must be encoded with the ID the request finally carries.
  std::array<std::uint8_t, 16> v6{0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x42};
  const Endpoint peer6{IpAddress::v6(v6), 7777};
  Loop loop;
  loop.allocate();
  loop.client.create_permission(loop.now, peer6.address);
  loop.client.bind_channel(loop.now, peer6);
  loop.settle();
  loop.server.channel_data.clear();
  loop.client.send(loop.now, Endpoint{peer6.address, 8888}, std::vector<std::uint8_t>{1, 2});
  loop.settle();
  auto perm = loop.server.requests_of(stun::Method::CreatePermission);
  ASSERT_EQ(perm.size(), 1u);
  EXPECT_EQ(perm[0].msg.get<stun::XorPeerAddress>()->endpoint.address, peer6.address);
  auto bind = loop.server.requests_of(stun::Method::ChannelBind);
  ASSERT_EQ(bind.size(), 1u);
  EXPECT_EQ(bind[0].msg.get<stun::XorPeerAddress>()->endpoint, peer6);
  ASSERT_EQ(loop.server.indications.size(), 1u);
  EXPECT_EQ(loop.server.indications[0].msg.get<stun::XorPeerAddress>()->endpoint,
            (Endpoint{peer6.address, 8888}));
}

}  // namespace
}  // namespace natlab::turn
