// First-byte demultiplexing (RFC 7983 7).
#include <gtest/gtest.h>

#include "agents/stun/channel_data.h"
#include "agents/stun/demux.h"
#include "agents/stun/message.h"
#include "tests/stun/rfc5769_vectors.h"

namespace natlab::stun {
namespace {

PacketKind kind_of_first_byte(unsigned b) {
  const std::uint8_t p[] = {static_cast<std::uint8_t>(b), 0, 0, 0};
  return classify(p);
}

TEST(StunDemux, EveryFirstByte) {
  for (unsigned b = 0; b < 256; ++b) {
    PacketKind want = PacketKind::Unknown;
    if (b <= 3) want = PacketKind::Stun;
    else if (b >= 20 && b <= 63) want = PacketKind::Dtls;
    else if (b >= 64 && b <= 79) want = PacketKind::ChannelData;
    else if (b >= 128 && b <= 191) want = PacketKind::Rtp;
    EXPECT_EQ(kind_of_first_byte(b), want) << b;
  }
}

TEST(StunDemux, Boundaries) {
  EXPECT_EQ(kind_of_first_byte(3), PacketKind::Stun);
  EXPECT_EQ(kind_of_first_byte(4), PacketKind::Unknown);
  EXPECT_EQ(kind_of_first_byte(16), PacketKind::Unknown);  // ZRTP: not carried by natlab
  EXPECT_EQ(kind_of_first_byte(19), PacketKind::Unknown);
  EXPECT_EQ(kind_of_first_byte(20), PacketKind::Dtls);
  EXPECT_EQ(kind_of_first_byte(63), PacketKind::Dtls);
  EXPECT_EQ(kind_of_first_byte(64), PacketKind::ChannelData);
  EXPECT_EQ(kind_of_first_byte(79), PacketKind::ChannelData);
  EXPECT_EQ(kind_of_first_byte(80), PacketKind::Unknown);
  EXPECT_EQ(kind_of_first_byte(127), PacketKind::Unknown);
  EXPECT_EQ(kind_of_first_byte(128), PacketKind::Rtp);
  EXPECT_EQ(kind_of_first_byte(191), PacketKind::Rtp);
  EXPECT_EQ(kind_of_first_byte(192), PacketKind::Unknown);
  EXPECT_EQ(classify({}), PacketKind::Unknown);
}

TEST(StunDemux, RealPackets) {
  EXPECT_EQ(classify(testing::kSampleRequest), PacketKind::Stun);
  EXPECT_EQ(classify(encode(Message{.cls = Class::Error, .method = 0x0FF, .transaction_id = {}, .attributes = {}})),
            PacketKind::Stun);
  // Only methods below 0x100 keep the first byte in 0-3: the range RFC 7983 gives STUN.
  EXPECT_EQ(classify(encode(Message{.cls = Class::Request, .method = 0x100, .transaction_id = {}, .attributes = {}})),
            PacketKind::Unknown);
  EXPECT_EQ(classify(encode(ChannelData{0x4000, {1}})), PacketKind::ChannelData);
  // First byte 0x7F is outside 64-79: channels above 0x4FFF do not demultiplex.
  EXPECT_EQ(classify(encode(ChannelData{0x7FFF, {1}})), PacketKind::Unknown);
  EXPECT_STREQ(to_string(PacketKind::ChannelData), "ChannelData");
}

}  // namespace
}  // namespace natlab::stun
