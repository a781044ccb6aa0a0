// TurnServer: ChannelData on every bindable channel number, 0x4000-0x7FFE
// (RFC 5766 11), not only those whose first byte is in RFC 7983's 64-79.
#include "tests/turn/server_test_util.h"

namespace natlab::turn::testing {
namespace {

TEST(TurnServerChannelRange, ChannelDataOnHighChannelNumbersIsRelayedBothWays) {
  for (std::uint16_t ch : {std::uint16_t{0x4FFF}, std::uint16_t{0x5000}, std::uint16_t{0x6279},
                           std::uint16_t{0x7CBF}, std::uint16_t{0x7FFE}}) {
    Harness h;
    const Endpoint relayed = h.allocated();
    ASSERT_TRUE(h.channel_bind(ch, kPeer).ok()) << ch;
    h.deliver(stun::encode(stun::ChannelData{ch, {1, 2, 3, 4}}));
    auto out = h.drain();
    ASSERT_EQ(out.size(), 1u) << ch;
    EXPECT_EQ(out[0].remote, kPeer);
    EXPECT_EQ(out[0].bytes, (std::vector<std::uint8_t>{1, 2, 3, 4}));

    h.deliver(std::vector<std::uint8_t>{5, 6}, kPeer, relayed);
    out = h.drain();
    ASSERT_EQ(out.size(), 1u) << ch;
    auto cd = stun::decode_channel_data(out[0].bytes);
    ASSERT_TRUE(cd);
    EXPECT_EQ(cd.frame->channel, ch);
    EXPECT_EQ(h.server.counters().dropped_malformed, 0u);
  }
}

TEST(TurnServerChannelRange, FirstBitsOtherThan00Or01AreMalformed) {
  Harness h;
  h.allocated();
  for (std::uint8_t first : {std::uint8_t{0x80}, std::uint8_t{0xC0}, std::uint8_t{0xFF}}) {
    h.deliver(std::vector<std::uint8_t>{first, 0, 0, 0});
  }
  h.deliver(std::vector<std::uint8_t>{});
  EXPECT_TRUE(h.drain().empty());
  EXPECT_EQ(h.server.counters().dropped_malformed, 4u);
}

}  // namespace
}  // namespace natlab::turn::testing
